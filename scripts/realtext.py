"""Rebuild and check the local real-text corpus (eval/realtext/).

The corpus measures the extractor on text we did not write. Each document is one excerpt of one result of the
`search` tool (corpus `pages`): the labels live in git, in `eval/realtext/set-*.jsonl`, one record per document
(where the excerpt came from, its span and sha256, its gold deals); the texts themselves are never committed and
live under the git-ignored `data/realtext/texts/<id>.txt`.

Workflow:

1. `import --responses DIR` rebuilds the texts. DIR holds JSON files, each the tool's saved answer to one query
   (`{"query": ..., "results": [{"rank", "url", "excerpt"}, ...]}`). For every record whose (query, rank, url) is
   found, it writes `excerpt[span[0]:span[1]]` to `data/realtext/texts/<id>.txt` and checks its sha256.
2. `verify` checks every record: schema and enum values, `is_compute_deal` consistent with the deals, unique ids,
   the text file present with the recorded sha256 and length, and no url from the excluded list (independent
   evaluation pages; compared without scheme and trailing slash). One line per problem, a summary, exit 1 on any.
3. `build [--out data/realtext/corpus.jsonl]` runs verify, then writes the corpus in the dev-set format, ready for
   `infradeals eval --devset data/realtext/corpus.jsonl`.

Standard library only: `python scripts/realtext.py verify|build|import`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from realtext_labels import check_fields  # scripts/ is on sys.path when this file runs

REPO = Path(__file__).resolve().parents[1]
SETS_DIR = REPO / "eval" / "realtext"
TEXTS_DIR = REPO / "data" / "realtext" / "texts"
DEFAULT_OUT = REPO / "data" / "realtext" / "corpus.jsonl"
DEFAULT_EXCLUDED = REPO.parent / "shared" / "reference" / "excluded-urls.txt"


@dataclass
class Record:
    """One line of a set file, with where it came from."""

    source: str
    line: int
    data: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass
class Problems:
    lines: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.lines.append(f"{where}: {message}")


def norm_url(url: str) -> str:
    """The page a url names: without scheme, leading `www.`, query, fragment and trailing slash, lower-cased
    host and path (an `?amp=1` or `#top` copy of an excluded page is the same page)."""
    bare = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.I)
    bare = re.split(r"[?#]", bare, maxsplit=1)[0]
    return re.sub(r"^www\.", "", bare, flags=re.I).rstrip("/").lower()


def load_excluded(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {norm_url(ln) for ln in lines if ln.strip() and not ln.lstrip().startswith("#")}


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_records(sets_dir: Path, problems: Problems) -> list[Record]:
    records: list[Record] = []
    for path in sorted(sets_dir.glob("set-*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.add(f"{path.name}:{lineno}", f"not JSON ({exc.msg})")
                continue
            if not isinstance(data, dict):
                problems.add(f"{path.name}:{lineno}", "not a JSON object")
                continue
            records.append(Record(path.name, lineno, data))
    return records


def check_text(d: dict[str, Any], texts_dir: Path) -> Iterator[str]:
    path = texts_dir / f"{d.get('id')}.txt"
    if not path.is_file():
        yield f"text file {path} is missing (run: python scripts/realtext.py import --responses DIR)"
        return
    if sha256_file(path) != d.get("sha256"):
        yield f"sha256 of {path.name} does not match the record"
    elif len(path.read_text(encoding="utf-8")) != d.get("chars"):
        yield f"{path.name} length differs from chars"


def verify(sets_dir: Path, texts_dir: Path, excluded: set[str]) -> tuple[list[Record], Problems]:
    problems = Problems()
    records = load_records(sets_dir, problems)
    seen: dict[str, str] = {}
    for rec in records:
        d = rec.data
        for msg in check_fields(d):
            problems.add(rec.where, msg)
        rid = str(d.get("id"))
        if rid in seen:
            problems.add(rec.where, f"duplicate id {rid} (first at {seen[rid]})")
        seen.setdefault(rid, rec.where)
        if isinstance(d.get("url"), str) and norm_url(d["url"]) in excluded:
            problems.add(rec.where, "url is on the excluded list: drop this document")
        for msg in check_text(d, texts_dir):
            problems.add(rec.where, msg)
    return records, problems


def run_verify(args: argparse.Namespace) -> tuple[list[Record], bool]:
    """Verify, print one line per problem and a summary; (records, ok)."""
    records, problems = verify(args.sets, args.texts, load_excluded(args.excluded))
    for line in problems.lines:
        print(line)
    positives = sum(
        1 for r in records if isinstance(r.data.get("gold"), dict) and r.data["gold"].get("deals")
    )
    print(f"verify: {len(records)} records ({positives} positive), {len(problems.lines)} problems")
    return records, not problems.lines


def cmd_verify(args: argparse.Namespace) -> int:
    return 0 if run_verify(args)[1] else 1


def cmd_build(args: argparse.Namespace) -> int:
    records, ok = run_verify(args)
    if not ok:
        print("build: verify failed, nothing written", file=sys.stderr)
        return 1
    keys = ("id", "text", "published", "url", "style", "hard_cases", "gold")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for rec in records:
            d = rec.data
            text = (args.texts / f"{d['id']}.txt").read_text(encoding="utf-8")
            doc = {k: text if k == "text" else d[k] for k in keys}
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(f"build: wrote {len(records)} documents to {args.out}")
    return 0


def load_responses(directory: Path) -> dict[tuple[str, int, str], str]:
    """(query, rank, normalised url) -> excerpt, over every saved answer in DIR."""
    index: dict[tuple[str, int, str], str] = {}
    for path in sorted(directory.glob("*.json")):
        answer = json.loads(path.read_text(encoding="utf-8"))
        for result in answer.get("results", []):
            key = (answer["query"], int(result["rank"]), norm_url(result["url"]))
            index[key] = result["excerpt"]
    return index


def cmd_import(args: argparse.Namespace) -> int:
    problems = Problems()
    index = load_responses(args.responses)
    args.texts.mkdir(parents=True, exist_ok=True)
    written = 0
    for rec in load_records(args.sets, problems):
        d = rec.data
        excerpt = index.get((d["query"], d["rank"], norm_url(d["url"])))
        if excerpt is None:
            problems.add(rec.where, f"{d['id']}: no saved answer holds this (query, rank, url)")
            continue
        text = excerpt[d["span"][0] : d["span"][1]]
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != d["sha256"]:
            problems.add(rec.where, f"{d['id']}: sha256 mismatch, the stored page changed; not written")
            continue
        (args.texts / f"{d['id']}.txt").write_text(text, encoding="utf-8")
        written += 1
    for line in problems.lines:
        print(line)
    print(f"import: wrote {written} texts to {args.texts}, {len(problems.lines)} problems")
    return 1 if problems.lines else 0


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--sets", type=Path, default=SETS_DIR, help="folder with set-*.jsonl (eval/realtext)")
    common.add_argument(
        "--texts", type=Path, default=TEXTS_DIR, help="folder of <id>.txt (data/realtext/texts)"
    )
    common.add_argument("--excluded", type=Path, default=DEFAULT_EXCLUDED, help="excluded-urls.txt to check")
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = p.add_subparsers(dest="command", required=True)
    verify_p = sub.add_parser("verify", parents=[common], help="check every record and its text")
    verify_p.set_defaults(func=cmd_verify)
    build = sub.add_parser("build", parents=[common], help="verify, then write the corpus in dev-set format")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help="corpus JSONL to write")
    build.set_defaults(func=cmd_build)
    imp = sub.add_parser("import", parents=[common], help="rebuild the texts from saved search answers")
    imp.add_argument("--responses", type=Path, required=True, metavar="DIR", help="folder of saved answers")
    imp.set_defaults(func=cmd_import)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
