"""`infradeals eval --sample-warehouse`: the sample newsroom's warehouse scored against its answer key."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from core.errors import UsageError
from core.settings import REPO_ROOT, SAMPLE_SOURCES_FILE
from extractors.deal_truth import TruthDeal, TruthReport, gold_deals, score_deals

MANIFEST = REPO_ROOT / "samples" / "manifest.yml"
# floors: precision, recall, f1 only go up; duplicates and swapped are ceilings that only go down
METRICS = ("precision", "recall", "f1")
CEILINGS = ("duplicates", "swapped")


def build_sample_warehouse(directory: Path) -> Path:
    """The nightly flow over the bundled sample newsroom into `directory`; returns the snapshot's path."""
    from flows.nightly import nightly
    from flows.params import NightlyParams

    db = directory / "sample.duckdb"
    summary = nightly(NightlyParams(sources_file=str(SAMPLE_SOURCES_FILE), db_path=str(db)))
    return Path(summary.snapshot_path)


def score_warehouse(snapshot: Path, manifest: Path = MANIFEST) -> TruthReport:
    import yaml

    from warehouse.summary import deal_rows

    golds = gold_deals(yaml.safe_load(manifest.read_text(encoding="utf-8")))
    return score_deals([TruthDeal(**row) for row in deal_rows(snapshot)], golds)


def below_floors(report: TruthReport, floors: dict[str, float]) -> list[str]:
    lines = [
        f"{m} {getattr(report, m):.4f} < floor {floors[m]:.4f}"
        for m in METRICS
        if getattr(report, m) < floors[m]
    ]
    lines += [
        f"{c} {len(getattr(report, c))} > ceiling {floors[c]:g}"
        for c in CEILINGS
        if len(getattr(report, c)) > floors[c]
    ]
    return lines


def raised(report: TruthReport, floors: dict[str, float]) -> dict[str, float]:
    out = {m: max(floors[m], int(getattr(report, m) * 10_000) / 10_000) for m in METRICS}
    out |= {c: min(floors[c], len(getattr(report, c))) for c in CEILINGS}
    return out


def text(report: TruthReport) -> str:
    head = (
        f"sample warehouse vs samples/manifest.yml: {report.n_rows} deals rows, {report.n_gold} distinct deals, "
        f"{report.matched} matched\nprecision {report.precision:.3f}  recall {report.recall:.3f}  "
        f"F1 {report.f1:.3f}  duplicates {len(report.duplicates)}  swapped roles {len(report.swapped)}"
    )
    parts = [head]
    for name in ("duplicates", "swapped", "missing", "spurious"):
        items = getattr(report, name)
        if items:
            parts.append(f"{name} ({len(items)}):\n" + "\n".join(f"  {i}" for i in items))
    return "\n".join(parts)


def run(args: argparse.Namespace) -> int:
    floors_path: Path = args.sample_floors
    try:
        floors = json.loads(floors_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read sample-warehouse floors {floors_path}: {exc}") from None
    if args.warehouse is not None:
        if not args.warehouse.exists():
            raise UsageError(f"no warehouse at {args.warehouse}")
        report = score_warehouse(args.warehouse)
    else:
        with tempfile.TemporaryDirectory(prefix="infradeals-sample-") as tmp:
            report = score_warehouse(build_sample_warehouse(Path(tmp)))
    print(report.model_dump_json(indent=2) if args.json else text(report))
    if args.write_floors:
        new = raised(report, floors)
        floors_path.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
        print(f"floors written to {floors_path}: {new}", file=sys.stderr)
        return 0
    below = below_floors(report, floors)
    for line in below:
        print(f"below floor: {line}", file=sys.stderr)
    return 1 if below else 0
