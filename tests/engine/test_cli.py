"""The `careqa` command as a user runs it: a real process, real files."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from knowledge import index as faiss_index
from knowledge.store import Store


def careqa(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True,
                          text=True, timeout=timeout, env=os.environ.copy())


def assert_one_line_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("careqa: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_empty_question_is_one_clear_line():
    assert_one_line_error(careqa("ask", "   "), "empty")


def test_missing_model_is_one_clear_line(tmp_path):
    assert_one_line_error(careqa("ask", "What is asthma?", "--model", str(tmp_path / "no.gguf")),
                          "no.gguf")


def test_missing_knowledge_base_is_one_clear_line(tmp_path):
    assert_one_line_error(careqa("kb", "stats", "--kb", str(tmp_path / "none")), "kb starter")


@pytest.mark.integration
def test_corrupt_index_is_one_clear_line(tmp_path, starter_kb_dir):
    kb = tmp_path / "kb"
    shutil.copytree(starter_kb_dir, kb)
    store = Store(kb, readonly=True)
    faiss_index.index_path(kb, store.generation).write_bytes(b"not an index")
    store.close()
    assert_one_line_error(careqa("kb", "search", "asthma", "--kb", str(kb)), "kb rebuild")


@pytest.mark.integration
def test_kb_search_json_has_scores_and_provenance(starter_kb_dir):
    result = careqa("kb", "search", "how to use an inhaler spacer", "--k", "3", "--json",
                    "--kb", str(starter_kb_dir))
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert len(hits) == 3 and hits[0]["title"] == "Asthma"
    assert {"score", "source", "collection", "section", "url", "passage_id", "text", "record_id",
            "page", "location", "rank"} <= set(hits[0])
    assert [h["rank"] for h in hits] == [1, 2, 3] and 0 < hits[0]["score"] <= 1


@pytest.mark.integration
def test_kb_stats_json(starter_kb_dir):
    result = careqa("kb", "stats", "--json", "--kb", str(starter_kb_dir))
    stats = json.loads(result.stdout)
    assert stats["documents"] >= 12 and stats["passages"] > stats["documents"]


@pytest.mark.integration
def test_ask_json_has_the_documented_shape(starter_kb_dir):
    result = careqa("ask", "What is the flu?", "--json", "--model", "smollm2-135m",
                    "--kb", str(starter_kb_dir), "--k", "2")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert {"answer", "citations", "entities", "flags", "timings", "model", "gpu_layers"} <= set(answer)
    assert set(answer["timings"]) == {"retrieval_ms", "ttft_ms", "total_ms", "check_ms",
                                      "translate_ms", "prompt_tokens", "completion_tokens"}
    assert answer["language"] == "en"
    assert {"draft", "support"} <= set(answer)
    for checked in answer["support"]:
        assert checked["verdict"] in ("supported", "unsupported", "contradicted", "no_claim")
    assert answer["model"] == "smollm2-135m" and answer["gpu_layers"] == 0
    for citation in answer["citations"]:
        assert {"n", "passage_id", "title", "source", "url", "text"} <= set(citation)


def test_batch_file_problems_are_one_clear_line(tmp_path):
    empty = tmp_path / "questions.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    assert_one_line_error(careqa("ask", "--batch", str(empty)), "no questions")
    assert_one_line_error(careqa("ask", "--batch", str(tmp_path / "none.txt")), "none.txt")
    assert_one_line_error(careqa("ask", "What is asthma?", "--batch", str(empty)), "not both")


@pytest.mark.integration
def test_ask_batch_prints_one_json_line_per_question(tmp_path, starter_kb_dir):
    questions = tmp_path / "questions.txt"
    questions.write_text("What is the flu?\n\nmy chest hurts and I can't breathe\n",
                         encoding="utf-8")
    result = careqa("ask", "--batch", str(questions), "--json", "--model", "smollm2-135m",
                    "--kb", str(starter_kb_dir), "--k", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    answers = [json.loads(line) for line in lines]
    assert [a["question"] for a in answers] == ["What is the flu?",
                                                "my chest hurts and I can't breathe"]
    assert not answers[0]["emergency"] and answers[1]["emergency"]
    assert {"answer", "citations", "support", "draft", "timings"} <= set(answers[0])


@pytest.mark.integration
def test_ask_streams_to_the_terminal_and_lists_sources(starter_kb_dir):
    result = careqa("ask", "How can I lower my blood pressure?", "--model", "qwen2.5-0.5b",
                    "--kb", str(starter_kb_dir))
    assert result.returncode == 0, result.stderr
    assert "Sources:" in result.stdout and "High blood pressure" in result.stdout


@pytest.mark.integration
def test_doctor_tells_the_truth_about_offload_and_network(starter_kb_dir):
    result = careqa("doctor", "--json", "--model", "smollm2-135m", "--kb", str(starter_kb_dir))
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stderr
    gpu = report["gpu"]
    if not gpu["llama_build_supports_offload"] or gpu["detected"] is None:
        assert gpu["n_gpu_layers"] == 0 and gpu["decision"].startswith("CPU only")
    assert report["pipeline"]["ok"] and report["pipeline"]["network_attempts"] == []
    assert report["models"]["catalogue"]["qwen2.5-1.5b"]["ok"]
    assert "avx2" in report["cpu"]["features"] or report["cpu"]["features"] == {}
