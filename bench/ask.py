"""Time to first token and generation speed: CareQA's Assistant against llama_cpp called directly
on the same final prompt, in the same run, on the same loaded model. Prints JSON.

    .venv/bin/python bench/ask.py [--model qwen2.5-1.5b] [--tokens 64] [--repeats 4]

Each timed call starts from an empty KV cache (`Llama.reset()`), except the "warm" case, which
asks a second question right after a first one, as a patient would, so the fixed system prompt
is already in the cache.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Iterable
from dataclasses import replace

import engine  # noqa: F401  (offline environment)
from engine.factory import build_assistant
from engine.prompts import build_prompt
from engine.settings import Settings

QUESTION = "What is high blood pressure and how can I lower it?"
FOLLOW_UP = "How is asthma treated?"


def timed_stream(pieces: Iterable[str]) -> dict[str, float]:
    """TTFT and generation tokens/s of a stream that starts now (one piece = one token)."""
    start = time.perf_counter()
    first = last = None
    count = 0
    for _ in pieces:
        last = time.perf_counter()
        first = first or last
        count += 1
    gen_s = (last - first) if count > 1 else float("nan")
    return {"ttft_ms": (first - start) * 1000, "tokens": count,
            "gen_tok_s": (count - 1) / gen_s if count > 1 else float("nan")}


def careqa_call(assistant, question: str) -> dict[str, float]:
    assistant.llm.llama.reset()
    return timed_stream(assistant.stream(question))


def raw_call(llama, tokens: list[int], stop: list[str], settings: Settings, n: int) -> dict:
    llama.reset()
    pieces = llama.create_completion(
        prompt=tokens, max_tokens=n, temperature=settings.temperature, top_p=0.9,
        repeat_penalty=1.1, stop=stop, stream=True, seed=settings.seed,
    )
    # The stream ends with an empty chunk carrying finish_reason: count text pieces only, as
    # CareQA does, so both sides count the same tokens.
    return timed_stream(text for p in pieces if (text := p["choices"][0]["text"]))


def median(runs: list[dict], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="qwen2.5-1.5b")
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=4)
    args = parser.parse_args()
    settings = Settings(model=args.model, max_answer_tokens=args.tokens)
    assistant = build_assistant(settings)
    # Same final prompt on both sides: no rewording pass for reading level (a second prompt).
    assistant.options = replace(assistant.options, reading_grade_target=float("inf"))
    load_start = time.perf_counter()
    assistant.load()
    load_s = time.perf_counter() - load_start
    llm, llama = assistant.llm, assistant.llm.llama

    # The exact final prompt CareQA builds for QUESTION.
    passages = [p for p in assistant.retriever.search(QUESTION, settings.top_k_passages)
                if p.score >= settings.min_relevance]
    prompt = build_prompt(QUESTION, passages, budget_tokens=settings.passage_token_budget,
                          count_tokens=llm.count_tokens)
    rendered = llm.render(prompt.messages)

    raw_call(llama, rendered.tokens, rendered.stop, settings, 4)  # page the weights in first
    careqa_runs, raw_runs = [], []
    for repeat in range(args.repeats):  # interleaved, alternating who goes first
        calls = [lambda: raw_runs.append(
                     raw_call(llama, rendered.tokens, rendered.stop, settings, args.tokens)),
                 lambda: careqa_runs.append(careqa_call(assistant, QUESTION))]
        for call in calls if repeat % 2 == 0 else reversed(calls):
            call()

    cold_follow_up = careqa_call(assistant, FOLLOW_UP)
    careqa_call(assistant, QUESTION)  # first question of a session...
    warm_follow_up = timed_stream(assistant.stream(FOLLOW_UP))  # ...then the second
    assistant.close()

    ttft_c, ttft_r = median(careqa_runs, "ttft_ms"), median(raw_runs, "ttft_ms")
    gen_c, gen_r = median(careqa_runs, "gen_tok_s"), median(raw_runs, "gen_tok_s")
    print(json.dumps({
        "model": llm.name, "gpu_layers": llm.n_gpu_layers, "offload": assistant.offload.reason,
        "load_s": round(load_s, 2), "prompt_tokens": len(rendered.tokens),
        "repeats": args.repeats, "max_tokens": args.tokens,
        "raw": {"ttft_ms": ttft_r, "gen_tok_s": gen_r},
        "careqa": {"ttft_ms": ttft_c, "gen_tok_s": gen_c},
        "ttft_ratio": round(ttft_c / ttft_r, 3), "target_ttft_ratio_max": 1.15,
        "gen_ratio": round(gen_c / gen_r, 3), "target_gen_ratio_min": 0.95,
        "second_question": {
            "cold_ttft_ms": round(cold_follow_up["ttft_ms"], 1),
            "after_first_question_ttft_ms": round(warm_follow_up["ttft_ms"], 1),
            "faster_with_cached_system_prompt":
                warm_follow_up["ttft_ms"] < cold_follow_up["ttft_ms"],
        },
    }, indent=2))


if __name__ == "__main__":
    main()
