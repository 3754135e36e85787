"""The sources file: the bundled ones load; every mistake is a one-line ConfigError naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigError
from crawl.sources import load_sources
from tests.crawl.conftest import REPO


def test_sample_sources_load() -> None:
    sources = load_sources(REPO / "samples" / "sources.yml").sources
    by_name = {s.name: s for s in sources}
    assert [(s.name, s.kind) for s in sources] == [
        ("meridianwire", "rss"),
        ("dcledger", "atom"),
        ("siliconsprawl", "listing"),
        ("filings", "sitemap"),
    ]
    assert by_name["siliconsprawl"].selectors == {
        "item": "article.post-card",
        "link": "h2 a",
        "date": "time[datetime]",
        "next": "a[rel=next]",
    }
    assert all(s.min_items >= 1 for s in sources)


def test_public_sources_load() -> None:
    sources = load_sources(REPO / "samples" / "sources-public.yml").sources
    assert len(sources) >= 10
    assert all(s.url.startswith("https://") for s in sources)
    assert any("sec.gov" in s.url for s in sources)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "sources:\n  - {name: a, kind: podcast, url: 'http://a.test/'}\n",
            "sources[0] (a).kind: Input should be",
        ),
        ("sources:\n  - {name: a, url: 'http://a.test/'}\n", "sources[0] (a).kind: Field required"),
        ("sources:\n  - {name: a, kind: rss, url: 'http://a.test/', rps: 0}\n", "sources[0] (a).rps:"),
        (
            "sources:\n  - {name: a, kind: rss, url: 'http://a.test/', colour: red}\n",
            "sources[0] (a).colour:",
        ),
        ("sources:\n  - {name: a, kind: rss, url: 'ftp://a.test/'}\n", "sources[0] (a).url:"),
        ("sources:\n  - {name: a, kind: listing, url: 'http://a.test/'}\n", "sources[0] (a).selectors:"),
        (
            "sources:\n  - {name: a, kind: rss, url: 'http://a.test/'}\n  - {name: a, kind: rss, url: 'http://b.test/'}\n",
            "sources[1] (a).name: duplicate",
        ),
        ("sources: [\n", "not valid YAML at line"),
        ("just: a mapping\n", "expected a top-level 'sources:' list"),
        ("", "expected a top-level 'sources:' list"),
    ],
)
def test_invalid_files_name_file_and_field(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as exc:
        load_sources(path)
    message = str(exc.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^sources file not found: .*nope\.yml$"):
        load_sources(tmp_path / "nope.yml")
