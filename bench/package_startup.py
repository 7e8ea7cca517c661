"""Frozen app vs source app: start-up to window shown, self-test time, bundle size by component.

    .venv/bin/python bench/package_startup.py [--runs 3] [--ready]

Needs a built bundle (`make package`). Start-up: a new process each time, offscreen, source
(`.venv/bin/python -m desktop --smoke-test`) and frozen (`dist/CareQA/CareQA --smoke-test`)
alternated, after one discarded warm-up run each (so both read their files from the page cache:
a "cold" process start, not a cold disk). Reported: the median of the wall time from launching
the process to the window's first paint being reported, and the process's own figure (from its
OS start time). `--ready` also waits for the models to load. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dist" / "CareQA"
SOURCE = [str(ROOT / ".venv" / "bin" / "python"), "-m", "desktop"]
FROZEN = [str(APP / "CareQA")]


def start_once(command: list[str], env: dict[str, str], mode: str) -> dict[str, float]:
    flag = "--smoke-test" if mode == "shown" else "--smoke-test=ready"
    started = time.perf_counter()
    done = subprocess.run([*command, flag], env=env, cwd=tempfile.gettempdir(),
                          capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {done.stderr[-1500:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return {"shown_s": report["shown_s"], "ready_s": report.get("ready_s", 0.0),
            "exit_s": round(wall, 3)}


def real_models_dir() -> Path:
    from engine import paths

    return paths.models_dir()


def startup(runs: int, mode: str, home: Path) -> dict:
    # One CareQA home for both; the source app takes its models from set-up's folder, the
    # frozen one from dist/CareQA/models (it looks there first).
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CAREQA_HOME": str(home),
           "CAREQA_MODELS_DIR": str(real_models_dir())}
    # Warm-up: page cache; the frozen app's first start copies the starter library (both use it).
    for command in (FROZEN, SOURCE):
        start_once(command, env, mode)
    seen: dict[str, list[dict[str, float]]] = {"source": [], "frozen": []}
    for _ in range(runs):
        seen["source"].append(start_once(SOURCE, env, mode))
        seen["frozen"].append(start_once(FROZEN, env, mode))
    result = {}
    for name, samples in seen.items():
        result[name] = {key: round(statistics.median(s[key] for s in samples), 3)
                        for key in samples[0]}
    result["ratio_shown_frozen_over_source"] = round(
        result["frozen"]["shown_s"] / result["source"]["shown_s"], 2)
    if mode == "ready":
        result["ratio_ready_frozen_over_source"] = round(
            result["frozen"]["ready_s"] / result["source"]["ready_s"], 2)
    return result


def self_test(home: Path) -> dict:
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    started = time.perf_counter()
    done = subprocess.run([*FROZEN, "--self-test", "--json"], env=env, cwd=home,
                          capture_output=True, text=True, timeout=900)
    wall = round(time.perf_counter() - started, 2)
    report = json.loads(done.stdout[done.stdout.index("{"):]) if "{" in done.stdout else {}
    return {"exit": done.returncode, "wall_s": wall, "reported_s": report.get("total_s"),
            "model": report.get("model"), "steps_s": report.get("timings_s")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ready", action="store_true", help="also time until models loaded")
    args = parser.parse_args()
    if not FROZEN[0] or not Path(FROZEN[0]).is_file():
        raise SystemExit("no dist/CareQA/CareQA: run `make package` first")
    size_file = ROOT / "dist" / "CareQA-size.json"
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        out = {"size": json.loads(size_file.read_text()) if size_file.is_file() else None,
               "startup": startup(args.runs, "ready" if args.ready else "shown", home / "app"),
               "frozen_self_test": self_test(home),
               "runs": args.runs, "cpu_count": os.cpu_count(), "python": sys.version.split()[0]}
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
