"""What this machine and this llama.cpp build can do, and how many layers to put on the GPU.

The decision is a pure function of three facts (the setting, whether the installed llama.cpp
build can offload, which GPU is present) so it is tested without a GPU.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ALL_LAYERS = -1  # llama.cpp's "offload every layer"
_X86_FEATURES = ("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512_vnni")


@dataclass(frozen=True)
class OffloadDecision:
    n_gpu_layers: int
    reason: str
    gpu: str = ""  # the GPU the layers go on, when they do

    @property
    def uses_gpu(self) -> bool:
        return self.n_gpu_layers != 0

    @property
    def device(self) -> str:
        """A short label for a status bar: "CPU", "GPU (all layers, NVIDIA H100)"."""
        if not self.uses_gpu:
            return "CPU"
        layers = ("all layers" if self.n_gpu_layers == ALL_LAYERS else
                  f"{self.n_gpu_layers} layer{'' if self.n_gpu_layers == 1 else 's'}")
        return f"GPU ({layers}, {self.gpu})" if self.gpu else f"GPU ({layers})"


CPU_ONLY = OffloadDecision(0, "CPU only")


def decide_offload(setting: str | int, build_supports_gpu: bool, gpu: str | None) -> OffloadDecision:
    """Choose n_gpu_layers from the user's setting and what was detected."""
    if setting == "cpu" or setting == 0:
        return OffloadDecision(0, "CPU only: GPU offload is turned off in settings")
    if not build_supports_gpu:
        hint = f"a {gpu} GPU is present but " if gpu else ""
        return OffloadDecision(
            0, f"CPU only: {hint}this llama.cpp build has no GPU support "
            "(reinstall with `make setup GPU=cuda` on an NVIDIA machine)"
        )
    if gpu is None:
        return OffloadDecision(0, "CPU only: the llama.cpp build supports offload but no GPU was found")
    if isinstance(setting, int):
        return OffloadDecision(setting, f"GPU: {setting} layers on {gpu} (set in settings)", gpu)
    return OffloadDecision(ALL_LAYERS, f"GPU: all layers on {gpu}", gpu)


def llama_build_supports_gpu() -> bool:
    import llama_cpp  # heavy native import: only when asked

    return bool(llama_cpp.llama_supports_gpu_offload())


def llama_system_info() -> str:
    import llama_cpp

    info = llama_cpp.llama_print_system_info()
    return info.decode() if isinstance(info, bytes) else str(info)


def detect_gpu() -> str | None:
    """Name of a GPU llama.cpp could use, or None. Looks, never loads a driver."""
    if shutil.which("nvidia-smi"):
        try:
            out = subprocess.run(
                ["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
                capture_output=True, text=True, timeout=10, check=False,
            )
            names = [line.strip() for line in out.stdout.splitlines() if line.strip()]
            if out.returncode == 0 and names:
                return "NVIDIA " + names[0] if not names[0].startswith("NVIDIA") else names[0]
        except (OSError, subprocess.SubprocessError):
            pass
    if Path("/proc/driver/nvidia/gpus").is_dir() and any(Path("/proc/driver/nvidia/gpus").iterdir()):
        return "NVIDIA GPU"
    if Path("/dev/kfd").exists() and shutil.which("rocm-smi"):
        return "AMD ROCm GPU"
    if platform.system() == "Darwin" and platform.machine() == "arm64":
        return "Apple Metal GPU"
    return None


def cpu_features() -> dict[str, bool]:
    """x86 SIMD features from /proc/cpuinfo (empty elsewhere): llama.cpp's speed depends on them."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return {}
    flags: set[str] = set()
    for line in text.splitlines():
        if line.startswith("flags"):
            flags = set(line.split(":", 1)[1].split())
            break
    return {name: name in flags for name in _X86_FEATURES} if flags else {}


def default_threads() -> int:
    """Physical-ish core count: llama.cpp gains nothing from hyper-threads."""
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, count or 1)
