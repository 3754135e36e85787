"""`infradeals capacity`: what a MW, chip or USD figure buys, as low / mid / high with the path taken."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import TYPE_CHECKING

from core.errors import UsageError

if TYPE_CHECKING:
    from analytics.capacity.model import CapacityEstimate, CapacityQuery

HELP = "accelerators, H100e and tokens/s for a MW, chip or USD figure"
DESCRIPTION = """Estimate what a deal's figure buys: facility and IT power, accelerators by type,
H100-equivalents and output tokens/s for a dense reference model (70B parameters by default), each as
low / mid / high, with the path taken and its sources. Figures come from analytics/data/hardware.csv and
capacity_assumptions.yml.

Give one figure: --mw (facility power unless --basis it), --chips (accelerators, or units of a system such as
'GB200 NVL72'), or --usd (capital spending, or a compute contract when --term-years is given).
Hardware: --hardware NAME, else the default family of --supplier NAME, else a stated mixed fleet.

examples:
  infradeals capacity --chips 100000 --hardware H100
  infradeals capacity --mw 750 --supplier Cerebras --json
  infradeals capacity --mw 1000 --basis it --hardware GB200
  infradeals capacity --usd 10e9 --hardware GB200
  infradeals capacity --usd 10e9 --term-years 5 --hardware GB200
  infradeals capacity --chips 1000000 --supplier Google --model-params 8e9
"""


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a positive, finite number: {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    figure = parser.add_mutually_exclusive_group(required=True)
    figure.add_argument("--mw", type=_positive, metavar="N", help="power in megawatts")
    figure.add_argument("--chips", type=_positive, metavar="N", help="accelerators (or units of a system)")
    figure.add_argument(
        "--usd", type=_positive, metavar="N", help="US dollars (capex; a contract with --term-years)"
    )
    parser.add_argument("--basis", choices=["facility", "it"], help="what --mw measures (default: facility)")
    parser.add_argument(
        "--term-years", type=_positive, metavar="N", help="contract term: reads --usd as a contract"
    )
    parser.add_argument(
        "--hardware", metavar="NAME", help="a catalogue name or alias (H100, GB200 NVL72, TPU7x...)"
    )
    parser.add_argument(
        "--supplier", metavar="NAME", help="the seller, for its default family (Nvidia, AMD...)"
    )
    parser.add_argument(
        "--model-params",
        type=_positive,
        default=70e9,
        metavar="N",
        help="reference dense model size (default 70e9)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")


def query_from_args(args: argparse.Namespace) -> CapacityQuery:
    from analytics.capacity.model import CapacityQuery

    if args.basis and args.mw is None:
        raise UsageError("--basis applies to --mw only")
    if args.term_years and args.usd is None:
        raise UsageError("--term-years applies to --usd only")
    common = {
        "hardware": args.hardware,
        "strict_hardware": bool(args.hardware),
        "suppliers": [args.supplier] if args.supplier else [],
        "model_params": args.model_params,
    }
    if args.mw is not None:
        kind = "it_mw" if args.basis == "it" else "facility_mw"
        return CapacityQuery(kind=kind, value=args.mw, basis_stated=args.basis is not None, **common)
    if args.chips is not None:
        return CapacityQuery(kind="chips", value=args.chips, **common)
    kind = "usd_contract" if args.term_years else "usd_capex"
    return CapacityQuery(kind=kind, value=args.usd, term_years=args.term_years, **common)


def _table(est: CapacityEstimate) -> str:
    from analytics.capacity.ranges import Range, fmt

    rows: list[tuple[str, Range | None]] = [
        ("facility MW", est.facility_mw),
        ("IT MW", est.it_mw),
        ("accelerators", est.accelerators),
        *(
            (f"  {name}", r)
            for name, r in est.accelerators_by_type.items()
            if len(est.accelerators_by_type) > 1
        ),
        ("H100e", est.h100e),
        ("tokens/s", est.tokens_per_s),
    ]
    cells = [(label, *((fmt(v) for v in r.triple()) if r else ("-", "-", "-"))) for label, r in rows]
    widths = [max(len(str(c[i])) for c in [("", "low", "mid", "high"), *cells]) for i in range(4)]
    lines = [f"hardware: {est.hardware}", f"tokens/s method: {est.throughput_method or '-'}"]
    if est.up_to:
        lines.append("an 'up to' figure: a ceiling")
    for cell in [("", "low", "mid", "high"), *cells]:
        lines.append(
            "  ".join(
                [
                    cell[0].ljust(widths[0]),
                    *(str(c).rjust(w) for c, w in zip(cell[1:], widths[1:], strict=True)),
                ]
            )
        )
    lines.append("basis:")
    lines.extend(f"  - {step}" for step in est.basis)
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from analytics.capacity.model import estimate

    est = estimate(query_from_args(args))
    if args.json:
        sys.stdout.write(json.dumps(est.to_json(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(_table(est))
    return 0
