"""The `infradeals` console command: one subcommand per module in infradeals/commands/.

Each command module defines HELP (one line), DESCRIPTION (optional, longer), add_arguments(parser) and run(args) -> int.
Command modules import heavy libraries (prefect, spacy, duckdb, polars) inside run(), so --help stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from core.errors import InfradealsError
from core.settings import quiet_environment
from infradeals import __version__

COMMANDS: tuple[str, ...] = (
    "run",
    "backfill",
    "parse",
    "extract",
    "eval",
    "reextract",
    "migrate",
    "sql",
    "export",
    "capacity",
    "digest",
)


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit 2, without the usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"infradeals.commands.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"infradeals.commands.{name}":
            return None
        raise


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="infradeals",
        description=(
            "Turn AI-infrastructure news into a DuckDB warehouse of compute deals, "
            "every figure traced to its source sentence."
        ),
        epilog="Run 'infradeals COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"infradeals {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for name in COMMANDS:
        module = _load(name)
        if module is None:
            continue
        p = sub.add_parser(
            name,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    quiet_environment()
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "_run", None) is None:
        parser.print_help()
        return 2
    try:
        code: int = args._run(args)
    except InfradealsError as exc:
        print(f"infradeals {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"infradeals {args.command}: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
