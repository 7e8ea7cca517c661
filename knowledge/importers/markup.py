"""Where an XML or HTML file's first real tag starts, for sniffing: past the XML declaration,
processing instructions, comments and (optionally) a doctype.

A plain loop, not one regular expression: a pattern like `(<!--.*?-->)*` backtracks
exponentially on a head made of many comments followed by junk.
"""

from __future__ import annotations

from knowledge.importers.decoding import head_text

_SKIPPED = (("<?", "?>"), ("<!--", "-->"))


def first_tag(head: bytes, *, skip_doctype: bool) -> str:
    """The head's text from its first tag on ("" when the head ends first)."""
    text = head_text(head)
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        closing = next((end for start, end in _SKIPPED if text.startswith(start, pos)), None)
        if closing is None and skip_doctype and text[pos : pos + 9].lower() == "<!doctype":
            pos = _doctype_end(text, pos)
        elif closing is not None:
            end = text.find(closing, pos)
            pos = -1 if end < 0 else end + len(closing)
        else:
            return text[pos:]
        if pos < 0:
            return ""


def _doctype_end(text: str, pos: int) -> int:
    """Just past `<!DOCTYPE ...>`, including an internal subset in [ ] (-1 when cut off)."""
    bracket, close = text.find("[", pos), text.find(">", pos)
    if 0 <= bracket < close:
        subset_end = text.find("]", bracket)
        close = text.find(">", subset_end) if subset_end >= 0 else -1
    return close + 1 if close >= 0 else -1
