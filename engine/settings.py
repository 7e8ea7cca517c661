"""One typed settings object: packaged defaults < user file (settings.json) < CAREQA_* variables."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints
from pydantic_settings import (
    BaseSettings,
    JsonConfigSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from engine import paths

# Text size as a multiple of the system's (the Settings dialog and the View menu offer this range).
TEXT_SCALE_RANGE = (0.8, 2.0)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CAREQA_", extra="ignore")

    # A catalogue key (see engine.model_catalog) or the path of any chat GGUF file.
    model: str = "qwen2.5-1.5b"
    # "auto" offloads every layer when the llama.cpp build and a GPU allow it; "cpu" never does;
    # a number offloads that many layers.
    gpu_layers: Literal["auto", "cpu"] | int = "auto"
    n_threads: int | None = Field(default=None, ge=1)
    n_ctx: int = Field(default=4096, ge=1024)
    max_answer_tokens: int = Field(default=384, ge=16)
    temperature: float = Field(default=0.2, ge=0.0, le=2.0)
    seed: int = 7
    # Up to this many passages, within passage_token_budget. Starter-library passages are short
    # (about 100 tokens): with 4, the treatment section was often left out (asthma, UTI).
    top_k_passages: int = Field(default=6, ge=1, le=20)
    # Cosine similarity below which a passage is not relevant; calibrated by
    # bench/calibrate_threshold.py on the starter library (see README, "Retrieval threshold").
    min_relevance: float = Field(default=0.45, ge=-1.0, le=1.0)
    passage_token_budget: int = Field(default=700, ge=100)
    kb_dir: Path | None = None
    # Recognise diseases and drugs (questions, answers, imports) with the NER model: the
    # packaged one, or the folder of any fine-tuned token classifier with a labels.json.
    recognise_terms: bool = True
    ner_model: Path | None = None
    # Shown in every emergency message, so it may not be blank.
    emergency_number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = "911"
    crisis_line: str = "988 (call or text, Suicide & Crisis Lifeline, US)"
    poison_control: str = "Poison Control at 1-800-222-1222 (US)"
    # Answers above this Flesch-Kincaid grade are reworded once in simpler words.
    reading_grade_target: float = Field(default=8.0, ge=1.0, le=16.0)
    # Patient mode clears the conversation after this many idle minutes.
    idle_reset_minutes: int = Field(default=3, ge=1, le=240)
    # Desktop display: a multiplier on the system font size, and the high-contrast palette.
    text_scale: float = Field(default=1.0, ge=TEXT_SCALE_RANGE[0], le=TEXT_SCALE_RANGE[1])
    high_contrast: bool = False

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        user_file = JsonConfigSettingsSource(settings_cls, json_file=paths.settings_file())
        return (init_settings, env_settings, user_file)

    def resolved_kb_dir(self) -> Path:
        return self.kb_dir if self.kb_dir else paths.default_kb_dir()

    def save(self) -> Path:
        """Write the values that differ from the defaults to the user file, atomically."""
        target = paths.settings_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = self.model_dump(mode="json", exclude_defaults=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".settings-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=2)
        os.replace(tmp, target)
        return target
