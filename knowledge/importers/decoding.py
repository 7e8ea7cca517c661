"""Bytes to text for the text-based importers: Unicode first, then a confident guess, else a refusal."""

from __future__ import annotations

import codecs

import charset_normalizer

from knowledge.errors import ImportFailed

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
)
# A guess is trusted only when the decoded text reads as language, not noise.
_MAX_CHAOS_PERCENT = 10.0
# Equally plausible guesses are common for short texts; Western clinic files are most often cp1252.
_PREFERRED = "cp1252"
_GUESS_BYTES = 1 << 20  # guessing reads the whole sample many times; a megabyte is plenty


def bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def head_text(head: bytes) -> str:
    """The first bytes as text, good enough to look for markers like `<html` or `<?xml`."""
    return head.decode(bom_encoding(head) or "utf-8", errors="replace").lstrip("\ufeff")


def decode_text(data: bytes, source: str, warnings: list[str], declared: str | None = None) -> str:
    """Decode a whole file; a guessed encoding is noted in `warnings` so staff can check the result.

    `declared` is an encoding the file names itself (an HTML meta charset), tried before guessing.
    """
    bom = bom_encoding(data)
    if bom:
        try:
            return data.decode(bom)
        except UnicodeDecodeError:
            raise ImportFailed(f"{source}: the text is damaged (marked as Unicode but not valid)") from None
    if b"\x00" in data[:4096]:
        raise ImportFailed(f"{source}: looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: guess instead
    sample = data[:_GUESS_BYTES]
    if len(data) > _GUESS_BYTES:
        sample = sample[: sample.rfind(b"\n") + 1] or sample  # whole lines: no character cut in two
    encoding = _guess(sample)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            pass
        else:
            warnings.append(
                f"the text is not UTF-8; it was read as {encoding} (check that accented letters look right)"
            )
            return text
    raise ImportFailed(
        f"{source}: is not readable text (not UTF-8 and no other encoding fits); "
        "save it as UTF-8 text and import it again"
    )


def _guess(data: bytes) -> str | None:
    matches = [m for m in charset_normalizer.from_bytes(data) if m.percent_chaos <= _MAX_CHAOS_PERCENT]
    if not matches:
        return None
    least_chaos = min(m.percent_chaos for m in matches)
    best = [m for m in matches if m.percent_chaos == least_chaos]
    if any(_PREFERRED in m.could_be_from_charset for m in best):
        return _PREFERRED
    return best[0].encoding
