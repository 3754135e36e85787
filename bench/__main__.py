"""`make bench`: parse and extract throughput, streaming memory of `infradeals extract`, nightly wall times.

Each figure is printed beside its target; the command exits 1 when a target is missed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# name: (target, "min" = at least / "max" = at most)
TARGETS = {
    "parse_docs_per_s": (50.0, "min"),
    "extract_docs_per_s": (10.0, "min"),  # one core
    "extract_rss_ratio_1000_vs_100": (1.25, "max"),  # streaming keeps memory flat
    "nightly_first_run_s": (240.0, "max"),  # sample newsroom, includes Prefect's ephemeral server start
}


def bench_parse() -> float:
    from parsers.html import parse_html

    pages = [p for p in (ROOT / "samples/newsroom/snapshots").rglob("*.html") if "/blog/page" not in str(p)]
    blobs = [p.read_bytes() for p in pages]
    start = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        for blob in blobs:
            parse_html(blob, None, "text/html")
    return rounds * len(blobs) / (time.perf_counter() - start)


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


def main() -> int:
    figures: dict[str, float] = {}
    figures["parse_docs_per_s"] = bench_parse()
    t100, rss100 = _extract_run(100)
    t1000, rss1000 = _extract_run(1000)
    figures["extract_docs_per_s"] = 900 / max(t1000 - t100, 1e-9)
    figures["extract_rss_ratio_1000_vs_100"] = rss1000 / rss100
    first, second = bench_nightly()
    figures["nightly_first_run_s"] = first
    print(f"extract peak RSS: 100 docs {rss100:.0f} MiB, 1,000 docs {rss1000:.0f} MiB")
    print(f"nightly on the sample newsroom: first run {first:.1f} s, second (nothing new) {second:.1f} s")
    missed = 0
    print(f"{'figure':<34}{'value':>10}{'target':>10}  ok")
    for name, value in figures.items():
        target, kind = TARGETS[name]
        ok = value >= target if kind == "min" else value <= target
        missed += not ok
        print(f"{name:<34}{value:>10.2f}{target:>10.2f}  {'yes' if ok else 'NO'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
