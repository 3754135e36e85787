"""The layer contract covers the whole product: every top-level package is in it, and it holds."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def _top_level_packages() -> set[str]:
    return {p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name != "tests"}


def _layered() -> set[str]:
    (contract,) = [c for c in CONFIG["contracts"] if c["type"] == "layers"]
    return {name.strip() for layer in contract["layers"] for name in layer.replace(":", "|").split("|")}


def test_every_top_level_package_is_a_root_package_and_in_a_layer() -> None:
    packages = _top_level_packages()
    assert {"core", "flows", "warehouse", "infradeals"} <= packages
    assert set(CONFIG["root_packages"]) == packages
    assert _layered() == packages


def test_the_layer_contract_holds() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint is not None, "import-linter is not installed in this environment"
    done = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_architecture_doc_is_linked_from_the_readme() -> None:
    assert (ROOT / "docs" / "architecture.md").exists()
    assert "docs/architecture.md" in (ROOT / "README.md").read_text(encoding="utf-8")
