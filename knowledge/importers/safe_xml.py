"""XML through defusedxml: entity tricks (billion laughs, external entities) are refused, not expanded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_tree
from defusedxml import DefusedXmlException

from knowledge.errors import ImportFailed
from knowledge.importers.markup import first_tag

_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")


def root_name(head: bytes) -> str | None:
    match = _ROOT.match(first_tag(head, skip_doctype=True))
    return match.group(1) if match else None


def local_name(element: Element) -> str:
    """The tag without a namespace, lower-cased: MedQuAD spells the same tags in different cases."""
    return element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""


def parse(path: Path, source: str) -> Element:
    try:
        root = safe_tree.parse(str(path)).getroot()
    except ParseError as exc:
        raise ImportFailed(f"{source}: is not valid XML (line {exc.position[0]})") from None
    except DefusedXmlException:
        raise _unsafe(source) from None
    if root is None:
        raise ImportFailed(f"{source}: is not valid XML (no root element)")
    return root


def iterparse(path: Path, source: str) -> Iterator[tuple[str, Element]]:
    """("start" | "end", element) events, for files too large to hold as one tree."""
    try:
        yield from safe_tree.iterparse(str(path), events=("start", "end"))
    except ParseError as exc:
        raise ImportFailed(f"{source}: is not valid XML (line {exc.position[0]})") from None
    except DefusedXmlException:
        raise _unsafe(source) from None


def refuse_unrecognised(path: Path, source: str) -> NoReturn:
    """An .xml file that is neither MedQuAD nor MedlinePlus: say whether it is XML at all, and what it is."""
    root = parse(path, source)
    raise ImportFailed(
        f"{source}: is XML of a kind CareQA does not import (its root element is <{root.tag}>; "
        "expected a MedQuAD <Document> or a MedlinePlus <health-topics> file)"
    )


def _unsafe(source: str) -> ImportFailed:
    return ImportFailed(f"{source}: uses XML entity declarations, which are refused for safety")
