"""Walk the chosen container(s) and emit the body's blocks, leaving out boilerplate sub-blocks.

The walk is iterative (an explicit stack of work items), so depth is never a problem. A container element's direct
text and inline children form "runs" (the <br>-separated text of pages with little markup); its block children are
walked in their place, so reading order is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from lxml.etree import _Element as Element

from dateline.article import Block, Image, Removed
from dateline.options import Options
from dateline.stages import patterns as P
from dateline.stages.content_scan import Scan, is_boilerplate, is_pull_quote, text_content

_Piece = Union[str, Element]


@dataclass(slots=True)
class Emitted:
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    teaser_headings: int = 0  # headings that are links: many of them make an index page


class Emitter:
    def __init__(self, scan: Scan, options: Options, container_chars: int):
        self.scan = scan
        self.options = options
        self.collect = options.include_removed
        self.container_chars = max(container_chars, 1)
        self.out = Emitted()
        self._roots: set[Element] = set()  # the chosen containers: never teaser cards themselves

    # --- the walk ---------------------------------------------------------------------------------------------

    def run(self, elements: list[Element]) -> Emitted:
        self._roots = set(elements)
        stack: list[tuple[str, object]] = [("el", el) for el in reversed(elements)]
        while stack:
            kind, item = stack.pop()
            if kind == "run":
                pieces, container = item  # type: ignore[misc]
                self._run(pieces, where=container)
            else:
                stack.extend(reversed(self._element(item)))  # type: ignore[arg-type]
        return self.out

    def _element(self, el: Element) -> list[tuple[str, object]]:
        """Emit a block for `el`, or return its content as work items when it is a container."""
        tag = el.tag
        if not isinstance(tag, str) or tag in P.SKIP_TAGS or el in self.scan.hidden:
            return []
        role = self.scan.roles.get(el)
        if role and tag != "figure" and self._drops(el, role):  # a figure's own handler splits image and caption
            self._remove(el, role)
            return []
        handler = _HANDLERS.get(tag)
        if handler is not None and handler(self, el):
            return []
        if tag in ("aside", "div") and is_pull_quote(el) and self._pull_quote(el):
            return []
        if tag in _CARD_TAGS and el not in self._roots and self._is_teaser_card(el):
            self.out.teaser_headings += 1
            self._remove(el, "teaser-list")
            return []
        return self._container_items(el)

    def _is_teaser_card(self, el: Element) -> bool:
        """A small block titled by one linked heading is a teaser for another story ("Next article", a card)."""
        stats = self.scan.stats.get(el)
        if stats is None or stats.chars > P.TEASER_CARD_MAX_CHARS:
            return False
        headings = list(el.iter("h2", "h3", "h4", "h5", "h6"))
        if len(headings) != 1:
            return False
        heading = headings[0]
        parent = heading.getparent()
        heading_stats = self.scan.stats.get(heading)
        return (parent is not None and parent.tag == "a") or \
            (heading_stats is not None and heading_stats.link_density >= P.LINK_PARAGRAPH_DENSITY)

    def _drops(self, el: Element, role: str) -> bool:
        if role == "comments" and self.options.include_comments:
            return False
        return is_boilerplate(el, self.scan, self.container_chars)

    def _container_items(self, el: Element) -> list[tuple[str, object]]:
        """The children as work items: block children in place, inline content between them as runs. Runs that
        are only the markup's indentation are not kept (most runs of a page)."""
        items: list[tuple[str, object]] = []
        text = el.text
        run: list[_Piece] = [text] if text and not text.isspace() else []
        for child in el:
            if _is_inline(child):
                run.append(child)
            else:
                if run:
                    items.append(("run", (run, el)))
                    run = []
                items.append(("el", child))
            tail = child.tail
            if tail and (run or not tail.isspace()):
                run.append(tail)
        if run:
            items.append(("run", (run, el)))
        return items

    # --- block kinds --------------------------------------------------------------------------------------------

    def _paragraph(self, el: Element) -> bool:
        if any(not _is_inline(child) for child in el):
            return False  # a <p> holding blocks (invalid but common): walk it as a container
        self._run(pieces_of(el) if len(el) else [el.text or ""], el)
        return True

    def _inline(self, el: Element) -> tuple[str, int]:
        """(text, chars in links) of an element read as one run of text. Most elements hold nothing to leave out:
        their text comes from lxml in C; the others are walked."""
        stats = self.scan.stats.get(el)
        if stats is not None and not stats.mixed:
            text = self.scan.texts.get(el)
            return collapse(text if text is not None else text_content(el)), stats.link_chars
        return inline_text(pieces_of(el), self.scan)

    def _run(self, pieces: list[_Piece], origin: Element | None = None,
             where: Element | None = None) -> None:
        """Paragraphs from a run of text: one for a <p> (`origin`), one per <br><br> for loose text in a container
        (`where`, for provenance only)."""
        if origin is not None and len(pieces) > 1:
            text, link_chars = self._inline(origin)
        else:
            text, link_chars = inline_text(pieces, self.scan)
        path = self._path(origin if origin is not None else where)
        for part in text.split("\n\n") if origin is None else (text,):
            part = part.strip() if origin is None else part.strip().replace("\n\n", "\n")
            if not part:
                continue
            if link_chars and len(part) <= P.LINK_PARAGRAPH_MAX_CHARS and link_chars >= P.LINK_PARAGRAPH_DENSITY * len(text):
                self._removed_text("related", part, path)
                continue
            self._add(Block(kind="paragraph", text=part, origin=path))

    def _heading(self, el: Element) -> bool:
        text, link_chars = self._inline(el)
        text = collapse(text)
        if text:
            parent = el.getparent()
            if link_chars >= P.LINK_PARAGRAPH_DENSITY * len(text) or (parent is not None and parent.tag == "a"):
                self.out.teaser_headings += 1
                self._removed_text("teaser-list", text, el)
            else:
                self._add(Block(kind="heading", text=text, level=P.HEADING_TAGS[el.tag], origin=self._path(el)))
        return True

    def _list(self, el: Element) -> bool:
        stats = self.scan.stats.get(el)
        if stats is None:
            return True
        if stats.link_density > P.TEASER_LINK_DENSITY:
            self._remove(el, "teaser-list")
            return True
        if next(el.iter(*_LAYOUT_IN_LIST), None) is not None:
            return False  # a list used for layout (cards, galleries): its items are blocks of their own
        items = []
        for item in el:
            if item.tag in ("li", "dt", "dd") and item not in self.scan.hidden:
                text = " ".join(self._inline(item)[0].split())
                if text:
                    items.append(text)
        if items:
            self._add(Block(kind="list", text="\n".join(items), items=tuple(items), ordered=el.tag == "ol",
                            origin=self._path(el)))
        return True

    def _quote(self, el: Element) -> bool:
        # Embedded posts (tweets) are kept as quotes: the story quotes them, and hand-made bodies keep them (dev).
        if any(not _is_inline(child) and child.tag != "p" for child in el):
            return False
        pieces: list[_Piece] = [el.text or ""]
        for child in el:
            pieces.extend(("\n\n", child, "\n\n") if child.tag == "p" else (child,))
            if child.tail:
                pieces.append(child.tail)
        text = inline_text(pieces, self.scan)[0].strip()
        if text:
            self._add(Block(kind="quote", text=text.replace("\n\n", "\n"), origin=self._path(el)))
        return True

    def _pull_quote(self, el: Element) -> bool:
        """A pull quote in its place, as a quote block (its own text: no nested blocks to walk)."""
        stats = self.scan.stats.get(el)
        if el in self._roots or stats is None or stats.chars > P.PULL_QUOTE_MAX_CHARS:
            return False
        text, _ = inline_text(pieces_of(el), self.scan)
        text = " ".join(text.split())
        if text:
            self._add(Block(kind="quote", text=text, origin=self._path(el)))
        return True

    def _table(self, el: Element) -> bool:
        if not self.options.include_tables:
            self._remove(el, "table")
            return True
        if _is_layout_table(el):
            return False
        rows, header = [], False
        for row in el.iter("tr"):
            cells = tuple(" ".join(self._inline(c)[0].split())
                          for c in row if c.tag in ("td", "th"))
            if any(cells):
                header = header or (not rows and all(c.tag == "th" for c in row if c.tag in ("td", "th")))
                rows.append(cells)
        if rows:
            self._add(Block(kind="table", text="\n".join("\t".join(r) for r in rows), rows=tuple(rows),
                            header=header, origin=self._path(el)))
        return True

    def _figure(self, el: Element) -> bool:
        caption_el = next(el.iter("figcaption"), None)
        caption = " ".join(inline_text(pieces_of(caption_el), self.scan)[0].split()) if caption_el is not None else ""
        img = next(el.iter("img"), None)
        if img is None and caption_el is None:
            return False  # a <figure> used for a pull quote or a box: walk it
        if not self.options.include_images:
            if caption:
                self._removed_text("caption", caption, el)
            return True
        url = (img.get("src") or img.get("data-src")) if img is not None else None
        if caption or url:
            image = Image(url=url, caption=caption or None, alt=img.get("alt") if img is not None else None)
            self._add(Block(kind="figure", text=caption, image=image, origin=self._path(el)))
        return True

    def _code(self, el: Element) -> bool:
        text = text_content(el).strip("\n")
        if text.strip():
            self._add(Block(kind="code", text=text, origin=self._path(el)))
        return True

    # --- bookkeeping --------------------------------------------------------------------------------------------

    def _add(self, block: Block) -> None:
        self.out.blocks.append(block)

    def _remove(self, el: Element, role: str) -> None:
        if self.collect:
            self._removed_text(role, text_content(el), el)

    def _removed_text(self, role: str, text: str, where: Element | str | None) -> None:
        if self.collect:
            text = " ".join(text.split())
            if text:
                origin = where if isinstance(where, str) or where is None else self._path(where)
                self.out.removed.append(Removed(role=role, text=text[:500], origin=origin))

    def _path(self, el: Element | None) -> str | None:
        if el is None or not self.collect:
            return None
        return el.getroottree().getpath(el)


_HANDLERS = {
    "p": Emitter._paragraph, "h1": Emitter._heading, "h2": Emitter._heading, "h3": Emitter._heading,
    "h4": Emitter._heading, "h5": Emitter._heading, "h6": Emitter._heading, "ul": Emitter._list,
    "ol": Emitter._list, "dl": Emitter._list, "blockquote": Emitter._quote, "table": Emitter._table,
    "figure": Emitter._figure, "pre": Emitter._code,
}


_CARD_TAGS = frozenset({"div", "li", "article", "section"})
_LAYOUT_IN_LIST = ("table", "figure", "h1", "h2", "h3", "h4", "img", "article")


def _is_inline(el: Element) -> bool:
    tag = el.tag
    if not isinstance(tag, str):
        return True  # a comment or processing instruction: only its tail matters
    if tag not in P.INLINE_TAGS:
        return False
    # Most inline elements (a link, an <em>) have no children: no generator to build then.
    return not len(el) or not any(isinstance(child.tag, str) and child.tag not in P.INLINE_TAGS for child in el)


def _is_layout_table(table: Element) -> bool:
    """A table that lays out a page (nested tables, paragraphs in cells) is walked, not emitted as data."""
    for el in table.iter("table", "p", "div", "ul", "h1", "h2", "h3", "blockquote"):
        if el is not table:
            return True
    return False


def pieces_of(el: Element) -> list[_Piece]:
    """An element's content as a run: its text, then each child followed by the child's tail."""
    pieces: list[_Piece] = [el.text] if el.text else []
    for child in el:
        pieces.append(child)
        if child.tail:
            pieces.append(child.tail)
    return pieces


def inline_text(pieces: list[_Piece], scan: Scan) -> tuple[str, int]:
    """The text of a run of strings and inline elements: (text, chars inside links). <br> becomes a newline."""
    parts: list[str] = []
    link_chars = 0
    for piece in pieces:
        if isinstance(piece, str):
            parts.append(piece)
            continue
        if not isinstance(piece.tag, str) or piece.tag in P.SKIP_TAGS or piece in scan.hidden:
            continue
        if piece.tag == "br":
            parts.append("\n\n")
            continue
        start = len(parts)
        _collect(piece, parts, scan)
        if piece.tag == "a":
            link_chars += sum(len(p.strip()) for p in parts[start:])
        else:
            link_chars += _visible_link_chars(piece, scan)
    return _clean(parts), link_chars


def _visible_link_chars(root: Element, scan: Scan) -> int:
    """Chars in the links of `root` that are read, not in its hidden parts: a name's hover card holds a dozen
    headline links, and counting them made a story's first paragraph look like a link list (The Hill)."""
    total = 0
    for anchor in root.iter("a"):
        el = anchor
        while el is not root and el is not None:
            if el in scan.hidden:
                break
            el = el.getparent()
        else:
            total += len(text_content(anchor).strip())
    return total


def _collect(root: Element, parts: list[str], scan: Scan) -> None:
    """Text of an inline element's subtree without its tail, iteratively, skipping scripts and hidden parts."""
    if root.text:
        parts.append(root.text)
    stack = [iter(root)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if isinstance(tag, str) and tag not in P.SKIP_TAGS and child not in scan.hidden:
            if tag == "br":
                parts.append("\n\n")
            elif child.text:
                parts.append(child.text)
            if len(child):
                stack.append(_with_tail(child))
                continue
        if child.tail:
            parts.append(child.tail)


def _with_tail(el: Element):
    """Iterate an element's children, then yield a marker whose tail is the element's tail."""
    yield from el
    if el.tail:
        yield _Tail(el.tail)


class _Tail:
    """A stand-in child carrying only a tail, so the iterative walk emits it after the element's content."""

    __slots__ = ("tail",)
    tag = None

    def __init__(self, tail: str):
        self.tail = tail


def collapse(text: str) -> str:
    """Whitespace runs collapsed to one space, ends stripped: " ".join(text.split()). str.split()'s whitespace is
    all non-printable but the ASCII space, so a printable text with no double or edge space (a <p> written on one
    line; any text collapsed once already) is returned as it is, without splitting it into words."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(visible(text).split())


def visible(text: str) -> str:
    """`text` without the characters that print nothing (patterns.INVISIBLE); an ASCII text has none. Three
    substring tests in C cost a twentieth of the regex's pass over a text that has none (most texts)."""
    if text.isascii() or not ("\u00ad" in text or "\u2060" in text or "\ufeff" in text):
        return text
    return P.INVISIBLE.sub("", text)


def _clean(parts: list[str]) -> str:
    """Collapse whitespace but keep the paragraph breaks that <br> made."""
    text = "".join(parts)
    if "\n\n" not in text:
        return collapse(text)  # one paragraph: most runs
    paragraphs = (" ".join(chunk.split()) for chunk in visible(text).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)
