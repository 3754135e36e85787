"""One module per CLI subcommand (see infradeals.cli)."""
