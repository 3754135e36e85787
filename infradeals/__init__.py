"""infradeals: AI-infrastructure deal news turned into a DuckDB warehouse of deals."""

__version__ = "0.1.0"
