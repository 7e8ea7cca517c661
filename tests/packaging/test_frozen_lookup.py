"""How a frozen (PyInstaller) CareQA finds its chat models and seeds the starter library.

Runs from source: `sys.frozen`, `sys.executable` and `sys._MEIPASS` are faked."""

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from engine import model_catalog, paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def frozen_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake one-folder app: <tmp>/CareQA/CareQA, <tmp>/CareQA/_internal, <tmp>/CareQA/models."""
    app = tmp_path / "CareQA"
    (app / "_internal").mkdir(parents=True)
    (app / "models").mkdir()
    (app / "CareQA").write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "CareQA"))
    monkeypatch.setattr(sys, "_MEIPASS", str(app / "_internal"), raising=False)
    return app


def test_from_source_there_is_no_app_folder():
    assert paths.app_dir() is None and paths.app_models_dir() is None
    assert paths.bundle_dir() is None


def test_frozen_app_looks_beside_itself_first(frozen_app: Path):
    model = model_catalog.MODEL_CATALOG["qwen2.5-1.5b"]
    assert paths.app_models_dir() == frozen_app / "models"
    assert paths.bundle_dir() == frozen_app / "_internal"
    assert model_catalog.model_installed_path(model) == paths.models_dir() / model.filename  # absent
    (frozen_app / "models" / model.filename).write_bytes(b"gguf")
    assert model_catalog.model_installed_path(model) == frozen_app / "models" / model.filename


def test_frozen_app_prefers_its_own_copy_of_a_packaged_model(frozen_app: Path):
    model = model_catalog.MODEL_CATALOG["smollm2-135m"]
    (frozen_app / "models" / model.filename).write_bytes(b"gguf")
    assert model_catalog.model_installed_path(model) == frozen_app / "models" / model.filename


def _entry_module():
    spec = importlib.util.spec_from_file_location("careqa_app", ROOT / "packaging" / "careqa_app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_library(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "store.sqlite").write_bytes(b"prebuilt")


def test_first_start_copies_the_bundled_library_once(frozen_app: Path, careqa_home: Path):
    _fake_library(frozen_app / "_internal" / "starter-kb")
    entry = _entry_module()
    target = entry.seed_starter_library()
    assert target == paths.default_kb_dir()
    assert (target / "store.sqlite").read_bytes() == b"prebuilt"
    (target / "store.sqlite").write_bytes(b"the clinic's own library")
    assert entry.seed_starter_library() is None  # never overwrites a library
    assert (target / "store.sqlite").read_bytes() == b"the clinic's own library"


def test_an_empty_library_folder_is_seeded(frozen_app: Path, careqa_home: Path):
    _fake_library(frozen_app / "_internal" / "starter-kb")
    paths.default_kb_dir().mkdir(parents=True)
    assert _entry_module().seed_starter_library() == paths.default_kb_dir()
    assert not list(paths.default_kb_dir().parent.glob(".*seeding"))


def test_no_bundled_library_no_copy(frozen_app: Path, careqa_home: Path):
    shutil.rmtree(frozen_app / "_internal")
    (frozen_app / "_internal").mkdir()
    assert _entry_module().seed_starter_library() is None
    assert not paths.default_kb_dir().exists()
