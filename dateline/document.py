"""Document: what every stage reads. Built once by `dateline.inputs`, never changed by a stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping

from lxml.etree import _Element as Element


@dataclass(frozen=True, slots=True)
class Document:
    kind: Literal["html", "text"]
    url: str | None = None  # the URL given by the caller or the fetch (final URL after redirects)
    html: str | None = None  # decoded HTML, for kind == "html"
    tree: Element | None = None  # parsed HTML, for kind == "html"
    text: str | None = None  # the flattened page, for kind == "text"
    encoding: str | None = None  # the encoding the bytes were decoded with, when they were bytes
    headers: Mapping[str, str] = field(default_factory=dict)  # HTTP headers, when fetched or from a WARC record
