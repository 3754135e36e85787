"""`infradeals extract`: the extraction contract, one JSON line out per JSONL line in."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.records import ExtractInput
    from extractors.nlp import Extractor

HELP = "extract compute deals from JSONL documents: one JSON line per input line (the scoring contract)"
DESCRIPTION = """Read JSONL, one document a line: {"id": str, "text": str, "published": "YYYY-MM-DD" or null,
"url": str or null}. Write one JSON line per input line, in order:
{"id", "is_compute_deal", "score", "deals": [{"buyer", "seller", "parties", "deal_type", "status",
"amount_usd", "amount_qualifier", "power_mw", "power_qualifier", "chips", "evidence", "confidence"}]}.
Names are canonical (AWS -> Amazon, the ChatGPT maker -> OpenAI); amounts are plain USD; power is MW.
Input is streamed: memory stays flat however long the file. An empty or malformed line is answered in place,
{"id", "error": "line N: ...", "is_compute_deal": false, "score": 0.0, "deals": []}, so that the output keeps
one line per input line; the run goes on and exits 1 with a one-line summary of the bad lines.

examples:
  infradeals extract docs.jsonl > extractions.jsonl
  echo '{"id": "1", "text": "AMD will supply 6 GW of GPUs to OpenAI.", "published": null, "url": null}' \\
    | infradeals extract -
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default="-", metavar="PATH", help="JSONL file, or '-' for stdin")
    parser.add_argument("--batch-size", type=int, default=32, metavar="N", help="documents per spaCy batch")


Answer = dict[str, object]


def parse_line(n: int, line: str) -> ExtractInput | Answer:
    """One input line as an ExtractInput, or the error answer that takes its place in the output."""
    import json

    from pydantic import ValidationError

    from core.records import ExtractInput

    ident: object = None
    try:
        if not line.strip():
            raise ValueError(f"line {n}: empty line")
        data = json.loads(line)
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            ident = data["id"]
        return ExtractInput.model_validate(data)
    except json.JSONDecodeError as exc:
        reason = f"line {n}: not valid JSON ({exc.msg})"
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "line"
        reason = f"line {n}: {where}: {first['msg']}"
    except ValueError as exc:
        reason = str(exc)
    return {"id": ident, "error": reason, "is_compute_deal": False, "score": 0.0, "deals": []}


def answers(stream: Iterable[str], extractor: Extractor, batch_size: int) -> Iterator[Answer]:
    """One answer per input line, in order; a bad line is answered in place with its error (streamed by batch)."""

    chunk: list[ExtractInput | Answer] = []
    for n, line in enumerate(stream, start=1):
        chunk.append(parse_line(n, line))
        if len(chunk) >= batch_size:
            yield from _answer(chunk, extractor, batch_size)
            chunk = []
    yield from _answer(chunk, extractor, batch_size)


def _answer(chunk: list[ExtractInput | Answer], extractor: Extractor, batch_size: int) -> Iterator[Answer]:
    good = [c for c in chunk if not isinstance(c, dict)]
    results = iter(extractor.extract_many(good, batch_size=batch_size))
    for c in chunk:
        yield c if isinstance(c, dict) else next(results).contract()


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
    errors: list[str] = []
    try:
        extractor = Extractor(get_settings().spacy_model)
        for answer in answers(stream, extractor, args.batch_size):
            if "error" in answer:
                errors.append(str(answer["error"]))
            sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    finally:
        if stream is not sys.stdin:
            stream.close()
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InputLineError(
            f"{len(errors)} bad input line(s), answered in place with an error: {errors[0]}{more}"
        )
    return 0
