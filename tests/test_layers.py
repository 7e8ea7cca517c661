"""The layers run one way (desktop > engine > knowledge) and engine/knowledge never load Qt:
the import-linter contracts in pyproject.toml, run for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    # The packages under `root` come first on the path, ahead of the editable install.
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"),
                           "--no-cache"], capture_output=True, text=True, cwd=root, env=env,
                          timeout=120)


def test_the_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "desktop > engine > knowledge KEPT" in result.stdout
    assert "engine and knowledge never load Qt KEPT" in result.stdout


def lint_imports_with(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    """lint-imports on a copy of the project in which `module` (a path) ends with `line`."""
    for package in ("desktop", "engine", "knowledge"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "models", "articles"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    changed = tmp_path / module
    changed.write_text(changed.read_text() + f"\n{line}  # noqa\n")
    return lint_imports(tmp_path)


def test_a_knowledge_module_importing_the_engine_breaks_the_layers(tmp_path):
    result = lint_imports_with(tmp_path, "knowledge/store.py", "from engine.errors import ConfigError")
    assert result.returncode != 0
    assert "desktop > engine > knowledge BROKEN" in result.stdout
    assert "knowledge.store -> engine.errors" in result.stdout


def test_the_engine_importing_qt_breaks_the_forbidden_contract(tmp_path):
    result = lint_imports_with(tmp_path, "engine/service.py", "from PySide6.QtCore import QObject")
    assert result.returncode != 0
    assert "engine and knowledge never load Qt BROKEN" in result.stdout
