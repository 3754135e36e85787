"""The nightly run over a hostile web: a fault-injection server whose feed leads to every fault we know, with
good deal articles among them. The run completes, each fault is recorded with its reason, the good articles
load, nothing forbidden is contacted, peak memory stays bounded, and a second run after the faults heal fetches
what failed without changing what is stored. Pages are written in our own words."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import duckdb
import pytest

from tests.faults import FaultServer, Route, big, drip, redirect, send

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
MAX_RSS_MB = 1500

GOOD = {
    "/news/good-1.html": "OpenAI signed a $3 billion contract with CoreWeave for 200 megawatts of computing "
    "capacity over five years, the companies said on Tuesday.",
    "/news/good-2.html": "Microsoft agreed to buy 40,000 Nvidia GB300 chips from Nebius in a $6 billion deal "
    "for a new data centre in New Jersey, Nebius said.",
    "/news/good-3.html": "Anthropic will rent one gigawatt of Google TPU capacity under an agreement worth tens "
    "of billions of dollars, Google said on Thursday.",
}
CP1252 = (
    "<html><head><title>Lambda deal</title></head><body><article><p>Lambda said it will provide Anthropic "
    "with 10,000 GPUs in a deal worth $500 million \u2014 \u2018a step change\u2019 for the caf\u00e9-sized "
    "start-up, its chief executive said.</p></article></body></html>"
)
ABSURD = (
    "xAI said it signed a $-5 billion agreement with Oracle for 999,999 GW of computing capacity. "
    "Fabrikam agreed to buy 0 MW of capacity from CoreWeave for $2 billion."
)


def _page(text: str) -> bytes:
    return (
        f"<html><head><title>Deal</title></head><body><article><p>{text}</p></article></body></html>".encode()
    )


def _bomb(expanded: int) -> Route:
    """Gzip of `expanded` spaces, built in chunks (small in memory)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * (1 << 20)
    parts = [z.compress(block) for _ in range(expanded >> 20)]
    body = b"".join(parts) + z.flush()
    return send(200, body, Content_Encoding="gzip")


def _then(first: Route, later: Route) -> Route:
    calls = {"n": 0}

    def route(h: BaseHTTPRequestHandler) -> None:
        calls["n"] += 1
        (first if calls["n"] == 1 else later)(h)

    return route


def _truncated(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.send_header("Connection", "close")
    h.end_headers()
    h.wfile.write(b"<html><body><p>cut short")
    h.close_connection = True


def _routes(admin_url: str) -> dict[str, Route]:
    deep = b"<html><body>" + b"<div>" * 100_000 + b"<p>deep</p>" + b"</div>" * 100_000 + b"</body></html>"
    one_line = b"<html><body><p>" + b"compute capacity " * 200_000 + b"</p></body></html>"
    routes: dict[str, Route] = {path: send(200, _page(text)) for path, text in GOOD.items()}
    routes |= {
        "/robots.txt": send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain"),
        "/private/secret.html": send(200, _page(GOOD["/news/good-1.html"])),
        "/deep.html": send(200, deep),
        "/one-line.html": send(200, one_line),
        "/bomb.html": _bomb(256 << 20),
        "/big.html": big(50 << 20),
        "/drip.html": drip(60),
        "/cp1252.html": send(200, CP1252.encode("cp1252"), "text/html; charset=utf-8"),
        "/absurd.html": send(200, _page(ABSURD)),
        "/flaky.html": _then(send(500, b"oops"), send(200, _page("A page that came back on retry."))),
        "/down.html": send(503, b"down for maintenance"),
        "/busy.html": send(429, b"slow down", Retry_After="1"),
        "/loop-a.html": redirect("/loop-b.html"),
        "/loop-b.html": redirect("/loop-a.html"),
        "/to-metadata.html": redirect("http://169.254.169.254/latest/meta-data/iam/"),
        "/to-admin.html": redirect(admin_url),
        "/binary.bin": send(200, bytes(range(256)) * 64, "application/octet-stream"),
        "/truncated.html": _truncated,
        "/empty.html": send(200, b""),
    }
    return routes


FORBIDDEN_LINKS = ["http://10.0.0.1/x", "http://192.168.1.1/x", "file:///etc/passwd"]


def _feed(server: FaultServer, admin_url: str) -> Callable[[BaseHTTPRequestHandler], None]:
    links = [server.url(p) for p in server.routes if p != "/robots.txt"] + FORBIDDEN_LINKS + [admin_url]
    items = "".join(f"<item><title>t{i}</title><link>{u}</link></item>" for i, u in enumerate(links))
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>'
    return send(200, rss.encode(), "application/rss+xml")


def _run(tmp_path: Path, sources: Path, tag: str) -> tuple[int, float, str]:
    """`infradeals run` in a child process; (exit code, its own peak RSS in MB, stderr)."""
    peak = tmp_path / f"peak-{tag}.txt"
    code = (
        "import resource, sys\n"
        "from infradeals.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        f"open({str(peak)!r}, 'w').write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
        "sys.exit(rc)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INFRADEALS_", "PREFECT_API"))}
    env |= {
        "INFRADEALS_DATA_DIR": str(tmp_path / "data"),
        "INFRADEALS_HTTP_TOTAL_TIMEOUT_S": "4",
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PYTHONPATH": str(REPO),
    }
    proc = subprocess.run(
        [sys.executable, "-c", code, "run", "--sources", str(sources)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return proc.returncode, int(peak.read_text()) / 1024 if peak.exists() else -1.0, proc.stdout + proc.stderr


def _fetch_log(db: Path, run: int) -> dict[str, tuple[str, str | None]]:
    with duckdb.connect(str(db), read_only=True) as con:
        runs = [
            r[0]
            for r in con.execute(
                "SELECT run_id FROM fetch_log GROUP BY run_id ORDER BY min(fetched_at)"
            ).fetchall()
        ]
        rows = con.execute(
            "SELECT url, outcome, error FROM fetch_log WHERE run_id = ?", [runs[run]]
        ).fetchall()
    return {url: (outcome, error) for url, outcome, error in rows}


def test_the_nightly_run_survives_a_hostile_web(tmp_path: Path) -> None:
    with FaultServer({"/admin": send(200, b"secret")}) as admin, FaultServer() as server:
        admin_url = admin.url("/admin")
        server.routes |= _routes(admin_url)
        server.routes["/feed.xml"] = _feed(server, admin_url)
        sources = tmp_path / "sources.yml"
        sources.write_text(
            "sources:\n  - name: hostile\n    kind: rss\n"
            f"    url: {server.url('/feed.xml')}\n    rps: 50\n    allow_hosts: ['127.0.0.1:{server.port}']\n",
            encoding="utf-8",
        )
        code, peak_mb, output = _run(tmp_path, sources, "first")
        assert code == 0, output[-3000:]
        db = tmp_path / "data" / "infradeals.duckdb"
        first = _fetch_log(db, 0)
        with duckdb.connect(str(db), read_only=True) as con:
            docs = dict(
                con.execute(
                    "SELECT d.url, v.text FROM documents d JOIN document_versions v "
                    "ON v.doc_id = d.doc_id AND v.version_no = d.current_version"
                ).fetchall()
            )
            stored = con.execute("SELECT * FROM documents ORDER BY doc_id").fetchall()
            failures = con.execute("SELECT stage, url, reason FROM failures").fetchall()
            quarantined = con.execute("SELECT field, raw_value, reason FROM quarantine").fetchall()
            figures = con.execute("SELECT buyer, seller, amount_usd, power_mw FROM deals").fetchall()

        # the good articles, the page that came back on retry and the mislabelled page are loaded
        url = server.url
        for path in [*GOOD, "/flaky.html", "/cp1252.html"]:
            assert url(path) in docs, path
        assert "\u2014 \u2018a step change\u2019 for the caf\u00e9-sized" in docs[url("/cp1252.html")]

        def reason(path_or_url: str) -> str:
            key = url(path_or_url) if path_or_url.startswith("/") else path_or_url
            outcome, error = first[key]
            assert outcome == "failed", (key, outcome)
            return error or ""

        assert "robots.txt disallows" in reason("/private/secret.html")
        assert "cap" in reason("/bomb.html") and "after decompression" in reason("/bomb.html")
        assert "cap" in reason("/big.html")
        assert "timed out" in reason("/drip.html")
        assert "503" in reason("/down.html") and "429" in reason("/busy.html")
        assert "redirect" in reason("/loop-a.html").lower()
        assert "169.254.169.254" in reason("/to-metadata.html")
        assert "loopback" in reason("/to-admin.html") and "loopback" in reason(admin_url)
        assert "10.0.0.1" in reason("http://10.0.0.1/x") and "192.168.1.1" in reason("http://192.168.1.1/x")
        assert "octet-stream" in reason("/binary.bin")
        assert reason("/truncated.html")
        assert first[url("/flaky.html")][0] == "fetched"
        # file: links never become fetches: discovery or the fetcher drops them, with a reason when fetched
        assert "file:///etc/passwd" not in first or first["file:///etc/passwd"][0] == "failed"

        # pages that parse but cannot be used are failures with a reason, not silent losses
        failed_docs = {u: r for _, u, r in failures}
        assert "budget" in failed_docs.get(url("/one-line.html"), "")
        assert url("/deep.html") in docs or url("/deep.html") in failed_docs
        assert url("/empty.html") in failed_docs or url("/empty.html") in docs

        # absurd figures never reach the deals: they wait in quarantine with their reason; signs are kept
        reasons = " | ".join(r for _, _, r in quarantined)
        assert "power_mw 999999000 above the bound" in reasons and "power_mw 0 not above the bound" in reasons
        assert "amount_usd -5000000000" in reasons
        assert all(p is None or 0 < p <= 50_000 for *_, p in figures)
        assert all(a is None or 0 < a <= 2e12 for _, _, a, _ in figures)
        assert ("xAI", "Oracle", 5e9) not in {(b, s, a) for b, s, a, _ in figures}

        # nothing forbidden was contacted: the admin server saw no request; the guard's reasons are in fetch_log
        assert admin.log == []
        assert all(not p.startswith("/private/") for p, _ in server.log)
        assert peak_mb < MAX_RSS_MB, f"peak RSS {peak_mb:.0f} MB"

        # the faults heal; the second run fetches what failed and changes nothing already stored
        healed = _page("The service is back, with nothing new to say about deals.")
        for path in ["/down.html", "/busy.html", "/drip.html"]:
            server.routes[path] = send(200, healed)
        code, _, output = _run(tmp_path, sources, "second")
        assert code == 0, output[-3000:]
        second = _fetch_log(db, 1)
        for path in ["/down.html", "/busy.html", "/drip.html"]:
            assert second[url(path)][0] == "fetched", (path, second[url(path)])
        with duckdb.connect(str(db), read_only=True) as con:
            again = con.execute("SELECT * FROM documents ORDER BY doc_id").fetchall()
        kept = {r[0] for r in stored}
        assert [r for r in again if r[0] in kept] == stored
