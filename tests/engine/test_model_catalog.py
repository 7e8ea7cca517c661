import hashlib
import sys

import pytest

from engine import model_catalog
from engine.errors import ModelIntegrityError, ModelNotFound
from engine.model_catalog import CatalogModel


@pytest.fixture
def split_model(tmp_path, monkeypatch):
    """A three-part model in fake packages on sys.path, like the real split-model packages."""
    parts = [b"GGUF" + bytes(range(256)) * 10, b"middle" * 100, b"end"]
    for n, data in enumerate(parts, start=1):
        folder = tmp_path / "site" / f"fake_model_part{n}" / "data"
        folder.mkdir(parents=True)
        (folder.parent / "__init__.py").write_text("")
        (folder / f"part{n:02d}.bin").write_bytes(data)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setenv("CAREQA_MODELS_DIR", str(tmp_path / "models"))
    blob = b"".join(parts)
    model = CatalogModel("fake", "Fake", "fake.gguf", len(blob), hashlib.sha256(blob).hexdigest(),
                         part_package="fake_model_part", part_count=3)
    yield model, blob
    for n in range(1, 4):
        sys.modules.pop(f"fake_model_part{n}", None)


def test_assemble_concatenates_verifies_and_is_idempotent(split_model):
    model, blob = split_model
    path = model_catalog.assemble(model)
    assert path.read_bytes() == blob
    mtime = path.stat().st_mtime_ns
    assert model_catalog.assemble(model) == path and path.stat().st_mtime_ns == mtime
    assert not list(path.parent.glob("*.tmp"))


def test_damaged_file_is_detected_and_reassembled(split_model):
    model, blob = split_model
    path = model_catalog.assemble(model)
    path.write_bytes(blob[:-1] + b"X")
    with pytest.raises(ModelIntegrityError, match="damaged"):
        model_catalog.verify(model)
    assert model_catalog.assemble(model).read_bytes() == blob


def test_wrong_checksum_never_lands(split_model):
    model, _ = split_model
    bad = CatalogModel(**{**model.__dict__, "sha256": "0" * 64})
    with pytest.raises(ModelIntegrityError):
        model_catalog.assemble(bad)
    assert not model_catalog.model_installed_path(bad).exists()


def test_missing_part_package_names_it():
    model = CatalogModel("ghost", "Ghost", "ghost.gguf", 1, "0" * 64,
                         part_package="no_such_package_part", part_count=2)
    with pytest.raises(ModelNotFound, match="no_such_package_part1"):
        model_catalog.assemble(model)


def test_resolve_accepts_a_path_and_rejects_unknown_names(tmp_path):
    gguf = tmp_path / "mine.gguf"
    gguf.write_bytes(b"GGUF")
    assert model_catalog.resolve(str(gguf)) == (gguf, "mine.gguf")
    with pytest.raises(ModelNotFound, match="qwen2.5-1.5b"):
        model_catalog.resolve("no-such-model")
