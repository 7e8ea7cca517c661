"""`careqa self-test` and `python -m desktop --smoke-test` from source (the dev venv): the same
code the frozen app runs; tests/packaging/test_bundle.py runs it frozen."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import selftest
from engine.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.integration
def test_self_test_answers_with_a_citation(capsys):
    assert main(["self-test", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["citations"] and not report["frozen"]
    assert report["model"] == "smollm2-135m"
    assert report["passages_imported"] > 0
    assert {"embeddings", "term model", "chat model", "import sample", "answer"} <= set(
        report["timings_s"])


@pytest.mark.integration
def test_doctor_self_test_is_the_same_test(capsys):
    assert main(["doctor", "--self-test", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"]


def test_a_failure_is_one_line_and_exit_1(capsys):
    assert main(["self-test", "--model", "/no/such/model.gguf"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("self-test: FAILED: find models: No chat model")


def test_the_sample_articles_exist():
    assert [p.name for p in selftest.sample_files()] == list(selftest.SAMPLE_ARTICLES)


@pytest.mark.gui
@pytest.mark.integration
def test_desktop_smoke_test_shows_the_window_and_exits_0(careqa_home, starter_kb_dir):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CAREQA_KB_DIR": str(starter_kb_dir),
           "CAREQA_MODEL": "smollm2-135m"}
    done = subprocess.run([sys.executable, "-m", "desktop", "--smoke-test=ready"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["exit"] == 0 and report["model"] == "smollm2-135m"
    assert 0 < report["shown_s"] <= report["ready_s"]
