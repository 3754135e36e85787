"""Realistic pages for the benchmark: the sample newsroom's articles wrapped in the boilerplate of real sites.

Each page is one sample article (its own words) inside a navigation bar, a sidebar of related stories, inline
scripts and styles, a comment thread and a footer, 30-150 KB in all, as trade-press pages are. Deterministic:
page i of a run is always the same page.
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "samples" / "newsroom" / "snapshots"
WORDS = [
    "market",
    "cloud",
    "capacity",
    "power",
    "grid",
    "campus",
    "chips",
    "lease",
    "hyperscaler",
    "neocloud",
    "deal",
    "supply",
    "analyst",
    "quarter",
    "growth",
    "model",
    "training",
    "inference",
    "region",
    "build",
    "financing",
    "partner",
    "customer",
    "investor",
    "datacenter",
]


def article_pages() -> list[bytes]:
    """The sample articles (listing and index pages left out)."""
    pages = sorted(p for p in ARTICLES.rglob("*.html") if "/page/" not in str(p) and p.name != "index.html")
    return [p.read_bytes() for p in pages]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _boilerplate(rng: random.Random, target_bytes: int) -> tuple[str, str]:
    """(head part, body part) of navigation, scripts, related links, comments and footer of ~target_bytes."""
    nav = "".join(f'<li><a href="/section/{i}">{rng.choice(WORDS).title()}</a></li>' for i in range(120))
    script = "<script>var cfg = {" + ",".join(f'"k{i}": {i}' for i in range(400)) + "};</script>"
    style = "<style>" + "".join(f".c{i}{{margin:{i}px}}" for i in range(300)) + "</style>"
    parts: list[str] = []
    size = len(nav) + len(script) + len(style)
    while size < target_bytes:
        block = (
            f'<div class="comment" id="c{len(parts)}"><p class="author">reader{len(parts)}</p>'
            f"<p>{_sentence(rng, rng.randint(12, 40))}</p></div>"
            f'<li class="related-item"><a href="/story/{len(parts)}">{_sentence(rng, 8)}</a></li>'
        )
        parts.append(block)
        size += len(block)
    half = len(parts) // 2
    head = f"{style}{script}<header><nav><ul>{nav}</ul></nav></header>"
    body = (
        f'<aside class="sidebar"><ul>{"".join(parts[:half])}</ul></aside>'
        f'<section class="comments">{"".join(parts[half:])}</section>'
        "<footer><p>Copyright, terms, privacy, cookies and a contact address.</p></footer>"
    )
    return head, body


def realistic_pages(n: int, seed: int = 7) -> list[bytes]:
    """`n` pages of 30-150 KB: each sample article wrapped in generated boilerplate."""
    rng = random.Random(seed)
    articles = article_pages()
    pages = []
    for i in range(n):
        html = articles[i % len(articles)].decode("utf-8")
        head, body = _boilerplate(rng, rng.randint(30_000, 145_000))
        html = html.replace("<body>", f"<body>{head}", 1).replace("</body>", f"{body}</body>", 1)
        pages.append(html.encode("utf-8"))
    return pages
