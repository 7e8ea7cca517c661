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


def copy_of_the_project(tmp_path: Path) -> Path:
    for package in ("desktop", "engine", "knowledge"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "models", "articles"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_a_knowledge_module_importing_the_engine_breaks_the_layers(tmp_path):
    root = copy_of_the_project(tmp_path)
    store = root / "knowledge" / "store.py"
    store.write_text(store.read_text() + "\nfrom engine.errors import ConfigError  # noqa\n")
    result = lint_imports(root)
    assert result.returncode != 0
    assert "desktop > engine > knowledge BROKEN" in result.stdout
    assert "knowledge.store -> engine.errors" in result.stdout


def test_the_engine_importing_qt_breaks_the_forbidden_contract(tmp_path):
    root = copy_of_the_project(tmp_path)
    service = root / "engine" / "service.py"
    service.write_text(service.read_text() + "\nfrom PySide6.QtCore import QObject  # noqa\n")
    result = lint_imports(root)
    assert result.returncode != 0
    assert "engine and knowledge never load Qt BROKEN" in result.stdout
