"""kill -9 at each stage of a nightly run (fetch, extract, load, snapshot), then a rerun: the warehouse and the
snapshot are consistent after the kill (each batch whole or absent, the batches committed before the kill kept),
and the rerun ends with exactly the rows of a run that was never killed (in one batch): no row lost, none
doubled. Articles are written in our own words."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.faults import FaultServer, send
from warehouse.checks import run_checks

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
AS_OF = "2026-03-02"
ARTICLES = {
    "/a.html": "OpenAI signed a $3 billion contract with CoreWeave for 200 megawatts of computing capacity.",
    "/b.html": "Microsoft agreed to buy 40,000 Nvidia GB300 chips from Nebius in a $6 billion deal.",
    "/c.html": "Anthropic will rent one gigawatt of Google TPU capacity under a multi-year agreement.",
    "/d.html": "Meta signed a $10 billion cloud contract with Google for servers and storage, Google said.",
    "/e.html": "Oracle agreed to supply 400 megawatts of capacity to xAI in a $5 billion lease.",
    "/f.html": "The council approved a bicycle lane on Main Street after a long debate.",
}
TABLES = ("documents", "document_versions", "facts", "mentions", "deals", "deal_sources")
DEAL_COLUMNS = "deal_id, buyer, seller, deal_type, amount_usd, power_mw"
BATCH = 2

# Each stage's kill: patch one function of the child process so that it SIGKILLs itself midway.
KILL = {
    "fetch": (
        "import crawl.rawstore as m\n"
        "orig = m.RawStore.put\n"
        "def patched(self, data):\n"
        "    n['n'] += 1\n"
        "    if n['n'] == 3: die()\n"
        "    return orig(self, data)\n"
        "m.RawStore.put = patched\n"
    ),
    "extract": (
        "import extractors.nlp.extractor as m\n"
        "orig = m.Extractor.from_doc\n"
        "def patched(self, *a, **k):\n"
        "    n['n'] += 1\n"
        "    if n['n'] == 3: die()\n"
        "    return orig(self, *a, **k)\n"
        "m.Extractor.from_doc = patched\n"
    ),
    "load": (
        "import warehouse.load as m\n"
        "def patched(*a, **k): die()\n"
        "m._rebuild_marts = patched\n"  # raw and staging rows written in the transaction, not committed
    ),
    "snapshot": (
        "import warehouse.snapshot as m, shutil\n"
        "def patched(src, dst):\n"
        "    with open(src, 'rb') as f, open(dst, 'wb') as g: g.write(f.read(4096))\n"
        "    die()\n"
        "m.shutil = type('S', (), {'copyfile': staticmethod(patched)})\n"
    ),
}


def _child(tmp: Path, sources: Path, data: Path, kill: str | None, batch: int = 500) -> int:
    code = (
        "import os, signal, sys\n"
        "n = {'n': 0}\n"
        "def die(): os.kill(os.getpid(), signal.SIGKILL)\n"
        + (KILL[kill] if kill else "")
        + "from infradeals.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INFRADEALS_", "PREFECT_API"))}
    env |= {"INFRADEALS_DATA_DIR": str(data), "PREFECT_HOME": str(tmp / "prefect"), "PYTHONPATH": str(REPO)}
    env["INFRADEALS_LOAD_BATCH"] = str(batch)
    log = tmp / f"run-{kill or 'clean'}.log"
    with open(log, "wb") as out:  # a file, not a pipe: what the child leaves running must not hold us
        proc = subprocess.Popen(
            [sys.executable, "-c", code, "run", "--sources", str(sources), "--as-of", AS_OF],
            cwd=tmp,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            proc.wait(timeout=600)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # whatever the child left behind (a Prefect server)
    if kill is None:
        assert proc.returncode == 0, log.read_text(errors="replace")[-2000:]
    return proc.returncode


def _state(db: Path) -> dict[str, object]:
    with duckdb.connect(str(db), read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]
        deals = con.execute(f"SELECT {DEAL_COLUMNS} FROM deals ORDER BY deal_id").fetchall()
        checks = run_checks(con)
    return {"counts": counts, "deals": deals, "checks": [str(c) for c in checks]}


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A small feed on 127.0.0.1 and the state of a run that was never killed."""
    tmp = tmp_path_factory.mktemp("newsroom")
    server = FaultServer()
    server.__enter__()
    for path, text in ARTICLES.items():
        html = f"<html><head><title>{path}</title></head><body><article><p>{text}</p></article></body></html>"
        server.routes[path] = send(200, html.encode())
    items = "".join(f"<item><title>{p}</title><link>{server.url(p)}</link></item>" for p in ARTICLES)
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>n</title>{items}</channel></rss>'
    server.routes["/feed.xml"] = send(200, rss.encode(), "application/rss+xml")
    sources = tmp / "sources.yml"
    sources.write_text(
        f"sources:\n  - name: wire\n    kind: rss\n    url: {server.url('/feed.xml')}\n    rps: 100\n"
        f"    allow_hosts: ['127.0.0.1:{server.port}']\n",
        encoding="utf-8",
    )
    _child(tmp, sources, tmp / "clean", None)
    clean = _state(tmp / "clean" / "infradeals.duckdb")
    assert clean["checks"] == [] and clean["deals"], clean
    yield sources, clean
    server.__exit__()


@pytest.mark.parametrize("stage", list(KILL))
def test_a_kill_at_any_stage_loses_nothing_and_doubles_nothing(
    stage: str, newsroom: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    sources, clean = newsroom
    data = tmp_path / "data"
    db, snapshot = data / "infradeals.duckdb", data / "infradeals.read.duckdb"
    # batches of two items: the kill comes in the second batch (fetch, extract) or in the first load / snapshot
    assert _child(tmp_path, sources, data, stage, batch=BATCH) == -signal.SIGKILL

    assert db.exists()  # the migrations committed before anything was loaded
    after_kill = _state(db)
    assert after_kill["checks"] == []  # whatever was committed is whole and passes every data check
    committed = after_kill["counts"]["documents"]  # type: ignore[index]
    # the first batch was committed before a kill in the second batch's fetch or extract, or in the first
    # snapshot copy; a kill inside the first load leaves nothing of it
    assert committed == {"fetch": BATCH, "extract": BATCH, "load": 0, "snapshot": BATCH}[stage]
    if snapshot.exists():
        assert _state(snapshot)["checks"] == []
    assert stage != "snapshot" or not snapshot.exists()  # a half-copied snapshot is never published

    _child(tmp_path, sources, data, None)
    assert _state(db) == clean
    assert _state(snapshot) == clean
    leftovers = [p.name for p in data.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == [], leftovers
