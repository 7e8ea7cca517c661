"""HTML to plain text blocks: one block per paragraph, list item, table row or heading.

Shared by the HTML importer (which splits the blocks at headings) and the MedlinePlus importer
(whose summaries are HTML). The walk uses an explicit stack so deeply nested pages cannot
exhaust Python's recursion limit, and absurd nesting is refused before parsing: the HTML parser
takes time that grows with the square of the depth (200,000 nested <div>s take minutes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from knowledge.errors import ImportFailed

# Page furniture and non-content: never part of the text.
DROP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
     "button", "select", "textarea", "svg", "iframe", "object", "head"}
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = HEADING_TAGS | {
    "address", "article", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "tfoot", "thead", "tr", "ul",
}
_CELL_TAGS = frozenset({"td", "th"})
_CELL_SEPARATOR = " | "

MAX_NESTING = 2000  # real pages nest a few dozen levels
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^<>]*)>")  # [^<>]: a stray "<" cannot make it scan far
# Tags that never hold others (void) or close themselves (optional end tag): they do not nest.
_FLAT_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
     "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
     "colgroup", "rb", "rt", "rp", "html", "head", "body"}
)


@dataclass(frozen=True)
class Block:
    tag: str  # the block element the text came from: "p", "li", "h2", "tr"...
    text: str


def parse(html: str, source: str) -> LexborHTMLParser:
    if _too_deep(html):
        raise ImportFailed(
            f"{source}: the HTML is nested more than {MAX_NESTING} levels deep; it is not a normal web page"
        )
    return LexborHTMLParser(html)


def _too_deep(html: str) -> bool:
    depth = 0
    for match in _TAG.finditer(html):
        closing, name, attributes = match.groups()
        if attributes.endswith("/") or name.lower() in _FLAT_TAGS:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > MAX_NESTING:
            return True
    return False


def blocks(root: LexborNode) -> list[Block]:
    found: list[Block] = []
    parts: list[str] = []
    open_blocks: list[str] = []

    def flush() -> None:
        text = " ".join("".join(parts).split()).strip(_CELL_SEPARATOR)
        if text:
            found.append(Block(open_blocks[-1] if open_blocks else "p", text))
        parts.clear()

    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag or ""
        if leaving:
            if tag in _CELL_TAGS:
                parts.append(_CELL_SEPARATOR)
            else:
                flush()
                open_blocks.pop()
        elif node.is_text_node:
            parts.append(node.text(deep=False) or "")
        elif tag == "br":
            flush()
        elif node.is_element_node and tag not in DROP_TAGS:
            if tag in _BLOCK_TAGS:
                flush()
                open_blocks.append(tag)
            if tag in _BLOCK_TAGS or tag in _CELL_TAGS:
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    flush()
    return found


def join(found: list[Block]) -> str:
    """Blocks as text the chunker splits well: list items on their own lines, blank lines between."""
    text = ""
    previous = ""
    for block in found:
        line = f"- {block.text}" if block.tag == "li" else block.text
        if text:
            text += "\n" if block.tag == previous == "li" else "\n\n"
        text += line
        previous = block.tag
    return text


def to_text(html: str, source: str) -> str:
    tree = parse(html, source)
    return join(blocks(tree.body)) if tree.body is not None else ""
