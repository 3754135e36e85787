"""`make bench`: the obvious pipeline and ours side by side on the same inputs, a table of figures and ratios,
and `bench/results.json`.

Stages: HTML to text, NLP and end to end on generated realistic pages (bench.pages; `--n`, `--pages-dir` for a
folder of real pages), the marts over synthetic deals (bench.marts; `--deals`), the streaming memory of
`infradeals extract`, and the nightly flow's wall time on the sample newsroom. Each figure is printed beside its
target where the issue sets one; the command exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# name: (target, "min" = at least / "max" = at most)
TARGETS = {
    "parse_speedup_vs_bs4": (5.0, "min"),
    "speedup_vs_obvious": (20.0, "min"),  # end to end, docs/s per core
    "marts_vs_bare_polars": (1.5, "max"),
    "marts_1m_deals_s": (0.5, "max"),
    "load_vs_arrow": (0.8, "min"),
    "extract_rss_ratio_1000_vs_100": (1.25, "max"),  # streaming keeps memory flat
    "nightly_first_run_s": (240.0, "max"),  # sample newsroom, includes Prefect's ephemeral server start
}


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _devset_lines(n: int) -> list[str]:
    text = (ROOT / "eval/devset.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines()]
    out = []
    for i in range(n):
        r = rows[i % len(rows)]
        out.append(
            json.dumps({"id": f"b{i}", "text": r["text"], "published": r.get("published"), "url": None})
        )
    return out


def _extract_run(n: int) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of `infradeals extract` over n documents, in a fresh process."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        fh.write("\n".join(_devset_lines(n)) + "\n")
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        f"subprocess.run([{str(Path(sys.executable).parent / 'infradeals')!r}, 'extract', {fh.name!r}],"
        " stdout=subprocess.DEVNULL, check=True)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    os.unlink(fh.name)
    return float(out[0]), float(out[1])


def bench_nightly() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "INFRADEALS_DATA_DIR": tmp, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        cmd = [str(Path(sys.executable).parent / "infradeals"), "run", "--as-of", "2026-06-01"]
        times = []
        for _ in range(2):
            start = time.perf_counter()
            subprocess.run(cmd, env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
    return times[0], times[1]


def _pages(args: argparse.Namespace) -> list[bytes]:
    from bench.pages import realistic_pages

    pages = realistic_pages(args.n)
    if args.pages_dir:
        pages += [p.read_bytes() for p in sorted(Path(args.pages_dir).rglob("*.htm*"))]
    return pages


def measure(args: argparse.Namespace) -> tuple[dict[str, float], dict[str, float]]:
    """(figures with targets, other figures)."""
    from bench.marts import bench_marts
    from bench.stages import bench_end_to_end, bench_parse
    from core.settings import Settings

    pages = _pages(args)
    parse, _ = bench_parse(pages)
    rss = {"peak_rss_mb_parse": _peak_rss_mb()}
    e2e, nlp = bench_end_to_end(pages[: args.n_e2e], Settings().spacy_model)
    rss["peak_rss_mb_end_to_end"] = _peak_rss_mb()
    marts = bench_marts(args.deals)
    from bench.load import bench_load

    load = bench_load()
    rss["peak_rss_mb_marts"] = _peak_rss_mb()
    t100, rss100 = _extract_run(100)
    t1000, rss1000 = _extract_run(1000)
    first, second = bench_nightly()
    targeted = {
        "parse_speedup_vs_bs4": parse.ratio,
        "speedup_vs_obvious": e2e.ratio,
        "marts_vs_bare_polars": marts["marts_vs_bare_polars"],
        "load_vs_arrow": load["load_vs_arrow"],
        "marts_1m_deals_s": marts["marts_s"] * 1_000_000 / args.deals,
        "extract_rss_ratio_1000_vs_100": rss1000 / rss100,
        "nightly_first_run_s": first,
    }
    other = {
        "pages": float(len(pages)),
        "parse_docs_per_s_bs4": parse.obvious_docs_per_s,
        "parse_docs_per_s": parse.ours_docs_per_s,
        "end_to_end_docs": float(e2e.docs),
        "end_to_end_docs_per_s_obvious": e2e.obvious_docs_per_s,
        "end_to_end_docs_per_s": e2e.ours_docs_per_s,
        **nlp,
        **marts,
        "extract_docs_per_s": 900 / max(t1000 - t100, 1e-9),
        "peak_rss_mb_extract_1000": rss1000,
        "nightly_second_run_s": second,
        **rss,
    }
    return targeted, other


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="generated pages for the parse stage")
    parser.add_argument("--n-e2e", type=int, default=200, help="pages run end to end (full NLP is slow)")
    parser.add_argument("--deals", type=int, default=1_000_000, help="synthetic deals for the marts")
    parser.add_argument("--pages-dir", default=None, help="a folder of real HTML pages to add")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    args = parser.parse_args(argv)
    targeted, other = measure(args)
    missed = 0
    print(f"{'figure':<36}{'value':>14}{'target':>10}  ok")
    for name, value in targeted.items():
        target, kind = TARGETS[name]
        ok = value >= target if kind == "min" else value <= target
        missed += not ok
        bound = (">=" if kind == "min" else "<=") + format(target, "g")
        print(f"{name:<36}{value:>14.2f}{bound:>10}  {'yes' if ok else 'NO'}")
    for name, value in other.items():
        print(f"{name:<36}{value:>14.2f}")
    hardware = {"cpus": os.cpu_count(), "machine": platform.machine(), "python": platform.python_version()}
    Path(args.out).write_text(json.dumps({**targeted, **other, "hardware": hardware}, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
