"""`infradeals parse`: one JSON line per file, errors on their own line, exit 1 when any failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infradeals.cli import main
from tests.crawl.conftest import fixture_file

MESSY = fixture_file("http://blog.test/posts/p1.html")
FILING = fixture_file("http://docs.test/filings/f1.txt")


def lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_one_json_line_per_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(MESSY), str(FILING)]) == 0
    first, second = lines(capsys)
    assert list(first) == ["file", "title", "published", "canonical_url", "text"]
    assert first["file"] == str(MESSY)
    assert first["title"] == "Theta raises its bet on Iota"
    assert first["published"] == "2025-11-20"
    assert first["canonical_url"] == "http://blog.test/posts/p1.html"
    assert "Theta will put as much as $4 billion into Iota" in str(first["text"])
    assert "closer to $12 billion" not in str(first["text"])
    assert second["published"] == "2025-10-20"  # .txt read as a plain-text filing


def test_a_bad_file_does_not_stop_the_others(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.html"
    assert main(["parse", str(missing), str(empty), str(MESSY)]) == 1
    out = lines(capsys)
    assert [sorted(o) for o in out[:2]] == [["error", "file"], ["error", "file"]]
    assert out[0]["file"] == str(missing) and "cannot read" in str(out[0]["error"])
    assert out[1]["error"] == "empty document"
    assert out[2]["title"] == "Theta raises its bet on Iota"


def test_url_option_resolves_a_relative_canonical(capsys: pytest.CaptureFixture[str]) -> None:
    page = fixture_file("http://wire.test/releases/alpha-beta.html")
    assert main(["parse", str(page), "--url", "http://wire.test/releases/alpha-beta.html"]) == 0
    assert lines(capsys)[0]["canonical_url"] == "http://wire.test/releases/alpha-beta.html"
