import json

from engine import paths
from engine.settings import Settings


def test_defaults():
    settings = Settings()
    assert settings.model == "qwen2.5-1.5b" and settings.gpu_layers == "auto"
    assert settings.resolved_kb_dir() == paths.default_kb_dir()


def test_user_file_then_environment_override(monkeypatch):
    paths.settings_file().parent.mkdir(parents=True)
    paths.settings_file().write_text(json.dumps({"model": "qwen2.5-0.5b", "top_k_passages": 3}))
    assert Settings().model == "qwen2.5-0.5b" and Settings().top_k_passages == 3
    monkeypatch.setenv("CAREQA_MODEL", "/models/mine.gguf")
    monkeypatch.setenv("CAREQA_GPU_LAYERS", "12")
    settings = Settings()
    assert settings.model == "/models/mine.gguf" and settings.gpu_layers == 12
    assert settings.top_k_passages == 3


def test_save_writes_only_changed_values_and_round_trips():
    Settings(gpu_layers="cpu", emergency_number="112").save()
    assert json.loads(paths.settings_file().read_text()) == {
        "gpu_layers": "cpu", "emergency_number": "112"
    }
    assert Settings().gpu_layers == "cpu" and Settings().emergency_number == "112"


def test_careqa_home_holds_everything(careqa_home):
    assert paths.data_dir() == careqa_home
    assert paths.settings_file().is_relative_to(careqa_home)
    assert paths.log_dir().is_relative_to(careqa_home)
