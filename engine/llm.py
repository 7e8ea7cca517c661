"""The chat model: any GGUF through llama-cpp-python, streamed and cancellable between tokens.

The model's own chat template (from the GGUF metadata) renders the messages, and the prompt is
tokenised here, so token counts are exact and an identical prefix (the fixed system prompt) is
reused from llama.cpp's KV cache on the next question.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from engine.errors import Cancelled, ModelLoadError, ModelNotFound

if TYPE_CHECKING:
    from llama_cpp import Llama
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter
    from llama_cpp.llama_types import ChatCompletionRequestMessage

log = logging.getLogger(__name__)

# Used only when a user's GGUF carries no chat template.
_CHATML = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


@dataclass(frozen=True)
class RenderedPrompt:
    tokens: list[int]
    stop: list[str]


class ChatModel(Protocol):
    name: str
    n_gpu_layers: int

    def load(self) -> None: ...
    def render(self, messages: list[dict[str, str]]) -> RenderedPrompt: ...
    def count_tokens(self, text: str) -> int: ...
    def stream(
        self, prompt: RenderedPrompt, *, max_tokens: int, cancel: threading.Event | None = None
    ) -> Iterator[str]: ...
    def close(self) -> None: ...


class LlamaChatModel:
    def __init__(
        self, path: Path, *, name: str = "", n_ctx: int = 4096, n_threads: int | None = None,
        n_gpu_layers: int = 0, temperature: float = 0.2, seed: int = 7,
    ) -> None:
        self.path = Path(path)
        self.name = name or self.path.name
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.n_gpu_layers = n_gpu_layers
        self.temperature = temperature
        self.seed = seed
        self._llm: Llama | None = None
        self._formatter: Jinja2ChatFormatter | None = None
        self._lock = threading.Lock()  # llama.cpp contexts are not thread-safe

    def load(self) -> None:
        if self._llm is not None:
            return
        if not self.path.is_file():
            raise ModelNotFound(f"Chat model file {self.path} does not exist.")
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        try:
            self._llm = llm = Llama(
                model_path=str(self.path), n_ctx=self.n_ctx, n_threads=self.n_threads,
                n_gpu_layers=self.n_gpu_layers, seed=self.seed, verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelLoadError(
                f"Could not load {self.path.name} ({exc}); is it a valid GGUF chat model?"
            ) from exc
        template = llm.metadata.get("tokenizer.chat_template") or _CHATML
        self._formatter = Jinja2ChatFormatter(
            template=template, eos_token=self._token_text(llm, llm.token_eos()),
            bos_token=self._token_text(llm, llm.token_bos()),
        )

    @staticmethod
    def _token_text(llm: Llama, token: int) -> str:
        if token < 0:
            return ""
        return llm.detokenize([token], special=True).decode("utf-8", errors="ignore")

    def _loaded(self) -> tuple[Llama, Jinja2ChatFormatter]:
        """`load()`, then the model and its chat formatter."""
        self.load()
        if self._llm is None or self._formatter is None:
            raise ModelLoadError(f"The chat model {self.name} is not loaded.")
        return self._llm, self._formatter

    @property
    def llama(self) -> Llama:
        """The underlying llama_cpp.Llama (for the benchmark's raw comparison)."""
        return self._loaded()[0]

    def render(self, messages: list[dict[str, str]]) -> RenderedPrompt:
        llm, formatter = self._loaded()
        # Plain {"role", "content"} dicts: the shape of llama_cpp's message TypedDicts.
        result = formatter(messages=cast("list[ChatCompletionRequestMessage]", messages))
        tokens = llm.tokenize(
            result.prompt.encode("utf-8"), add_bos=not result.added_special, special=True
        )
        stop = [result.stop] if isinstance(result.stop, str) else list(result.stop or [])
        return RenderedPrompt(tokens=tokens, stop=stop)

    def count_tokens(self, text: str) -> int:
        llm, _ = self._loaded()
        return len(llm.tokenize(text.encode("utf-8"), add_bos=False))

    def stream(
        self, prompt: RenderedPrompt, *, max_tokens: int, cancel: threading.Event | None = None
    ) -> Iterator[str]:
        llm, _ = self._loaded()
        with self._lock:
            pieces = llm.create_completion(
                prompt=prompt.tokens, max_tokens=max_tokens, temperature=self.temperature,
                top_p=0.9, repeat_penalty=1.1, stop=prompt.stop, stream=True, seed=self.seed,
            )
            if not isinstance(pieces, Generator):  # stream=True: llama_cpp yields the pieces
                raise TypeError(f"llama_cpp returned {type(pieces).__name__}, not a stream")
            try:
                for piece in pieces:
                    if cancel is not None and cancel.is_set():
                        raise Cancelled("Answer stopped.")
                    text = piece["choices"][0]["text"]
                    if text:
                        yield text
            finally:
                pieces.close()

    def close(self) -> None:
        if self._llm is not None:
            self._llm.close()
            self._llm = None
