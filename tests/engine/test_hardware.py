import pytest

from engine.hardware import ALL_LAYERS, cpu_features, decide_offload


@pytest.mark.parametrize(
    ("setting", "supports", "gpu", "layers", "reason_part", "device"),
    [
        ("auto", True, "NVIDIA H100", ALL_LAYERS, "all layers on NVIDIA H100",
         "GPU (all layers, NVIDIA H100)"),
        ("auto", True, None, 0, "no GPU was found", "CPU"),
        ("auto", False, "NVIDIA H100", 0, "no GPU support", "CPU"),
        ("auto", False, None, 0, "no GPU support", "CPU"),
        ("cpu", True, "NVIDIA H100", 0, "turned off in settings", "CPU"),
        (0, True, "NVIDIA H100", 0, "turned off in settings", "CPU"),
        (20, True, "NVIDIA H100", 20, "20 layers", "GPU (20 layers, NVIDIA H100)"),
        (1, True, "NVIDIA H100", 1, "1 layers", "GPU (1 layer, NVIDIA H100)"),
        (20, False, "NVIDIA H100", 0, "GPU=cuda", "CPU"),
    ],
)
def test_offload_decision(setting, supports, gpu, layers, reason_part, device):
    decision = decide_offload(setting, supports, gpu)
    assert decision.n_gpu_layers == layers
    assert reason_part in decision.reason
    assert decision.uses_gpu == (layers != 0)
    assert decision.device == device


def test_cpu_features_are_booleans():
    assert all(isinstance(v, bool) for v in cpu_features().values())
