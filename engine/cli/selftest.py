"""`careqa self-test` (also `careqa doctor --self-test`, and `CareQA --self-test` in the frozen app):
prove, on this machine, that CareQA can start, find its models and answer.

It loads every model (embeddings, medical-term recogniser, the configured chat model and, when
present, the tiny SmolLM2 that answers quickly; the default 1.5B model would take about a minute
to answer on a 2-core machine, so it is loaded but not asked), imports two starter
articles into a temporary library, asks a question through the real `Assistant` built from
settings that point at that library, checks that the answer cites a passage and that nothing
tried to reach the network, and prints one line per step with its time. The user's own library
and settings file are never touched. Any failure prints one line starting `self-test: FAILED`
and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine import model_catalog, netguard
from engine.errors import CareQAError
from engine.settings import Settings

SMALL_MODEL = "smollm2-135m"
SAMPLE_ARTICLES = ("high-blood-pressure.md", "asthma.md")
QUESTION = "How can I lower my blood pressure?"
COLLECTION = "self-test"


class SelfTestFailed(Exception):
    """One step of the self-test failed; the message says which and why."""


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("self-test", help="load every model, import a sample, answer "
                                 "a question with a citation (exit 0 when all works)")
    parser.add_argument("--model", help=f"chat model to answer with (default: {SMALL_MODEL} "
                        "when present, else the configured model)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(run=run)
    doctor = commands.choices.get("doctor")
    if doctor is not None:  # `careqa doctor --self-test` runs the same test
        doctor.add_argument("--self-test", action="store_true", dest="self_test",
                            help="run `careqa self-test` instead of the checks")
        doctor.set_defaults(run=_doctor_or_self_test(doctor.get_default("run")))


def _doctor_or_self_test(doctor_run: Callable[[argparse.Namespace], int]):
    def run_either(args: argparse.Namespace) -> int:
        return run(args) if getattr(args, "self_test", False) else doctor_run(args)
    return run_either


def choose_model(requested: str | None, configured: str) -> str:
    """The small model when it is installed (fast), else the configured one."""
    if requested:
        return requested
    try:
        model_catalog.verify(model_catalog.MODEL_CATALOG[SMALL_MODEL])
        return SMALL_MODEL
    except CareQAError:
        return configured


def sample_files() -> list[Path]:
    from knowledge.starter import ARTICLES_DIR

    files = [ARTICLES_DIR / name for name in SAMPLE_ARTICLES]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise SelfTestFailed(f"the bundled sample articles are missing: {', '.join(missing)}")
    return files


class _Steps:
    """Runs named steps, timing each; a CareQA error becomes SelfTestFailed naming the step."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        self.timings: dict[str, float] = {}
        self._echo = echo

    def __call__(self, name: str, action: Callable[[], Any], detail: Callable[[Any], str]) -> Any:
        started = time.perf_counter()
        try:
            result = action()
        except (CareQAError, OSError, ImportError, RuntimeError, ValueError) as exc:
            raise SelfTestFailed(f"{name}: {exc}") from exc
        self.timings[name] = round(time.perf_counter() - started, 3)
        self._echo(f"self-test: {name:<16} {self.timings[name]:6.2f} s  {detail(result)}")
        return result


def self_test(model: str | None = None, echo: Callable[[str], None] = print) -> dict[str, Any]:
    """Run every step in a temporary folder; return the report or raise SelfTestFailed."""
    from engine.factory import build_assistant

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="careqa-self-test-"))
    step = _Steps(echo)
    try:
        configured = Settings()
        chosen = choose_model(model, configured.model)
        settings = Settings(kb_dir=work / "kb", model=chosen, max_answer_tokens=120)
        with netguard.watch(block=True) as attempts:
            assistant = step("find models", lambda: build_assistant(settings),
                             lambda a: f"chat model {a.llm.name} at {a.llm.path}")
            try:
                report = _run_pipeline(step, assistant, settings)
                if chosen != configured.model:
                    step("configured model", lambda: _load_configured(configured),
                         lambda name: f"{name} loads too")
            finally:
                assistant.close()
        if attempts:
            raise SelfTestFailed(f"network attempts: {attempts[:3]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = round(time.perf_counter() - started, 3)
    echo(f"self-test: OK in {total:.1f} s (python {sys.version.split()[0]}, "
         f"{'frozen' if getattr(sys, 'frozen', False) else 'source'}: {sys.executable})")
    return report | {"ok": True, "total_s": total, "timings_s": step.timings,
                     "frozen": bool(getattr(sys, "frozen", False)), "executable": sys.executable}


def _load_configured(settings: Settings) -> str:
    """Load (then free) the chat model the app will use, to prove it is found and valid."""
    from engine.factory import build_chat_model, offload_decision

    llm = build_chat_model(settings, offload_decision(settings))
    try:
        llm.load()
    finally:
        llm.close()
    return llm.name


def _run_pipeline(step: _Steps, assistant, settings: Settings) -> dict[str, Any]:
    from knowledge.library import KnowledgeBase

    embedder, tagger, llm = assistant.retriever.embedder, assistant.tagger, assistant.llm
    step("embeddings", embedder.load, lambda _: f"{embedder.name}, {embedder.dimension} dims")
    if tagger is None:
        raise SelfTestFailed("medical-term model: not found (is engine/models/ner bundled?)")
    step("term model", tagger.load, lambda _: "DISEASE/DRUG recogniser loaded")
    step("chat model", llm.load, lambda _: f"{llm.name} loaded")

    def import_sample():
        kb = KnowledgeBase(settings.resolved_kb_dir(), readonly=False)
        try:
            return kb.import_files(sample_files(), embedder, collection=COLLECTION, tagger=tagger)
        finally:
            kb.close()

    imported = step("import sample", import_sample,
                    lambda r: f"{len(r.imported)} articles, {r.passages_added} passages")
    if imported.failed or len(imported.imported) != len(SAMPLE_ARTICLES):
        raise SelfTestFailed(f"import sample: {imported.failed or imported.imported}")
    step("open library", assistant.retriever.load, lambda _: str(settings.resolved_kb_dir()))
    answer = step("answer", lambda: assistant.ask(QUESTION),
                  lambda a: f"{len(a.citations)} citations, {len(a.text)} characters")
    if not answer.citations:
        raise SelfTestFailed(f"answer: no citation (flags: {[f.code for f in answer.flags]}; "
                             f"text: {answer.text[:120]!r})")
    return {"model": llm.name, "model_path": str(llm.path), "answer": answer.text,
            "citations": [c.passage.source for c in answer.citations],
            "passages_imported": imported.passages_added}


def run(args: argparse.Namespace) -> int:
    quiet = getattr(args, "json", False)
    try:
        report = self_test(getattr(args, "model", None), echo=(lambda _: None) if quiet else print)
    except SelfTestFailed as exc:
        message = f"self-test: FAILED: {exc}"
        print(json.dumps({"ok": False, "problem": str(exc)}) if quiet else message,
              file=sys.stdout if quiet else sys.stderr)
        return 1
    if quiet:
        print(json.dumps(report, indent=2))
    return 0
