"""Content stage: the article body out of the HTML tree.

1. Scan the tree once (content_scan): text and link lengths per element, boilerplate marks, paragraph scores.
2. Choose the container with the best score and the siblings that continue it (content_select).
3. Walk it, emitting blocks and leaving out boilerplate (content_blocks).
4. Drop a repeated headline; fall back to JSON-LD articleBody when the DOM gave much less.
5. Judge: is this an article, with what confidence, and if not, why.

Fills: body, is_article, confidence, reason, removed (only when options.include_removed).
"""

from __future__ import annotations

import dataclasses

from lxml.etree import _Element as Element

from dateline.article import Article, Block, Removed
from dateline.document import Document
from dateline.options import Options
from dateline.stages import content_jsonld
from dateline.stages import patterns as P
from dateline.stages.content_blocks import Emitted, Emitter, collapse
from dateline.stages.content_scan import Scan, could_be_wrapper, scan, text_content
from dateline.stages.content_select import choose


def run(doc: Document, article: Article, options: Options) -> Article:
    body_el = _body(doc.tree)
    if body_el is None:
        return _not_article(article, "no HTML body")
    page = scan(body_el)
    h1s = headlines(doc, body_el)
    top, elements = choose(page, body_el, h1s)
    if page.measured and could_be_wrapper(page, _chars(page, elements), set(elements)):
        page = scan(body_el, walk_all=True)  # a measured box in the story may be most of it: walk it
        top, elements = choose(page, body_el, h1s)
    emitter = Emitter(page, options, _chars(page, elements))
    emitted = emitter.run(elements) if elements else Emitted()
    if options.include_comments and elements:
        emitted = emitter.run(_comment_threads(page, elements))
    blocks = _drop_duplicates(emitted.blocks)
    title = article.title if options.metadata else _first_h1_text(h1s)
    blocks = _drop_headline(blocks, emitted, title, options)
    blocks = _trim_edges(blocks, emitted, options)
    blocks, source = _maybe_jsonld(blocks, doc)
    return _judge(article, blocks, emitted, page, top, source)


def _body(tree: Element | None) -> Element | None:
    if tree is None:
        return None
    body = tree.find("body")
    return body if body is not None else tree


def headlines(doc: Document, body: Element) -> list[Element]:
    """The <h1>s in `body`, in document order: read from the landmarks found at load, without a walk of the tree."""
    if doc.landmarks is None:
        return list(body.iter("h1"))
    h1s = [el for el in doc.landmarks if el.tag == "h1"]
    if body is doc.tree:
        return h1s
    return [el for el in h1s if any(ancestor is body for ancestor in el.iterancestors())]


def _first_h1_text(h1s: list[Element]) -> str | None:
    """The headline when the metadata stage is off (Options.metadata): the first <h1> with text."""
    for h1 in h1s:
        text = collapse(text_content(h1))  # as the body's blocks are: _drop_headline compares them
        if text:
            return text
    return None


def _comment_threads(page: Scan, elements: list[Element]) -> list[Element]:
    """Comment sections outside the chosen container, outermost only, in document order (include_comments)."""
    chosen = set(elements)
    threads = [el for el, role in page.roles.items() if role == "comments"]
    marked = set(threads)
    return [el for el in threads
            if not any(ancestor in chosen or ancestor in marked for ancestor in el.iterancestors())]


def _chars(page: Scan, elements: list[Element]) -> int:
    return sum(page.stats[el].chars for el in elements if el in page.stats)


def _norm(text: str) -> str:
    return " ".join(P.WORD.findall(text.lower()))


def _drop_duplicates(blocks: list[Block]) -> list[Block]:
    """The same story twice in a page (an AMP or hidden copy, a print version) repeats its long paragraphs; a
    recipe or a meal plan repeats short lines on purpose. Drop long repeats, and short repeats next to them."""
    seen: set[str] = set()
    copies = []  # 2: a long repeat, 1: a short repeat, 0: first occurrence
    for block in blocks:
        if len(block.text) < P.DEDUPE_MIN_CHARS:
            copies.append(0)  # never a copy; and its key (no longer than its text) cannot be a long block's
            continue
        key = collapse(block.text.lower())  # most block text is collapsed already: then no split
        copies.append(0 if len(key) < P.DEDUPE_MIN_CHARS or key not in seen
                      else 2 if len(key) >= P.DEDUPE_LONG_CHARS else 1)
        seen.add(key)
    kept = []
    for i, block in enumerate(blocks):
        beside_long = (i > 0 and copies[i - 1] == 2) or (i + 1 < len(blocks) and copies[i + 1] == 2)
        if copies[i] == 2 or (copies[i] == 1 and beside_long):
            continue
        kept.append(block)
    return kept


def _drop_headline(source: list[Block], emitted: Emitted, title: str | None, options: Options) -> list[Block]:
    """The headline is not body text: drop h1s and any leading heading or paragraph repeating the title."""
    title_key = _norm(title) if title else ""
    blocks = []
    for block in source:
        is_headline = block.kind == "heading" and (block.level == 1 or not blocks) and _same_title(block.text, title_key)
        if is_headline or (block.kind == "heading" and block.level == 1 and not blocks):
            if options.include_removed:
                emitted.removed.append(Removed(role="headline", text=block.text, origin=block.origin))
            continue
        if not blocks and block.kind == "paragraph" and title_key and _norm(block.text) == title_key:
            continue
        blocks.append(block)
    return blocks


def _trim_edges(blocks: list[Block], emitted: Emitted, options: Options) -> list[Block]:
    """Drop date/byline lines before the story and prompts or credits after it; URL-only lines anywhere."""
    lengths = [len(block.text) if block.kind == "paragraph" else 0 for block in blocks]
    # Story paragraphs: long ones; on a page of short paragraphs, those near the longest.
    long_enough = min(P.LONG_PARAGRAPH_CHARS, 0.8 * max(lengths, default=0)) or 1
    long_indexes = [i for i, length in enumerate(lengths) if length >= long_enough]
    first = long_indexes[0] if long_indexes else len(blocks)
    roles: list[str | None] = [None] * len(blocks)
    for i, block in enumerate(blocks):
        if P.URL_ONLY.match(block.text):
            roles[i] = "share"
        elif P.AD_LABEL.match(block.text):
            roles[i] = "advertisement"
        elif len(block.text) <= P.CAPTION_MAX_CHARS and P.CAPTION_CREDIT.search(block.text):
            roles[i] = "caption"
        elif i < first:
            roles[i] = _edge_role(block, leading=True)
    for i in range(len(blocks) - 1, first, -1):  # the tail, from the end, while lines are prompts or credits
        if blocks[i].kind == "figure" or roles[i]:
            continue  # figures are not running text; ad labels are already out
        role = _edge_role(blocks[i], leading=False)
        if role is None:
            break
        roles[i] = role
    kept = []
    for block, role in zip(blocks, roles):
        if role is None:
            kept.append(block)
        elif options.include_removed:
            emitted.removed.append(Removed(role=role, text=block.text, origin=block.origin))
    return kept


def _edge_role(block: Block, leading: bool) -> str | None:
    text = block.text
    if block.kind == "heading":
        if leading and len(text) >= P.STANDFIRST_MIN_CHARS:
            return "standfirst"
        return None if leading or not P.PROMPT.match(text) else "prompt"
    if block.kind not in ("paragraph", "list"):
        return None
    if not leading and P.TAG_LINE.match(text):
        return "tags"
    if len(text) > P.PROMPT_MAX_CHARS:
        return None
    if len(text) <= P.EDGE_LINE_MAX_CHARS:
        dated, byline = P.DATE_MARK.search(text), leading and P.BYLINE_LEAD.match(text)
        if (dated and byline) or ((dated or byline) and not _is_sentence(text)):
            return "byline"  # "By Ann Smith on Monday, November 18th, 2019 at 11:04 a.m." reads like a sentence
    if not leading and (P.PROMPT.search(text) or P.LINK_LINE.match(text)):
        return "prompt"
    return None


def _is_sentence(text: str) -> bool:
    text = text.rstrip()
    return text.endswith(P.SENTENCE_MARKS) or (text.endswith(".") and len(text.split()) >= P.EDGE_SENTENCE_WORDS)


def _same_title(text: str, title_key: str) -> bool:
    """The heading is the title, or the title with the site name ("Title | Site"), or the title's main part."""
    key = _norm(text)
    if not key or not title_key:
        return False
    shorter, longer = sorted((key, title_key), key=len)
    return key == title_key or (shorter in longer and len(shorter) >= len(longer) / 2)


def _maybe_jsonld(blocks: list[Block], doc: Document) -> tuple[list[Block], str]:
    """Use the page's own JSON-LD articleBody when the DOM body is much shorter (script-rendered pages)."""
    dom_chars = sum(len(block.text) for block in blocks)
    if dom_chars > 20_000 or not any("articleBody" in script for script in doc.jsonld):
        return blocks, "dom"  # most pages stop here
    declared = content_jsonld.article_body(doc.jsonld)
    if not declared or dom_chars >= P.JSONLD_BODY_RATIO * len(declared):
        return blocks, "dom"
    return [Block(kind="paragraph", text=text, origin="json-ld articleBody")
            for text in content_jsonld.paragraphs(declared)], "json-ld"


def _judge(article: Article, blocks: list[Block], emitted: Emitted, page: Scan, top: Element | None,
           source: str) -> Article:
    chars = sum(len(block.text) for block in blocks)
    paragraphs = sum(1 for block in blocks if block.kind == "paragraph" and len(block.text) >= P.MIN_PARAGRAPH_CHARS)
    removed = tuple(emitted.removed)
    if emitted.teaser_headings >= 3 and emitted.teaser_headings * 2 >= paragraphs:
        return _not_article(article, f"index page: {emitted.teaser_headings} linked headlines", removed)
    weighed = chars
    if chars < P.MIN_ARTICLE_CHARS and paragraphs:
        weighed += sum(len(P.WIDE_CHARS.findall(block.text)) for block in blocks)  # see patterns.WIDE_CHARS
    if weighed < P.MIN_ARTICLE_CHARS or not paragraphs:
        reason = "no article text found" if not chars else f"too little text for an article ({chars} characters)"
        return _not_article(article, reason, removed)
    top_stats = page.stats.get(top) if top is not None else None
    link_density = top_stats.link_density if top_stats else 0.0
    confidence = min(1.0, chars / P.CONFIDENT_CHARS) * 0.6 + min(1.0, paragraphs / 5) * 0.25 + (1 - link_density) * 0.15
    if source == "json-ld":
        confidence = min(confidence, 0.7)
    return dataclasses.replace(article, body=tuple(blocks), is_article=True, confidence=round(confidence, 3),
                               reason=None, removed=removed)


def _not_article(article: Article, reason: str, removed: tuple[Removed, ...] = ()) -> Article:
    return dataclasses.replace(article, body=(), is_article=False, confidence=0.0, reason=reason, removed=removed)
