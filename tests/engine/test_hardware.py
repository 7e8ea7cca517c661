import pytest

from engine.hardware import ALL_LAYERS, cpu_features, decide_offload


@pytest.mark.parametrize(
    ("setting", "supports", "gpu", "layers", "reason_part"),
    [
        ("auto", True, "NVIDIA H100", ALL_LAYERS, "all layers on NVIDIA H100"),
        ("auto", True, None, 0, "no GPU was found"),
        ("auto", False, "NVIDIA H100", 0, "no GPU support"),
        ("auto", False, None, 0, "no GPU support"),
        ("cpu", True, "NVIDIA H100", 0, "turned off in settings"),
        (0, True, "NVIDIA H100", 0, "turned off in settings"),
        (20, True, "NVIDIA H100", 20, "20 layers"),
        (20, False, "NVIDIA H100", 0, "GPU=cuda"),
    ],
)
def test_offload_decision(setting, supports, gpu, layers, reason_part):
    decision = decide_offload(setting, supports, gpu)
    assert decision.n_gpu_layers == layers
    assert reason_part in decision.reason
    assert decision.uses_gpu == (layers != 0)


def test_cpu_features_are_booleans():
    assert all(isinstance(v, bool) for v in cpu_features().values())
