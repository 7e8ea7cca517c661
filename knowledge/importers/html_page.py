"""A saved web page: the main text only, split into sections at its h2/h3 headings."""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from knowledge.documents import Section, SourceDocument
from knowledge.importers import html_text
from knowledge.importers.decoding import decode_text
from knowledge.importers.markup import first_tag
from knowledge.importers.names import title_from_name

FORMAT = "html"
SUFFIXES = (".html", ".htm")

# After any XML declaration and comments, the page starts with <!doctype html> or <html>.
_HTML_START = re.compile(r"<(!doctype\s+html|html)\b", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
_SECTION_TAGS = frozenset({"h2", "h3"})


def sniff(head: bytes, path: Path) -> bool:
    return bool(_HTML_START.match(first_tag(head, skip_doctype=False)))


def parse(path: Path, source: str) -> SourceDocument:
    data = path.read_bytes()
    warnings: list[str] = []
    declared = _CHARSET.search(data[:4096])
    tree = html_text.parse(
        decode_text(data, source, warnings, declared.group(1).decode("ascii") if declared else None), source
    )
    title = _first_text(tree, "title") or _first_text(tree, "h1") or title_from_name(source)
    return SourceDocument(
        source=source,
        title=title,
        format=FORMAT,
        sections=_sections(_main(tree)),
        url=_attribute(tree, "link[rel~=canonical]", "href") or _attribute(
            tree, "meta[property='og:url']", "content"
        ),
        metadata=_metadata(tree),
        warnings=warnings,
    )


def _main(tree: LexborHTMLParser) -> LexborNode | None:
    """The content area when the page marks one, else the whole body."""
    for selector in ("main", "[role=main]", "article"):
        node = tree.css_first(selector)
        if node is not None:
            return node
    return tree.body


def _sections(root: LexborNode | None) -> list[Section]:
    sections: list[Section] = []
    heading: str = ""
    found: list[html_text.Block] = []

    def flush() -> None:
        text = html_text.join(found)
        if text:
            sections.append(Section(heading, text))

    for block in html_text.blocks(root) if root is not None else []:
        if block.tag in _SECTION_TAGS:
            flush()
            heading, found = block.text, []
        elif block.tag != "h1":  # the h1 repeats the page title
            found.append(block)
    flush()
    return sections


def _first_text(tree: LexborHTMLParser, selector: str) -> str:
    node = tree.css_first(selector)
    return " ".join(node.text().split()) if node is not None else ""


def _attribute(tree: LexborHTMLParser, selector: str, name: str) -> str:
    node = tree.css_first(selector)
    return ((node.attributes.get(name) or "") if node is not None else "").strip()


def _metadata(tree: LexborHTMLParser) -> dict[str, str]:
    description = _attribute(tree, "meta[name=description]", "content")
    return {"description": description} if description else {}
