"""The core every layer may use: records, errors, settings, ids."""
