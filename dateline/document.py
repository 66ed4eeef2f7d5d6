"""Document: what every stage reads. Built once by `dateline.inputs`, never changed by a stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping

from lxml.etree import _Element as Element


@dataclass(frozen=True, slots=True)
class Document:
    kind: Literal["html", "text"]
    url: str | None = None  # the URL given by the caller or the fetch (final URL after redirects)
    # The decoded HTML, for kind == "html" when the page needed decoding (see html): most pages are valid UTF-8,
    # parsed from their bytes (`utf8`) and never decoded.
    decoded: str | None = field(default=None, repr=False)
    tree: Element | None = None  # parsed HTML, for kind == "html"
    text: str | None = None  # the flattened page, for kind == "text"
    encoding: str | None = None  # the encoding the bytes were decoded with, when they were bytes
    headers: Mapping[str, str] = field(default_factory=dict)  # HTTP headers, when fetched or from a WARC record
    # The texts of the page's <script type="application/ld+json"> blocks in document order, for kind == "html": read
    # once at load, for the metadata stage (JSON-LD metadata) and the content stage (a declared articleBody).
    jsonld: tuple[str, ...] = ()
    # The page's <script>, <meta>, <link>, <title>, <h1>, <time> and <figure> elements in document order
    # (inputs.load.LANDMARK_TAGS), for kind == "html": found in one walk at load (a walk of a page's tree costs
    # ~0.12 ms however few elements it returns: libxml2's nodes are scattered in memory). The metadata stage
    # scans them, the content stage reads the h1s; None when the Document was built without them.
    landmarks: tuple[Element, ...] | None = field(default=None, repr=False)
    # The page's bytes, when they are strictly valid UTF-8 (most pages): parsed as they are, and searched faster
    # than a str (see mentions).
    utf8: bytes | None = field(default=None, repr=False)

    @property
    def html(self) -> str | None:
        """The page's HTML as a str, for kind == "html" (decoded from `utf8` when read: the stages do not)."""
        if self.decoded is None and self.utf8 is not None:
            return self.utf8.decode("utf-8")
        return self.decoded

    def mentions(self, marker: str) -> bool:
        """Whether the page's source contains `marker` (ASCII): a cheap test before a walk of the tree that would
        look for it. A byte search of the UTF-8 source is ~2x faster than one of the decoded str (a str holding
        any character past U+00FF is searched two or four bytes a character)."""
        if self.utf8 is not None:
            return marker.encode("ascii") in self.utf8
        return self.decoded is not None and marker in self.decoded
