"""Entry point of the frozen CareQA (PyInstaller one-folder build, see packaging/careqa.spec).

    CareQA                       the window (`--smoke-test[=ready]`: see desktop/smoke.py)
    CareQA --self-test [ARGS]    `careqa self-test`: every model, a sample import, a cited answer
    CareQA --cli ARGS...         the `careqa` command line (the `careqa` launcher beside it)
    careqa-cli ARGS...           the same, as the Windows console executable

On the first start (window or command line), the starter library built at packaging time is
copied from the read-only bundle into the user's library folder, unless a library is already
there. Chat models are found in `models/` beside the executable (engine.paths.app_models_dir).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
from pathlib import Path

import engine  # noqa: F401  (engine.offline: no model hub, no telemetry; before transformers)

STARTER_KB = "starter-kb"


def seed_starter_library() -> Path | None:
    """Copy the bundled starter library to the configured library folder if that has none."""
    from engine import paths
    from engine.settings import Settings

    bundled = (paths.bundle_dir() or Path(__file__).resolve().parent) / STARTER_KB
    try:
        target = Settings().resolved_kb_dir()
    except Exception:  # noqa: BLE001 (a broken settings file: the app itself explains it)
        return None
    if not bundled.is_dir() or (target.exists() and any(target.iterdir())):
        return None
    staging = target.with_name(f".{target.name}.seeding")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(bundled, staging)
    if target.exists():
        target.rmdir()  # empty (checked above); os.replace cannot replace a folder on Windows
    os.replace(staging, target)
    return target


def main(argv: list[str]) -> int:
    args = argv[1:]
    cli = Path(argv[0]).stem.lower() == "careqa-cli"
    if args[:1] == ["--self-test"]:
        from engine.cli.main import main as cli_main

        return cli_main(["self-test", *args[1:]])
    seed_starter_library()
    if cli or args[:1] == ["--cli"]:
        from engine.cli.main import main as cli_main

        return cli_main(args if cli else args[1:])
    from desktop.__main__ import main as gui_main

    return gui_main(argv)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main(sys.argv))
