"""Flattened-text stage: the article out of whole-page text (blocks, roles, title, caption, body).

Fills title, subtitle, site_name, authors, published, image, body, removed (when options.include_removed),
is_article, confidence and reason. Reads only `Document.text`.

1. The text is cut into lines with shape features (text_blocks).
2. The story is the run of lines with the greatest mass of prose (text_roles.story_span).
3. Inside the run, each line becomes a paragraph, a sub-heading, a list item, or is dropped (a caption, a credit).
4. Around it, the headline, site name, byline and image caption are read from the lines before the story
   (text_meta); everything else left out is named with its role.
"""

from __future__ import annotations

import dataclasses

from dateline.article import Article, Block, Removed
from dateline.document import Document
from dateline.options import Options
from dateline.stages import text_meta
from dateline.stages.text_blocks import Line, split_lines
from dateline.stages.text_roles import (HEADING_MAX_WORDS, STORY_LIST_MIN_MEAN_WORDS, Span, boilerplate_role,
                                        has_article, is_prose, name_removed, story_span)

# A short line inside the story that ends like a sentence is a short paragraph ("He declined to comment.").
SHORT_PARAGRAPH_MIN_WORDS = 3
# List items this long on average are sentences: repeated or not, they are text, not a menu.
SENTENCE_ITEM_MIN_WORDS = 6
# How sure we are when the page has a story run, scaled by its prose mass (words) up to this.
CONFIDENT_MASS = 300.0


def run(doc: Document, article: Article, options: Options) -> Article:
    lines = split_lines(doc.text or "")
    span = story_span(lines, cut_comments=not options.include_comments)
    if span is None or not has_article(lines, span):
        removed = _removed(lines, [""] * len(lines), None) if options.include_removed else ()
        return dataclasses.replace(article, body=(), is_article=False, confidence=0.0, removed=removed,
                                   reason=_no_article_reason(lines, span))
    meta = text_meta.read(lines, span)
    roles = _body_roles(lines, span, meta)
    body = tuple(_blocks(lines, roles))
    removed = _removed(lines, roles, span) if options.include_removed else ()
    return dataclasses.replace(
        article, title=meta.title or article.title, subtitle=meta.subtitle, site_name=meta.site_name,
        authors=meta.authors or article.authors, published=meta.published or article.published, image=meta.image,
        body=body, is_article=bool(body), confidence=_confidence(lines, span),
        reason=None if body else "the story run held no paragraphs", removed=removed,
        provenance=article.provenance + meta.provenance)


_KEPT = ("paragraph", "heading", "list")


def _confidence(lines: list[Line], span: Span) -> float:
    """How sure we are: the story run's prose mass (up to CONFIDENT_MASS words), less when much of the page's
    prose lies outside it (another candidate run). On the dev pages, those under 0.5 average page F1 0.74, the
    rest 0.93."""
    total = sum(line.words for line in lines if line.prose)
    inside = sum(line.words for line in lines[span.start:span.end + 1] if line.prose)
    share = inside / total if total else 0.0
    return round(min(1.0, span.mass / CONFIDENT_MASS) * (0.5 + 0.5 * share), 3)


def _no_article_reason(lines: list[Line], span: Span | None) -> str:
    if span is None:
        return "no line reads as a paragraph: a menu, a list, a product grid or a note, not an article"
    words = round(sum(line.words for line in lines[span.start:span.end + 1] if line.prose))
    return f"no run of prose in the text long enough for an article (the longest has {words} words)"


def _body_roles(lines: list[Line], span: Span, meta: text_meta.Meta) -> list[str]:
    """A role for every line: body roles inside the story run, the metadata's and boilerplate roles outside."""
    roles = [meta.roles.get(i) or "" for i in range(len(lines))]
    index = meta.body_start
    seen: set[str] = set()
    while index <= span.end:
        if index in meta.roles:
            index += 1
            continue
        if lines[index].item:
            index = _list_roles(lines, index, span, roles)
            continue
        # A page that carries the story twice (an AMP or print copy) gives each paragraph once.
        line = lines[index]
        roles[index] = "duplicate" if line.prose and line.text in seen else _inside_role(lines, index, span)
        seen.add(line.text)
        index += 1
    return roles


def _inside_role(lines: list[Line], index: int, span: Span) -> str:
    """Paragraph, sub-heading, or a role for a line left out, for a line inside the story run."""
    line = lines[index]
    if is_prose(line):
        return "paragraph"
    if line.repeats > 1:
        return "navigation"  # a short line the page repeats: a section label, a link shown twice
    if line.bare or line.continuation:
        return boilerplate_role(line, False)
    if not line.terminal and text_meta.credit_shaped(line.text):
        return "credit"  # "(Image: © TNG Collaboration)" under a picture inside the story
    following = lines[index + 1] if index + 1 <= span.end else None
    if line.words >= SHORT_PARAGRAPH_MIN_WORDS and (line.terminal or line.text.endswith(":")):
        return "paragraph"  # a short paragraph, or the sentence that introduces a list
    if line.words <= HEADING_MAX_WORDS and following is not None and not following.joined_above and \
            _leads_on(following) and not line.text.endswith((".", ",")):
        return "heading"
    return boilerplate_role(line, False)


def _leads_on(following: Line) -> bool:
    """A sub-heading is followed by prose, a list, or a sentence that introduces one ("… as follows:")."""
    return is_prose(following) or following.item or (following.text.endswith(":") and
                                                      following.words >= SHORT_PARAGRAPH_MIN_WORDS)


def _list_roles(lines: list[Line], index: int, span: Span, roles: list[str]) -> int:
    """Roles for a run of list items starting at index; returns the index after the run."""
    end = index
    while end + 1 <= span.end and (lines[end + 1].item or lines[end + 1].continuation):
        end += 1
    run = lines[index:end + 1]
    items = [line for line in run if line.item]
    mean_words = sum(line.words for line in items) / len(items)
    # A menu repeated on the page (header and footer) is not the story's; a story the page carries twice is.
    repeated = any(line.repeats > 1 for line in items) and mean_words < SENTENCE_ITEM_MIN_WORDS
    in_story = not any(line.continuation for line in run) and mean_words >= STORY_LIST_MIN_MEAN_WORDS and \
        not repeated
    for position in range(index, end + 1):
        roles[position] = "list" if in_story else boilerplate_role(lines[position], False)
    return end + 1


def _blocks(lines: list[Line], roles: list[str]) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        role = roles[index]
        if role == "list":
            end = index
            while end + 1 < len(lines) and roles[end + 1] == "list":
                end += 1
            items = tuple(line.text for line in lines[index:end + 1])
            blocks.append(Block(kind="list", text="\n".join(items), items=items,
                                origin=_origin(lines[index], lines[end])))
            index = end + 1
            continue
        if role in ("paragraph", "heading"):
            blocks.append(Block(kind=role, text=lines[index].text, level=2 if role == "heading" else None,
                                origin=_origin(lines[index], lines[index])))
        index += 1
    return blocks


def _origin(first: Line, last: Line) -> str:
    return f"line {first.number}" if first.number == last.last else f"lines {first.number}-{last.last}"


def _removed(lines: list[Line], roles: list[str], span: Span | None) -> tuple[Removed, ...]:
    """Every block left out with its role: runs of lines with one role become one block."""
    named = name_removed(lines, roles, span)
    removed: list[Removed] = []
    index = 0
    while index < len(lines):
        role = named[index]
        end = index
        while end + 1 < len(lines) and named[end + 1] == role:
            end += 1
        if role not in _KEPT:
            text = "\n".join(line.text for line in lines[index:end + 1])
            removed.append(Removed(role=role, text=text, origin=_origin(lines[index], lines[end])))
        index = end + 1
    return tuple(removed)
