"""`infradeals extract`: the extraction contract, one JSON line out per JSONL line in."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import IO

HELP = "extract compute deals from JSONL documents: one JSON line per input line (the scoring contract)"
DESCRIPTION = """Read JSONL, one document a line: {"id": str, "text": str, "published": "YYYY-MM-DD" or null,
"url": str or null}. Write one JSON line per input line, in order:
{"id", "is_compute_deal", "score", "deals": [{"buyer", "seller", "parties", "deal_type", "status",
"amount_usd", "amount_qualifier", "power_mw", "power_qualifier", "chips", "evidence", "confidence"}]}.
Names are canonical (AWS -> Amazon, the ChatGPT maker -> OpenAI); amounts are plain USD; power is MW.
Input is streamed: memory stays flat however long the file. A malformed line stops the run with a one-line
error naming its line number (exit 1), after the lines before it have been written.

examples:
  infradeals extract docs.jsonl > extractions.jsonl
  echo '{"id": "1", "text": "AMD will supply 6 GW of GPUs to OpenAI.", "published": null, "url": null}' \\
    | infradeals extract -
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default="-", metavar="PATH", help="JSONL file, or '-' for stdin")
    parser.add_argument("--batch-size", type=int, default=32, metavar="N", help="documents per spaCy batch")


class LineReader:
    """Parses input lines into ExtractInput, stopping at the first malformed line and remembering why."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.error: str | None = None

    def __iter__(self) -> Iterator[object]:
        import json

        from pydantic import ValidationError

        from core.records import ExtractInput

        for n, line in enumerate(self.stream, start=1):
            if not line.strip():
                continue
            try:
                yield ExtractInput.model_validate(json.loads(line))
            except json.JSONDecodeError as exc:
                self.error = f"line {n}: not valid JSON ({exc.msg})"
                return
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or "line"
                self.error = f"line {n}: {where}: {first['msg']}"
                return


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from core.errors import InputLineError, UsageError
    from core.settings import get_settings
    from extractors.nlp import Extractor

    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    try:
        stream = sys.stdin if args.path == "-" else open(args.path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"cannot read {args.path}: {exc.strerror or exc}") from exc
    try:
        reader = LineReader(stream)
        extractor = Extractor(get_settings().spacy_model)
        for result in extractor.extract_many(reader, batch_size=args.batch_size):  # type: ignore[arg-type]
            sys.stdout.write(json.dumps(result.contract(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    finally:
        if stream is not sys.stdin:
            stream.close()
    if reader.error is not None:
        raise InputLineError(reader.error)
    return 0
