"""The extractor version, recorded on every fact. Bump it whenever a rule, pattern or data file changes."""

EXTRACTOR_VERSION = "0.2.1"
