"""The public surfaces: desktop/ uses only the names `engine` and `knowledge` export, and those
names are all declared and all load. (The layer order and "no Qt below desktop" are import-linter
contracts: tests/test_layers.py.)"""

import ast
import importlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_desktop_imports_only_the_public_surface():
    for path in (ROOT / "desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                top, _, rest = node.module.partition(".")
                assert not (top in {"engine", "knowledge"} and rest), f"{path.name}: {node.module}"


def test_importing_the_desktop_window_does_not_load_the_models():
    code = ("import sys, desktop.main_window\n"
            "print([m for m in ('torch', 'llama_cpp', 'sentence_transformers') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True, env={"QT_QPA_PLATFORM": "offscreen",
                                                       "PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "[]"


def test_every_public_name_is_declared_and_loads():
    for name in ("engine", "knowledge"):
        package = importlib.import_module(name)
        assert package.__all__ == sorted(package._EXPORTS), name
        for export in package.__all__:
            assert getattr(package, export) is not None, f"{name}.{export}"
