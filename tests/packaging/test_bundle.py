"""The frozen app, built and run as a clinic machine would: `make test-packaging`.

Builds dist/CareQA with packaging/build.py (the small chat model only, to keep it quick; set
CAREQA_PACKAGING_PREBUILT=1 to test an existing dist/ instead), unpacks the archive, installs it
with install.sh into a temporary HOME, then runs the installed app from outside the source tree
in a clean environment: `env -i`, HOME a temporary folder, PATH with no Python on it at all,
and (where `unshare -rn` works) a network namespace with no network.
"""

import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging
ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"


def _no_network_prefix() -> list[str]:
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
        return [unshare, "-rn"]
    return []  # the self-test still refuses any connection (engine.netguard)


@pytest.fixture(scope="module")
def archive() -> Path:
    if os.environ.get("CAREQA_PACKAGING_PREBUILT") != "1":
        subprocess.run([sys.executable, "packaging/build.py", "--models", "small"], cwd=ROOT,
                       check=True, timeout=1800)
    found = sorted(DIST.glob("CareQA-*-linux-*.tar.gz"))
    assert found, "packaging/build.py made no archive"
    return found[-1]


@pytest.fixture(scope="module")
def installed(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Unpack the archive and run install.sh for a throwaway user."""
    root = tmp_path_factory.mktemp("clinic")
    home, unpacked = root / "home", root / "download"
    home.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="tar")
    done = subprocess.run(["/bin/sh", str(unpacked / "CareQA" / "install.sh")],
                          env=_clean_env(home), cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return {"home": home, "prefix": home / ".local" / "opt" / "careqa", "cwd": root}


def _clean_env(home: Path, path: str = "/usr/bin:/bin", **extra: str) -> dict[str, str]:
    """What `env -i HOME=... PATH=...` leaves: no PYTHONHOME, PYTHONPATH, venv, pyenv."""
    return {"HOME": str(home), "PATH": path, **extra}


def _run(installed: dict, args: list[str], *, no_path: bool = True, timeout: int = 600,
         **extra: str) -> subprocess.CompletedProcess:
    empty_bin = installed["cwd"] / "empty-bin"
    empty_bin.mkdir(exist_ok=True)
    env = _clean_env(installed["home"], str(empty_bin) if no_path else "/usr/bin:/bin", **extra)
    return subprocess.run([*_no_network_prefix(), *args], env=env, cwd=installed["cwd"],
                          capture_output=True, text=True, timeout=timeout)


def test_install_made_the_launcher_and_menu_entry(installed: dict):
    prefix, home = installed["prefix"], installed["home"]
    assert (prefix / "CareQA").is_file() and (prefix / "models").is_dir()
    assert (home / ".local" / "bin" / "careqa").resolve() == (prefix / "careqa")
    entry = (home / ".local" / "share" / "applications" / "careqa.desktop").read_text()
    assert f'Exec="{prefix}/CareQA"' in entry


def _configured_model() -> dict[str, str]:
    """A bundle built with only the small chat model is configured to use it, as a clinic
    installing that bundle would; a full bundle keeps the default (which must be found)."""
    built = json.loads((DIST / "CareQA-size.json").read_text())
    return {"CAREQA_MODEL": "smollm2-135m"} if built["models"] == "small" else {}


def test_frozen_self_test_passes_in_a_clean_environment(installed: dict):
    done = _run(installed, [str(installed["prefix"] / "CareQA"), "--self-test", "--json"],
                **_configured_model())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(done.stdout[done.stdout.index("{"):])
    assert report["ok"] and report["frozen"] and report["citations"]
    assert report["executable"] == str(installed["prefix"] / "CareQA")  # not a system Python
    assert report["model_path"].startswith(str(installed["prefix"] / "models"))
    print(json.dumps({"frozen_self_test_s": report["total_s"], "network_namespace":
                      bool(_no_network_prefix()), "timings_s": report["timings_s"]}))


def test_frozen_cli_finds_the_seeded_starter_library(installed: dict):
    done = _run(installed, [str(installed["home"] / ".local" / "bin" / "careqa"), "kb", "stats",
                            "--json"], no_path=False)
    assert done.returncode == 0, done.stderr[-3000:]
    stats = json.loads(done.stdout)
    assert stats["documents"] >= 70 and stats["path"].startswith(str(installed["home"]))


def test_frozen_window_starts_offscreen_and_exits_cleanly(installed: dict):
    done = _run(installed, [str(installed["prefix"] / "CareQA"), "--smoke-test=ready"],
                QT_QPA_PLATFORM="offscreen", CAREQA_MODEL="smollm2-135m")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["frozen"] and report["exit"] == 0 and report["model"] == "smollm2-135m"
    assert "Traceback" not in done.stderr


def test_uninstall_removes_the_program_and_keeps_the_library(installed: dict):
    prefix, home = installed["prefix"], installed["home"]
    done = subprocess.run(["/bin/sh", str(prefix / "uninstall.sh")], env=_clean_env(home),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not prefix.exists() and not (home / ".local" / "bin" / "careqa").exists()
    assert (home / ".local" / "share" / "careqa" / "kb" / "store.sqlite").is_file()
