"""The one typed record that passes between stages and reaches every writer and front end.

Everything here is a frozen dataclass: stages build a new `Article` with `dataclasses.replace`, never mutate one.
Offsets (`Quote.start`/`end`) point into `Article.text`; `Block.origin` and `Provenance` say where in the input a
value came from, so a user can audit it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["paragraph", "heading", "list", "quote", "table", "figure", "code"]

# Bumped when to_dict() changes shape: writers and batch shards carry it.
SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Image:
    url: str | None = None
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the body, in reading order.

    `text` is always set: for a list, its items one a line; for a table, its rows one a line with cells
    separated by a tab; for a figure, its caption. The structured forms (`items`, `rows`) are kept beside it.
    """

    kind: BlockKind
    text: str
    level: int | None = None  # heading level 1-6
    ordered: bool = False  # for lists
    items: tuple[str, ...] = ()  # for lists
    rows: tuple[tuple[str, ...], ...] = ()  # for tables; the first row is the header when `header` is set
    header: bool = False
    image: Image | None = None  # for figures
    origin: str | None = None  # where in the input: an element path for HTML, "lines 12-14" for text


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation with its speaker; offsets are into `Article.text` (or the text given to find_quotes)."""

    text: str
    start: int
    end: int
    speaker: str | None = None  # canonical: the fullest name the story uses
    speaker_mention: str | None = None  # the words naming the speaker where it is attributed ("he", "Sok")
    role: str | None = None
    cue: str | None = None
    paragraph: int | None = None  # index into the body's paragraphs (Article.body)
    partial: bool = False
    # The attribution's content when it takes in the writer's words around the quotation
    # ('Trump as a “con artist”'); None when the content is the quotation itself.
    content_start: int | None = None
    content_end: int | None = None


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of the input left out of the body, and why: shown greyed on the web page."""

    role: str  # "navigation", "teaser-list", "share", "cookie", "footer", "comments", "headline", "caption"...
    text: str
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which source won a metadata field: "json-ld", "opengraph", "meta", "microdata", "page", "text"..."""

    field: str
    source: str
    detail: str | None = None  # e.g. the meta name or the element path


@dataclass(frozen=True, slots=True)
class Article:
    title: str | None = None
    subtitle: str | None = None
    site_name: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601, time zone kept when the page gives one
    modified: str | None = None
    language: str | None = None  # BCP 47
    description: str | None = None
    url: str | None = None  # canonical
    section: str | None = None
    tags: tuple[str, ...] = ()
    image: Image | None = None
    body: tuple[Block, ...] = ()
    is_article: bool = False
    confidence: float = 0.0
    reason: str | None = None  # why the page is judged not an article (or a warning), as a short phrase
    quotes: tuple[Quote, ...] = ()
    removed: tuple[Removed, ...] = field(default=(), compare=False)
    provenance: tuple[Provenance, ...] = ()
    source_kind: Literal["html", "text"] | None = None

    @property
    def text(self) -> str:
        """The body as plain text: blocks separated by a blank line, the headline not included."""
        return body_text(self.body)

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return self.body

    def to_dict(self, *, include_removed: bool = False) -> dict[str, Any]:
        """A JSON-ready dict with snake_case keys; its shape is documented in docs/schema.md and versioned."""
        data = _plain(self)
        if not include_removed:
            del data["removed"]
        data["text"] = self.text
        data["schema_version"] = SCHEMA_VERSION
        return _drop_empty_structure(data)


def body_text(blocks: tuple[Block, ...] | list[Block]) -> str:
    """The running text: figures stay in the body as blocks (image, caption) but their captions are not story text
    (hand-made article bodies leave them out: dev F1 0.952 with captions, 0.957 without)."""
    return "\n\n".join(block.text for block in blocks if block.text and block.kind != "figure")


_LEAVES = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """Dataclasses → dicts, tuples → lists, all the way down: to_dict() gives exactly what json.loads(to_json())
    gives back. Not dataclasses.asdict: it deep-copies every leaf, and was a fifth of a batch run's time."""
    if type(value) in _LEAVES:  # most values: tested first, as a failed getattr below costs an exception
        return value
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return {name: _plain(getattr(value, name)) for name in fields}
    return value


# The Block fields of other kinds, with their empty values: to_dict() (and the batch's JSON writer) leave them out.
BLOCK_EMPTY_FIELDS = (("level", None), ("ordered", False), ("items", ()), ("rows", ()), ("header", False),
                      ("image", None))


def _drop_empty_structure(data: dict[str, Any]) -> dict[str, Any]:
    """Blocks carry list/table fields only when they are lists/tables, so JSON stays readable."""
    for block in data["body"]:
        for key, empty in BLOCK_EMPTY_FIELDS:
            if block.get(key) in (empty, [], ()):
                del block[key]
    return data
