"""The exception hierarchy. Every error a user can cause says what to do, in one line."""


class InfradealsError(Exception):
    """Base class. `exit_code` is what the CLI exits with when this reaches it."""

    exit_code = 1


class UsageError(InfradealsError):
    """Bad command-line input: a missing file, an invalid option value."""

    exit_code = 2


class ConfigError(InfradealsError):
    """A sources file or settings value that cannot be used."""

    exit_code = 2


class SourceError(InfradealsError):
    """A source broke its contract (unreachable feed, fewer items than its minimum)."""


class FetchError(InfradealsError):
    """One document could not be fetched."""


class ParseError(InfradealsError):
    """One document could not be parsed."""


class InputLineError(InfradealsError):
    """A malformed line in JSONL input; the message names the line number."""


class WarehouseError(InfradealsError):
    """The DuckDB warehouse refused an operation (SQL error, lock, failed check)."""


class UnknownHardwareError(InfradealsError):
    """A hardware name the capacity catalogue does not know."""

    exit_code = 2
