"""The metadata sources, each read once into `Candidate`s: JSON-LD, OpenGraph, Twitter cards, CMS <meta> names,
microdata, and the page itself (h1, byline elements, <time>, the lead figure).

A candidate is a raw value with where it came from; `metadata.run` validates and picks among them in order of
trust. Each source is read in its own try block by the caller, so junk in one never loses the others.

`scan` walks the tree once for the cheap sources; `from_microdata` and `from_page` walk it again and are read only
when those leave the authors or the date open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any, Iterable, Iterator, NamedTuple

from lxml import etree
from lxml.html import HtmlElement

from dateline.article import Image
from dateline.stages import meta_jsonld
from dateline.stages.content_blocks import visible
from dateline.stages.meta_authors import clean_authors
from dateline.stages.meta_dates import is_zoneless_time, parse_date

# Order of trust between sources, best first (the brief's and what news CMSs get right most often).
SOURCE_RANK = {"json-ld": 0, "opengraph": 1, "twitter": 2, "meta": 3, "microdata": 4, "page": 5, "url": 6}

# <meta name|property> keys for each field, best first within a source. Lower-cased; "dc." also matches "DC.".
META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "parsely-title", "sailthru.title", "dc.title", "dcterms.title",
              "citation_title", "headline", "title"),
    "authors": ("article:author", "parsely-author", "sailthru.author", "author", "byl", "dc.creator",
                "dcterms.creator", "citation_author", "cxenseparse:author", "twitter:creator"),
    "published": ("article:published_time", "og:article:published_time", "article:published", "og:published_time",
                  "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "publish-date", "publish_date",
                  "article.published", "datepublished", "date", "dc.date", "dc.date.issued", "dcterms.date",
                  "dcterms.issued", "dcterms.created", "citation_publication_date", "citation_date",
                  "original-publish-date", "cxenseparse:recs:publishtime", "displaydate"),
    "modified": ("article:modified_time", "og:updated_time", "article:modified", "og:article:modified_time",
                 "sailthru.lastmodified", "datemodified", "dc.date.modified", "dcterms.modified", "lastmod",
                 "last-modified"),
    "description": ("og:description", "twitter:description", "description", "dc.description",
                    "dcterms.description", "sailthru.description"),
    "site_name": ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher", "dc.publisher",
                  "citation_journal_title"),
    "url": ("og:url", "twitter:url", "parsely-link", "dc.identifier"),
    "section": ("article:section", "parsely-section", "section", "sailthru.section", "category",
                "cxenseparse:recs:category", "dc.subject"),
    "tags": ("article:tag", "parsely-tags", "sailthru.tags", "news_keywords", "keywords", "dc.subject"),
    "image": ("og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src",
              "parsely-image-url", "sailthru.image.full", "thumbnail"),
    "language": ("content-language", "og:locale", "dc.language", "dcterms.language", "language"),
}
MULTI_VALUED = frozenset({"authors", "tags"})

# Byline elements: a class or id token containing one of these, and none of the excluded ones (an author bio,
# a comment's author, an avatar are not the byline).
BYLINE_TOKENS = ("byline", "author", "writer", "reporter", "contributor")
BYLINE_EXCLUDED = ("bio", "avatar", "image", "img", "photo", "comment", "desc", "about", "social", "share",
                   "follow", "more", "email", "twitter", "job", "title", "label", "role", "position", "wrap",
                   "container", "pic", "thumb", "link-list", "box")
MAX_BYLINE_CHARS = 160  # longer "bylines" are bios or teaser lists
# The first few in document order: the story's header comes before sidebars and teasers.
MAX_BYLINE_ELEMENTS = 3
MAX_HEADER_CHARS = 600  # the text around the headline read for a date: the header, not the story
MAX_BYLINE_SIBLINGS = 4  # how far after the h1 a "By ..." line is looked for (a dek and a figure may come first)
# A line that says it is a byline ("By Jane Doe", "Publicado por: ..."), in the languages we see most.
_BYLINE_START = re.compile(r"^\s*(?:(?:written|posted|publicado|escrito|publié|geschrieben|scritto)\s+)?"
                           r"(?:by|von|par|por|di|door|av|af|przez|автор)\b\s*:?\s*\S", re.IGNORECASE)
# Standfirst/dek elements: a class token containing one of these on an element of the header.
DEK_TOKENS = ("dek", "standfirst", "subtitle", "sub-title", "subheadline", "sub-headline", "strapline", "subhead",
              "article-summary", "lede", "intro", "teaser-text", "summary")
MAX_DEK_CHARS = 600  # also bounds the byline read after the h1 (MAX_BYLINE_CHARS * 2 is less)
MAX_H1_CHARS = 2000  # an h1 longer than this wraps more than a headline (titles are checked at 400)
MAX_DATE_CHARS = 200  # longer text is no date (parse_date refuses it)
MAX_DATE_ELEMENT_CHARS = 120  # a date element's text: "Published 12:01 AM EST, Tue November 19, 2019" fits
MAX_MICRODATA_CHARS = 1000  # an itemprop's text beyond this is a story body, not a field
MAX_FIGURES = 5  # the lead figure is among the first few; later ones are the body's or teasers'
DEK_TAGS = frozenset({"p", "h2", "h3", "div", "span"})
# "publish" also names "cmnc-publish"-style date cells; Drupal prints "Submitted by … on <date>" as "submitted".
DATE_TOKENS = ("date", "time", "publish", "posted", "timestamp", "dateline", "submitted")
# A caption's credit, when the page writes it into the caption itself: "(Photo: Jane Doe/AP)", "Credit: ...".
_CREDIT_IN_CAPTION = re.compile(
    r"\s*[\(\[]?\b(?:photo(?:graph)?s?|image|picture|credit|foto|bild|source)(?:\s+by)?\s*[:|]\s*([^()\[\]]{2,100})"
    r"[\)\]]?\s*$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"\s*[\(\[]?\s*(?:©|\(c\)|copyright)\s*([^()\[\]]{2,100})[\)\]]?\s*$", re.IGNORECASE)
_WS = re.compile(r"\s+")

# Class/id fragments of the elements the deeper page search reads (bylines, dates), in one regex.
# Matched against the lower-cased tokens: an IGNORECASE alternation costs ~7x more, on every element of the page.
_PAGE_CLASS = re.compile(r"yline|uthor|riter|eporter|ontributor|date|publish|posted|timestamp|submitted")
HEADLINE_REGION_LEVELS = 4  # the story's header: h1 → header → article... (calibrated on the dev pages' bylines)
# itemprop → field. Not alternativeHeadline: on the dev pages it is the teasers' kicker ("APPS WE DIGG").
_MICRODATA_FIELDS = {"headline": "title", "author": "authors", "creator": "authors", "datePublished": "published",
                     "dateCreated": "published", "dateModified": "modified", "articleSection": "section",
                     "keywords": "tags", "description": "description", "inLanguage": "language"}
# Compiled once; "descendant::" is ~20% cheaper in libxml2 than "//" (no descendant-or-self::node() step).
_ITEMPROP_NAMES = etree.XPath("descendant::*[@itemprop='name']")
_FIGCAPTIONS = etree.XPath("descendant::figcaption")
_CAPTION_CLASSED = etree.XPath("descendant::*[contains(@class, 'caption')]")
_CREDIT_CLASSED = etree.XPath("descendant::*[contains(@class, 'credit') or contains(@class, 'copyright') "
                              "or contains(@class, 'photographer') or contains(@class, 'source')]")
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "option", "button"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
_BLOCK_TAGS = frozenset({"div", "p", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "header",
                         "footer", "address", "dd", "dt", "dl", "table", "tr", "td", "figure", "figcaption",
                         "time"})


class Candidate(NamedTuple):
    """A tuple, not a frozen dataclass: dozens are made per page and a frozen dataclass costs ~2 µs to build."""

    field: str
    value: Any  # str; tuple[str, ...] for authors/tags; Image for image
    source: str
    detail: str | None = None


def clean_text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = _collapse(value).strip()
    return text or None


def _collapse(text: str) -> str:
    """Whitespace runs (and no-break spaces) as one space. \\s is str.isspace(), all of it non-printable but the ASCII
    space: a printable value with no double space (most <meta> values) has nothing to collapse, and skips the regex."""
    if text.isprintable() and "  " not in text:
        return text
    return _WS.sub(" ", visible(text).replace("\u00a0", " "))


def element_text(element: HtmlElement, *, lines: bool = False, limit: int | None = None) -> str:
    """Visible text of an element, in document order: scripts and styles inside it left out (text_content() keeps
    them). With `lines`, block elements and <br> start a new line, so that a byline's name and its employer stay
    apart, and hidden parts are not read. With `limit`, the walk stops once the text is longer: what is returned
    is then longer than `limit`, and its first `limit` characters are the full text's (a byline check on a
    container need not read a whole story)."""
    parts: list[str] = []
    size, check_at = 0, limit
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        if event == "end":  # a node's tail follows its children's text
            text = node.tail if node is not element else None
        else:
            tag = node.tag  # each read of .tag, .text, .tail makes a new Python string: read once
            if not isinstance(tag, str) or tag in _SKIP_TAGS or (lines and _is_hidden(node)):
                # A byline's hidden part ("<span style="display:none">The Plain Dealer</span>") is no author.
                walker.skip_subtree()
                continue
            if lines and node is not element:
                # A byline's parts are often inline elements with no space between ("Jane Doe</a>Nov. 19"): in
                # lines mode every element starts a new word, every block a new line.
                parts.append("\n" if tag in _BLOCK_TAGS else " ")
            text = node.text
        if text:
            parts.append(text)
            size += len(text)
            if check_at is not None and size > check_at:
                if len(_normalise("".join(parts), lines)) > limit:
                    break
                check_at = 2 * size  # mostly whitespace so far: look again when the raw text has doubled
    return _normalise("".join(parts), lines)


def _itemprops(tree: HtmlElement) -> Iterator[HtmlElement]:
    """The elements with an itemprop, in document order: a Python test on lxml's C-level walk is a quarter cheaper
    than the XPath `descendant::*[@itemprop]` (0.16 vs 0.22 ms on the dev pages that use microdata)."""
    return (element for element in tree.iterdescendants(etree.Element) if element.get("itemprop") is not None)


def _is_hidden(node: HtmlElement) -> bool:
    style = node.get("style")
    return (style is not None and _HIDDEN_STYLE.search(style) is not None) or node.get("hidden") is not None


def _normalise(text: str, lines: bool) -> str:
    if lines:
        # " ".join(line.split()) is _WS.sub(" ", line).strip(): re's \s is str.isspace(), split()'s whitespace.
        return "\n".join(filter(None, [" ".join(line.split()) for line in text.split("\n")]))
    return _collapse(text).strip()


# --- one pass over the tree -----------------------------------------------------------------------------------

@dataclass(slots=True)
class Scan:
    """What one walk of the tree (lxml's C-level iter over a few tags) finds for every source but the deeper page
    search: <meta> values by lower-cased name, JSON-LD script texts, <link rel=canonical>, h1s, <time>s, figures."""

    metas: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[str] = field(default_factory=list)
    canonical: str | None = None
    head_title: str | None = None
    h1s: list[HtmlElement] = field(default_factory=list)
    times: list[HtmlElement] = field(default_factory=list)
    figures: list[HtmlElement] = field(default_factory=list)
    h1_texts: list[str] = field(default_factory=list)  # each h1's text, read once for every use
    headline: HtmlElement | None = None  # the first h1 with text


def scan(tree: HtmlElement, jsonld: Iterable[str] | None = None,
         landmarks: Iterable[HtmlElement] | None = None) -> Scan:
    """`jsonld`: the JSON-LD script texts when the caller has them (Document.jsonld); else they are read here.
    `landmarks`: the elements of the tags read here, in document order, when the caller has them
    (Document.landmarks); else the tree is walked for them."""
    found = Scan()
    tags = ("meta", "script", "link", "title", "h1", "time", "figure")
    if jsonld is not None:
        found.jsonld = list(jsonld)
        tags = tags[:1] + tags[2:]
    for element in tree.iter(*tags) if landmarks is None else landmarks:
        tag = element.tag
        if tag == "meta":
            content = element.get("content")
            if content and content.strip():
                _add_meta(found.metas, element, content.strip())
        elif tag == "script":
            kind = element.get("type")
            if jsonld is None and kind and "ld+json" in kind.lower() and element.text:
                found.jsonld.append(element.text)
        elif tag == "link":
            if found.canonical is None and "canonical" in (element.get("rel") or "").lower():
                found.canonical = element.get("href")
        elif tag == "title":
            found.head_title = found.head_title or element.text
        elif tag == "h1":
            found.h1s.append(element)
        elif tag == "time":
            found.times.append(element)
        elif len(found.figures) < MAX_FIGURES:
            found.figures.append(element)
    found.h1_texts = [element_text(h1, limit=MAX_H1_CHARS) for h1 in found.h1s]
    found.headline = next((h1 for h1, text in zip(found.h1s, found.h1_texts) if text), None)
    return found


def _add_meta(metas: dict[str, list[str]], meta: HtmlElement, content: str) -> None:
    for attribute in ("property", "name", "http-equiv"):
        key = meta.get(attribute)
        if key:
            metas.setdefault(key.strip().lower(), []).append(content)


# --- <meta> ---------------------------------------------------------------------------------------------------


def meta_source(key: str) -> str:
    if key.startswith(("og:", "article:")):
        return "opengraph"
    return "twitter" if key.startswith("twitter:") else "meta"


def from_meta(metas: dict[str, list[str]]) -> Iterator[Candidate]:
    for field, keys in META_KEYS.items():
        for key in keys:
            values = metas.get(key)
            if not values:
                continue
            value: Any = tuple(values) if field in MULTI_VALUED else values[0]
            if field == "image":
                value = Image(url=values[0], alt=_first(metas.get("og:image:alt") or metas.get("twitter:image:alt")))
            yield Candidate(field, value, meta_source(key), key)


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


# --- JSON-LD --------------------------------------------------------------------------------------------------

def from_jsonld(scripts: list[str]) -> Iterator[Candidate]:
    if not scripts:
        return
    objects = meta_jsonld.parse_scripts(scripts)
    ids = meta_jsonld.index_ids(objects)
    article, page = meta_jsonld.find_article(objects)
    if article is not None:
        yield from _jsonld_object(article, ids, kind=_type_name(article))
    if page is not None:
        yield from _jsonld_object(page, ids, kind=_type_name(page), weak=True)
    site = next((obj for obj in objects if meta_jsonld._types(obj) & {"website"}), None)
    if site is not None and meta_jsonld.text(site.get("name")):
        yield Candidate("site_name", meta_jsonld.text(site.get("name")), "json-ld", "WebSite.name")


def _type_name(obj: dict[str, Any]) -> str:
    kind = obj.get("@type")
    kind = kind[0] if isinstance(kind, list) and kind else kind
    return kind if isinstance(kind, str) else "Thing"


def _jsonld_object(obj: dict[str, Any], ids: dict[str, dict[str, Any]], *, kind: str,
                   weak: bool = False) -> Iterator[Candidate]:
    """The fields of one schema.org object. A WebPage (`weak`) gives only dates, URL and language: its name is the
    page's <title>, its author is often the site."""
    get = meta_jsonld.text
    fields: list[tuple[str, Any, str]] = [
        ("published", get(obj.get("datePublished")) or get(obj.get("dateCreated")) or get(obj.get("uploadDate")),
         "datePublished"),
        ("modified", get(obj.get("dateModified")), "dateModified"),
        ("url", get(obj.get("url")) or _entity_url(obj.get("mainEntityOfPage")), "url"),
        ("language", get(obj.get("inLanguage")), "inLanguage"),
    ]
    if not weak:
        publisher = meta_jsonld.names(obj.get("publisher"), ids)
        people = meta_jsonld.names(obj.get("author"), ids, people_only=True)
        fields += [
            ("title", get(obj.get("headline")) or get(obj.get("name")), "headline"),
            ("subtitle", get(obj.get("alternativeHeadline")), "alternativeHeadline"),
            ("authors", tuple(people or meta_jsonld.names(obj.get("author"), ids)
                              or meta_jsonld.names(obj.get("creator"), ids)), "author"),
            ("description", get(obj.get("description")), "description"),
            ("section", get(obj.get("articleSection")), "articleSection"),
            ("tags", _keywords(obj.get("keywords")), "keywords"),
            ("site_name", publisher[0] if publisher else None, "publisher.name"),
            ("image", _jsonld_image(resolve_image(obj.get("image"), ids)), "image"),
        ]
    for field, value, prop in fields:
        if value:
            yield Candidate(field, value, "json-ld", f"{kind}.{prop}")


def _entity_url(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return value if isinstance(value, str) and value.startswith(("http", "/")) else None


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(value.split(","))
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str))
    return ()


def resolve_image(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, list):
        value = value[0] if value else None
    return meta_jsonld.resolve(value, ids)


def _jsonld_image(value: Any) -> Image | None:
    if isinstance(value, str):
        return Image(url=value)
    if isinstance(value, dict):
        url = meta_jsonld.text(value.get("url")) or meta_jsonld.text(value.get("contentUrl"))
        if url:
            return Image(url=url, caption=meta_jsonld.text(value.get("caption")),
                         credit=meta_jsonld.text(value.get("creditText")) or meta_jsonld.text(value.get("copyrightHolder")))
    return None


# --- microdata ------------------------------------------------------------------------------------------------

def from_microdata(tree: HtmlElement) -> Iterator[Candidate]:
    """itemprop values in document order, the first valid one of each field winning (a "0001-01-01" placeholder
    is skipped by the date check). dateCreated only after every datePublished: it is when the CMS record was made,
    which can be days before the story ran (wday.ru dev pages)."""
    created: list[Candidate] = []
    for element in _itemprops(tree):
        # itemprop holds one or more property names ("author creator").
        prop = next((name for name in element.get("itemprop", "").split() if name in _MICRODATA_FIELDS), None)
        value = _microdata_value(element, prop) if prop is not None else None
        if not value:
            continue
        field = _MICRODATA_FIELDS[prop]
        if field in MULTI_VALUED:
            value = (value,) if field == "authors" else tuple(value.split(","))
        candidate = Candidate(field, value, "microdata", f"itemprop={prop}")
        if prop == "dateCreated":
            created.append(candidate)
        else:
            yield candidate
    yield from created


def _microdata_value(element: HtmlElement, prop: str) -> str | None:
    if prop in ("author", "creator"):
        names = _ITEMPROP_NAMES(element)
        if names:
            return names[0].get("content") or element_text(names[0])
    for attribute in ("content", "datetime"):
        if element.get(attribute):
            return element.get(attribute)
    if element.tag == "meta":
        return None
    return element_text(element, limit=MAX_MICRODATA_CHARS)[:MAX_MICRODATA_CHARS]


# --- the page itself ------------------------------------------------------------------------------------------

def from_headlines(found: Scan) -> Iterator[Candidate]:
    """The cheap page sources, always read: h1s, <time>s, what follows the headline, the lead figure."""
    for text in found.h1_texts:
        yield Candidate("title", text, "page", "h1")
    for time in found.times:
        value = time.get("datetime") or element_text(time, limit=MAX_DATE_CHARS)
        yield Candidate("published", value, "page", "time[datetime]" if time.get("datetime") else "time")
    if found.headline is not None:
        yield from _after_headline(found.headline)
    figure = lead_figure(found.figures)
    if figure is not None:
        yield Candidate("image", figure, "page", "figure")


def from_page(tree: HtmlElement, headline: HtmlElement | None,
              lacking: frozenset[str] = frozenset({"authors", "published"}),
              shown: frozenset[str] = frozenset()) -> Iterator[Candidate]:
    """The deeper page search, read only when the metadata lacks authors or a date: byline elements (rel=author or
    a byline-like class) and date elements, in document order. Searched first around the headline (its
    ancestors up to `HEADLINE_REGION_LEVELS` up: the story's header), where the byline is and teaser lists are
    not; then the whole page for what both the header and the metadata (`lacking`) leave open. Fields that the
    h1's "By ..." line or a <time> settle already (`shown`) are not searched."""
    region = _headline_region(headline)
    # The header's byline is read even when the metadata names authors (it can overrule a CMS account name); its
    # date only when the metadata has none.
    wanted = ({"authors"} | (lacking & {"published"})) - shown
    found, usable = (_until_settled(_page_elements(region.iterdescendants(etree.Element)), wanted)
                     if region is not None and wanted else ([], set()))
    missing = lacking - usable - shown
    if missing:
        found += _until_settled(_page_elements(_outside(tree, region)), set(missing))[0]
    if headline is not None and headline.getparent() is not None:
        # Last resort for the date: the words around the headline ("publiziert am 25. September 2018" in an
        # unnamed span beside the h1).
        text = " ".join(element_text(headline.getparent(), lines=True, limit=MAX_HEADER_CHARS).split())
        found.append(Candidate("published", text[:MAX_HEADER_CHARS], "page", "text by the h1"))
    yield from found


def _until_settled(candidates: Iterator[Candidate], fields: set[str]) -> tuple[list[Candidate], set[str]]:
    """The candidates for `fields` in document order, up to the first usable one of each: the page's first byline
    is its byline, its first date its date, and the rest of the page need not be walked. A date with a time but no
    zone does not settle it: a later element may give the same time with its zone. Also: the fields that got a
    usable candidate."""
    found: list[Candidate] = []
    usable: set[str] = set()
    settled: set[str] = set()
    for candidate in candidates:
        field = candidate.field
        if field not in fields:
            continue
        found.append(candidate)
        if field in settled:
            continue
        value = _usable_value(candidate)
        if value:
            usable.add(field)
            if field == "authors" or not is_zoneless_time(value):
                settled.add(field)
                if settled == fields:
                    break
    return found, usable


def _usable_value(candidate: Candidate) -> Any:
    if candidate.field == "authors":
        return clean_authors(candidate.value)
    return parse_date(candidate.value)


def _headline_region(headline: HtmlElement | None) -> HtmlElement | None:
    region = headline
    for _ in range(HEADLINE_REGION_LEVELS):
        parent = region.getparent() if region is not None else None
        if parent is None or parent.tag in ("body", "html"):
            break
        region = parent
    return region


def _outside(tree: HtmlElement, region: HtmlElement | None) -> Iterator[HtmlElement]:
    """Every element of the page's <body> in document order but the region's (searched already): the ancestors of
    the region and the subtrees beside them. The <head> holds no visible byline or date."""
    return chain.from_iterable(_outside_subtrees(tree, region))


def _outside_subtrees(tree: HtmlElement, region: HtmlElement | None) -> Iterator[Iterable[HtmlElement]]:
    """The subtrees `_outside` walks, each as lxml's own iterator (a Python generator per element costs more)."""
    if region is None:
        body = tree.find("body")
        yield (body if body is not None else tree).iter(etree.Element)
        return
    path = [region, *region.iterancestors()][::-1]  # the root down to the region; held, so `is` compares them
    for depth, ancestor in enumerate(path[:-1]):
        below = path[depth + 1]
        for child in ancestor.iterchildren(etree.Element):
            if child is below:
                if child is not region:
                    yield (child,)
                break
            if depth > 0 or child.tag != "head":
                yield child.iter(etree.Element)
    for on_path in path[:0:-1]:  # the region, then each ancestor up: what follows each
        for sibling in on_path.itersiblings(etree.Element):
            yield sibling.iter(etree.Element)


def _page_elements(elements: Iterator[HtmlElement]) -> Iterator[Candidate]:
    bylines = 0
    # Walked lazily: the caller stops at the first byline and the first date.
    search = _PAGE_CLASS.search
    # class → whether it names a byline or a date: a page repeats its classes ("menu-item" hundreds of times)
    named: dict[str | None, bool] = {None: False}
    for element in elements:
        get = element.get
        cls, ident = get("class"), get("id")
        hit = named.get(cls)
        if hit is None:
            hit = named[cls] = search(cls.lower()) is not None
        if hit or (ident and search(ident.lower())):
            is_author = get("rel") == "author"
        elif get("rel") == "author":
            is_author = True
        else:
            continue
        tokens = f"{cls or ''} {ident or ''}".lower()
        if (is_author or _has(tokens, BYLINE_TOKENS)) and bylines < MAX_BYLINE_ELEMENTS:
            if not _has(tokens, BYLINE_EXCLUDED) or is_author:
                text = element_text(element, lines=True, limit=MAX_BYLINE_CHARS)
                if 1 < len(text) <= MAX_BYLINE_CHARS:
                    bylines += 1
                    where = _describe(element)
                    yield Candidate("authors", (text,), "page", where)
                    # Bylines often carry the date ("VICTOR TANGERMANN, FUTURISM / 18 NOV 2019").
                    yield Candidate("published", text, "page", where)
        elif _has(tokens, DATE_TOKENS) and element.tag not in ("html", "body", "input"):
            text = element_text(element, limit=MAX_DATE_ELEMENT_CHARS)
            if 6 <= len(text) <= MAX_DATE_ELEMENT_CHARS:
                yield Candidate("published", text, "page", _describe(element))


def _after_headline(headline: HtmlElement) -> Iterator[Candidate]:
    """What the CMS puts right after the h1: a dek (by its class) and a "By ..." line, whatever its class (many give
    the byline none that tells: "article__meta"). The byline's date, when it has one, is a candidate too."""
    for sibling in islice(headline.itersiblings(), MAX_BYLINE_SIBLINGS):
        if not isinstance(sibling.tag, str) or sibling.tag in _SKIP_TAGS:
            continue
        text = element_text(sibling, lines=True, limit=MAX_DEK_CHARS)
        if 2 < len(text) <= MAX_BYLINE_CHARS * 2 and _BYLINE_START.match(text):
            yield Candidate("authors", (text,), "page", f"{sibling.tag} after h1")
            yield Candidate("published", text, "page", f"{sibling.tag} after h1")
            return
        tokens = f"{sibling.get('class', '')}".lower()
        if _has(tokens, DEK_TOKENS) and sibling.tag in DEK_TAGS and 20 <= len(text) <= MAX_DEK_CHARS:
            yield Candidate("subtitle", " ".join(text.split()), "page", _describe(sibling))


def is_explicit_byline(value: Any) -> bool:
    """A byline that says it is one: "By Jane Doe", "Publicado por: ...", not a bare name in a styled box."""
    texts = [value] if isinstance(value, str) else list(value or ())
    return any(isinstance(text, str) and _BYLINE_START.match(text) for text in texts)


def _has(tokens: str, words: tuple[str, ...]) -> bool:
    return any(word in tokens for word in words)


def _describe(element: HtmlElement) -> str:
    classes = element.get("class", "").split()
    return element.tag + (f".{classes[0]}" if classes else "")


def lead_figure(figures: list[HtmlElement]) -> Image | None:
    """The first <figure> with an image (the scan keeps the first few in document order)."""
    figure = next((f for f in figures if next(f.iter("img"), None) is not None), None)
    if figure is None:
        return None
    image = next(figure.iter("img"))
    url = image.get("src") or image.get("data-src") or ""
    if url.startswith("data:"):
        url = image.get("data-src") or image.get("data-lazy-src") or ""
    captions = _FIGCAPTIONS(figure) or _CAPTION_CLASSED(figure)
    caption = " ".join(element_text(captions[0], lines=True).split()) if captions else None
    credit_elements = _CREDIT_CLASSED(figure)
    credit = element_text(credit_elements[0]) if credit_elements else None
    caption, credit = split_credit(caption, credit)
    return Image(url=url or None, caption=caption, credit=credit, alt=clean_text(image.get("alt")))


def split_credit(caption: str | None, credit: str | None) -> tuple[str | None, str | None]:
    """The credit out of the caption text: as its own element's text, or a trailing "(Photo: ...)" / "© ..."."""
    if not caption:
        return None, credit
    if credit and caption.endswith(credit):
        caption = caption[: -len(credit)].rstrip(" |-–—(")
    elif not credit:
        match = _CREDIT_IN_CAPTION.search(caption) or _COPYRIGHT.search(caption)
        if match and match.start() == 0 and match.re is _CREDIT_IN_CAPTION:
            caption = match.group(1).strip()  # "Image: Jose Mourinho has agreed..." is a label, not a credit
        elif match:
            credit = match.group(1).strip()
            caption = caption[: match.start()].strip()
    return caption or None, credit
