"""`infradeals eval`: extraction quality on the labelled development set, against pinned floors."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from core.settings import REPO_ROOT

if TYPE_CHECKING:
    from core.records import DealMention, DocumentExtraction
    from extractors.evaluate import DealExtractor, DevDocument, EvalReport
    from extractors.floors import Floors, Shortfall

HELP = "score the extractor on the development set: precision / recall / F1 per field, checked against floors"
DESCRIPTION = """Run the extractor over the labelled development set (eval/devset.jsonl) and print
precision, recall and F1 for document relevance, amount, power, chips, counterparty pair, roles and whole deal
(the matching rules are in eval/README.md). Exit 1 if any figure is below its floor in eval/floors.json,
naming each one.

--baseline adds, side by side, the same figures for the obvious approach: plain spaCy NER, the first two ORG
entities of each sentence holding a MONEY or MW/GW figure as buyer and seller.
--write-floors raises each floor to the current figure (rounded down to 4 decimals); floors never go down.
--show-errors lists, per document, gold and predicted deals wherever they differ.
--sample-warehouse builds the sample newsroom's warehouse (the nightly flow, in a temporary directory) and
scores its consolidated deals against samples/manifest.yml: precision, recall, F1, duplicates and swapped
roles, against eval/sample-floors.json (--warehouse PATH scores an existing warehouse instead).

examples:
  infradeals eval
  infradeals eval --baseline
  infradeals eval --json > eval-report.json
  infradeals eval --sample-warehouse
"""

DEFAULT_DEVSET = REPO_ROOT / "eval" / "devset.jsonl"
DEFAULT_FLOORS = REPO_ROOT / "eval" / "floors.json"
SAMPLE_FLOORS = REPO_ROOT / "eval" / "sample-floors.json"
_LABELS = {
    "document_relevance": "document relevance",
    "amount": "amount",
    "power": "power",
    "chips": "chips",
    "counterparty_pair": "counterparty pair",
    "roles": "roles",
    "whole_deal": "whole deal",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET, metavar="PATH", help="labelled JSONL")
    parser.add_argument("--floors", type=Path, default=DEFAULT_FLOORS, metavar="PATH", help="floors JSON")
    parser.add_argument("--baseline", action="store_true", help="also score the plain-NER baseline")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--write-floors", action="store_true", help="raise the floors to the current figures")
    parser.add_argument(
        "--show-errors", action="store_true", help="list the documents our extractor gets wrong"
    )
    parser.add_argument(
        "--sample-warehouse",
        action="store_true",
        help="build the sample newsroom's warehouse and score its deals against samples/manifest.yml",
    )
    parser.add_argument(
        "--warehouse", type=Path, metavar="PATH", help="with --sample-warehouse: score this warehouse file"
    )
    parser.add_argument(
        "--sample-floors", type=Path, default=SAMPLE_FLOORS, metavar="PATH", help=argparse.SUPPRESS
    )


def _read(path: Path, what: str) -> str:
    from core.errors import UsageError

    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc


def _ours(model: str) -> DealExtractor:
    from core.errors import InfradealsError

    try:
        from extractors.nlp import Extractor
    except ImportError as exc:
        raise InfradealsError(f"the extractor (extractors.nlp.Extractor) cannot be imported: {exc}") from exc
    return Extractor(model)


def _load(devset: Path) -> list[DevDocument]:
    from extractors.evaluate import parse_devset

    return parse_devset(_read(devset, "devset"))


def _deal_line(tag: str, d: DealMention) -> str:
    chips = f" chips={d.chips.count} {d.chips.type}" if d.chips is not None and d.chips.count else ""
    return f"  {tag} {d.buyer} -> {d.seller}  amount={d.amount_usd} power={d.power_mw}{chips}"


def _errors(docs: list[DevDocument], preds: dict[str, DocumentExtraction]) -> list[str]:
    from extractors.evaluate import score_document

    lines: list[str] = []
    for doc in docs:
        pred = preds[doc.id]
        whole = score_document(doc.gold, pred)["whole_deal"]
        if whole.tp == whole.n_pred == whole.n_gold and pred.is_compute_deal == doc.gold.is_compute_deal:
            continue
        lines.append(
            f"{doc.id} ({doc.style}) relevant gold={doc.gold.is_compute_deal} ours={pred.is_compute_deal}"
            f" whole deals matched {whole.tp}, predicted {whole.n_pred}, gold {whole.n_gold}"
        )
        lines += [_deal_line("gold", d) for d in doc.gold.deals] + [_deal_line("ours", d) for d in pred.deals]
    return lines


def _table(reports: dict[str, EvalReport]) -> str:
    groups = list(reports)
    width = max(len(v) for v in _LABELS.values())
    lines = [
        " " * width + "".join(f"   {g:<20}" for g in groups),
        f"{'field':<{width}}" + "".join(f"   {'P':>6} {'R':>6} {'F1':>6}" for _ in groups) + f"{'gold':>8}",
    ]
    for field, label in _LABELS.items():
        cells = [reports[g].fields[field] for g in groups]
        row = "".join(f"   {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}" for c in cells)
        lines.append(f"{label:<{width}}{row}{cells[0].n_gold:>8}")
    return "\n".join(lines)


def _floor_lines(below: list[Shortfall], floors_path: Path) -> list[str]:
    if not below:
        return [f"all figures at or above the floors in {floors_path}"]
    return [f"BELOW FLOOR: {b.field} {b.metric} {b.value:.4f} < {b.floor:.4f}" for b in below]


def _write_floors(path: Path, old: Floors, new: Floors) -> list[str]:
    import json

    path.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
    return [
        f"floor raised: {f} {m} {old[f][m]:.4f} -> {new[f][m]:.4f}"
        for f in new
        for m in new[f]
        if new[f][m] > old[f][m]
    ]


def run(args: argparse.Namespace) -> int:
    import json

    if args.sample_warehouse:
        from infradeals.commands import _sample_truth

        return _sample_truth.run(args)

    from core.errors import UsageError
    from core.settings import get_settings
    from extractors.floors import parse_floors, raised_floors, shortfalls

    try:
        floors = parse_floors(_read(args.floors, "floors"))
    except ValueError as exc:
        raise UsageError(f"bad floors file {args.floors}: {exc}") from exc
    from extractors.evaluate import predict, score

    model = get_settings().spacy_model
    docs = _load(args.devset)
    preds = predict(_ours(model), docs)
    reports = {"ours": score(docs, preds)}
    if args.baseline:
        from extractors.baseline import BaselineExtractor

        reports["baseline"] = score(docs, predict(BaselineExtractor(model), docs))
    notes: list[str] = []
    if args.write_floors:
        new = raised_floors(reports["ours"], floors)
        notes = _write_floors(args.floors, floors, new)
        floors = new
    below = shortfalls(reports["ours"], floors)
    if args.json:
        out = {name: r.model_dump(mode="json") for name, r in reports.items()}
        payload = {"devset": str(args.devset), **out, "below_floor": [b.model_dump() for b in below]}
        print(json.dumps(payload, indent=2))
    else:
        n = reports["ours"].n_documents
        print(f"infradeals eval: {n} documents from {args.devset}")
        print(_table(reports))
        print("\n".join([*notes, *_floor_lines(below, args.floors)]))
    if args.show_errors:
        print("\n".join(_errors(docs, preds)))
    return 1 if below else 0
