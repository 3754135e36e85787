"""`infradeals parse`: the parser's contract, one JSON line per file."""

from __future__ import annotations

import argparse

HELP = "parse HTML or plain-text filing files: title, published date, canonical URL, main text (JSON lines)"
DESCRIPTION = """Parse saved pages the way the pipeline does and print one JSON object per file:
{"file", "title", "published", "canonical_url", "text"}. The text is the article body only (navigation,
related links, comments, newsletter boxes and footers left out), paragraphs separated by blank lines.
Files ending in .txt are read as plain-text filings (the date comes from FILED AS OF DATE).
A file that cannot be read or parsed prints {"file", "error"}; the others go on. Exit 1 if any failed.

examples:
  infradeals parse saved/article.html
  infradeals parse samples/newsroom/snapshots/2026-06-01/dcledger.example/news/*/*/*/*.html
  curl -s https://example.com/story | infradeals parse - --url https://example.com/story
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="HTML or .txt files ('-' reads standard input)"
    )
    parser.add_argument(
        "--url", metavar="URL", help="the page's address, to resolve a relative canonical link"
    )


def _content_type(name: str) -> str:
    return "text/plain" if name.lower().endswith(".txt") else "text/html"


def parse_one(name: str, url: str | None) -> dict[str, object]:
    """One file's JSON object (or its error)."""
    import sys
    from pathlib import Path

    from core.errors import ParseError
    from parsers.html import parse_html

    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        return {"file": name, "error": f"cannot read: {exc.strerror or exc}"}
    try:
        doc = parse_html(data, url, _content_type(name))
    except ParseError as exc:
        return {"file": name, "error": str(exc)}
    return {
        "file": name,
        **doc.model_dump(mode="json", include={"title", "published", "canonical_url", "text"}),
    }


def run(args: argparse.Namespace) -> int:
    import json

    failed = 0
    for name in args.files:
        row = parse_one(name, args.url)
        failed += "error" in row
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return 1 if failed else 0
