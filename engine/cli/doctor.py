"""`careqa doctor`: what this machine can do and whether everything CareQA needs is in place."""

from __future__ import annotations

import argparse
import json
import platform
from typing import Any

from engine import hardware, model_catalog, netguard
from engine.cli.options import add_kb_option, gpu_layers_arg, settings_from
from engine.errors import CareQAError
from engine.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("doctor", help="check hardware, GPU offload, models, library, network")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verify", action="store_true", help="re-hash model files (slow)")
    parser.add_argument("--model", help="catalogue key or path of a GGUF chat model")
    parser.add_argument("--gpu-layers", type=gpu_layers_arg, help="auto, cpu or a layer count")
    add_kb_option(parser)
    parser.set_defaults(run=run)


def _models(settings: Settings, force: bool) -> dict[str, Any]:
    report: dict[str, Any] = {"configured": settings.model, "catalogue": {}}
    for model in model_catalog.MODEL_CATALOG.values():
        try:
            path = model_catalog.verify(model, force=force)
            report["catalogue"][model.key] = {"ok": True, "path": str(path), "sha256": "verified"}
        except CareQAError as exc:
            report["catalogue"][model.key] = {"ok": False, "problem": str(exc)}
    return report


def _collections(settings: Settings) -> int:
    """How many collections the library has (the retriever counts documents and passages)."""
    from knowledge.store import Store

    store = Store(settings.resolved_kb_dir(), readonly=True)
    try:
        return store.stats().collections
    finally:
        store.close()


def _load_and_search(settings: Settings) -> dict[str, Any]:
    """Load every model and search the library, recording any network attempt."""
    from engine.factory import build_assistant

    result: dict[str, Any] = {"ok": False}
    with netguard.watch() as attempts:
        try:
            assistant = build_assistant(settings)
            try:
                assistant.load()
                documents, passages = assistant.retriever.library_size()
                hits = assistant.retriever.search("What is high blood pressure?", 1)
                tagger = assistant.tagger
                terms = tagger.annotate(["Can metformin help type 2 diabetes?"])[0] if tagger else []
                result.update(ok=True, model=assistant.llm.name, kb_path=str(
                    settings.resolved_kb_dir()), documents=documents, passages=passages,
                    collections=_collections(settings),
                    search_works=bool(hits), term_recogniser=tagger is not None,
                    recognised=[f"{e.text} ({e.label})" for e in terms])
            finally:
                assistant.close()
        except CareQAError as exc:
            result["problem"] = str(exc)
    result["network_attempts"] = list(attempts)
    return result


def collect(settings: Settings, verify: bool) -> dict[str, Any]:
    supports = hardware.llama_build_supports_gpu()
    gpu = hardware.detect_gpu()
    decision = hardware.decide_offload(settings.gpu_layers, supports, gpu)
    return {
        "python": platform.python_version(),
        "cpu": {"features": hardware.cpu_features(), "threads": hardware.default_threads(),
                "llama_cpp_build": hardware.llama_system_info().strip()},
        "gpu": {"detected": gpu, "llama_build_supports_offload": supports,
                "setting": settings.gpu_layers, "n_gpu_layers": decision.n_gpu_layers,
                "decision": decision.reason},
        "models": _models(settings, verify),
        "pipeline": _load_and_search(settings),
    }


def _print_human(report: dict[str, Any]) -> None:
    cpu, gpu, pipeline = report["cpu"], report["gpu"], report["pipeline"]
    features = " ".join(f"{k}={'yes' if v else 'no'}" for k, v in cpu["features"].items())
    print(f"CPU        {cpu['threads']} threads; {features}")
    print(f"llama.cpp  {cpu['llama_cpp_build']}")
    print(f"GPU        detected: {gpu['detected'] or 'none'}; build can offload: "
          f"{'yes' if gpu['llama_build_supports_offload'] else 'no'}")
    print(f"Offload    {gpu['decision']} (n_gpu_layers={gpu['n_gpu_layers']})")
    for key, status in report["models"]["catalogue"].items():
        mark = "*" if key == report["models"]["configured"] else " "
        detail = f"sha256 ok, {status['path']}" if status["ok"] else status["problem"]
        print(f"Model {mark}   {key}: {detail}")
    if pipeline["ok"]:
        print(f"Library    {pipeline['kb_path']}: {pipeline['collections']} collections, "
              f"{pipeline['documents']} documents, {pipeline['passages']} passages")
        print("Terms      " + (f"recogniser works: {', '.join(pipeline['recognised'])}"
                                if pipeline["term_recogniser"] else
                                "recogniser not installed or turned off (recognise_terms)"))
    else:
        print(f"Pipeline   PROBLEM: {pipeline['problem']}")
    attempts = pipeline["network_attempts"]
    print("Network    no connection attempts while loading models and searching" if not attempts
          else f"Network    PROBLEM: {len(attempts)} attempts: {attempts[:3]}")


def run(args: argparse.Namespace) -> int:
    report = collect(settings_from(args), args.verify)
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        _print_human(report)
    healthy = report["pipeline"]["ok"] and not report["pipeline"]["network_attempts"]
    return 0 if healthy else 1
