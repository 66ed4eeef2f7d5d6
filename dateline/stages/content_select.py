"""Choose the article's container from the scan, then the siblings that continue it (an article cut by an ad slot)."""

from __future__ import annotations

from lxml.etree import _Element as Element

from dateline.stages import patterns as P
from dateline.stages.content_scan import Scan, Stats, class_weight, text_content

# Readability's initial score by tag: a div is a likely container, list and heading parts are not.
_TAG_BONUS = {"div": 5, "article": 5, "main": 5, "section": 3, "pre": 3, "td": 3, "blockquote": 3,
              "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3, "address": -3,
              "th": -5, "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5}


def candidate_score(el: Element, stats: Stats, scan: Scan) -> float:
    base = _TAG_BONUS.get(el.tag, 0) + class_weight(el, scan.roles.get(el))
    score = (base + stats.score) * (1 - stats.link_density)
    if sum(1 for child in el if child.tag == "article") >= P.FEED_MIN_ARTICLES:
        score *= P.FEED_PENALTY  # a list of stories (a feed, "you may also like"), not a story
    return score


def choose(scan: Scan, body: Element, h1s: list[Element] | None = None) -> tuple[Element | None, list[Element]]:
    """(the top candidate, the elements to extract in document order: it and its continuing siblings). `h1s`: the
    <h1>s in `body` when the caller has them (see content.headlines); else the body is walked for them."""
    headline_holders = _headline_holders(list(body.iter("h1")) if h1s is None else h1s)
    # Bonuses add at most a fixed amount, so only elements near the best raw score can win: score those fully.
    raw = [(st.score * (1 - st.link_density), i, el) for i, (el, st) in enumerate(scan.stats.items())
           if st.score > 0 and el is not body]
    if raw:
        floor = max(raw)[0] - P.CLASS_WEIGHT - P.HEADLINE_BONUS - 5
        raw = [item for item in raw if item[0] >= floor]
    ranked = sorted(((candidate_score(el, scan.stats[el], scan) + (P.HEADLINE_BONUS if el in headline_holders else 0),
                      i, el) for _, i, el in raw), key=lambda item: (-item[0], item[1]))
    if not ranked:
        return None, []
    best_score, _, top = ranked[0]
    top = _first_story_of_feed(top, best_score, ranked)
    top = _promote_shared_ancestor(top, best_score, ranked)
    top = _climb(top, scan)
    return top, _with_siblings(top, scan)


def _headline_holders(h1s: list[Element]) -> set[Element]:
    """The ancestors of the page's only <h1>: the story's container usually holds its headline, teasers don't."""
    if len(h1s) != 1:
        return set()
    return set(h1s[0].iterancestors())


def _promote_shared_ancestor(top: Element, best: float, ranked: list) -> Element:
    """When several near-best candidates share an ancestor, the story is split across them: take the ancestor."""
    alternatives = [el for score, _, el in ranked[1:6] if score >= best * P.ALTERNATIVE_RATIO and not _feed_item(el)]
    if len(alternatives) < P.ALTERNATIVE_MIN:
        return top
    # Only disjoint candidates are parts of a split story: the top's own wrappers (a short story's ancestors score
    # near it) or parts are the same region, and would lift the choice to the page around it.
    wrappers = set(top.iterancestors())
    alternatives = [el for el in alternatives if el not in wrappers and not any(a is top for a in el.iterancestors())]
    if len(alternatives) < P.ALTERNATIVE_MIN:
        return top
    alternative_ancestors = [set(el.iterancestors()) for el in alternatives]
    for ancestor in top.iterancestors():
        if ancestor.tag == "body":
            break
        if sum(ancestor in ancestors for ancestors in alternative_ancestors) >= P.ALTERNATIVE_MIN:
            return ancestor
    return top


def _first_story_of_feed(top: Element, best: float, ranked: list) -> Element:
    """Infinite-scroll pages print the next stories in full after the one asked for, each in its own <article>:
    when the best candidate lies in a later one, the best of the first <article> that holds a full story wins."""
    item = next((el for el in (top, *top.iterancestors()) if _feed_item(el)), None)
    if item is None:
        return top
    earlier = set(item.itersiblings("article", preceding=True))
    if not earlier:
        return top
    for score, _, el in ranked:  # best first
        if score < best * P.FEED_FIRST_STORY_RATIO:
            return top
        if any(ancestor in earlier for ancestor in el.iterancestors()) or el in earlier:
            return _first_story_of_feed(el, best, ranked)  # an earlier one still may hold a full story
    return top


def _feed_item(el: Element) -> bool:
    """An <article> among several siblings is one post of a feed: never a part of the story being chosen."""
    parent = el.getparent()
    return el.tag == "article" and parent is not None and \
        sum(1 for child in parent if child.tag == "article") >= P.FEED_MIN_ARTICLES


def _climb(top: Element, scan: Scan) -> Element:
    """Move up while the parent is only a wrapper: the same text (a lone child), or a higher score."""
    stats = scan.stats
    while True:
        parent = top.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return top
        mine, theirs = stats.get(top), stats.get(parent)
        if mine is None or theirs is None:
            return top
        if theirs.chars <= mine.chars * 1.05 + 10 and parent not in scan.roles:
            top = parent  # a wrapper adding nothing: its siblings are the story's siblings
            continue
        return top


def _with_siblings(top: Element, scan: Scan) -> list[Element]:
    parent = top.getparent()
    if parent is None:
        return [top]
    top_stats = scan.stats[top]
    threshold = max(P.SIBLING_MIN_SCORE, candidate_score(top, top_stats, scan) * P.SIBLING_SCORE_RATIO)
    top_class = top.get("class")
    chosen = []
    for sibling in parent:
        if sibling is top:
            chosen.append(sibling)
        elif _continues(sibling, top, top_class, threshold, scan):
            chosen.append(sibling)
    return chosen


def _continues(sibling: Element, top: Element, top_class: str | None, threshold: float, scan: Scan) -> bool:
    """Does this sibling continue the story (the part after an ad slot) rather than being a widget beside it?"""
    if not isinstance(sibling.tag, str) or sibling in scan.roles or sibling in scan.hidden:
        return False
    stats = scan.stats.get(sibling)
    if stats is None:
        return False
    if sibling.tag == "article" and top.tag == "article":
        return False  # a feed: the next post is another story, not the rest of this one
    bonus = threshold if top_class and sibling.get("class") == top_class else 0
    if candidate_score(sibling, stats, scan) + bonus >= threshold:
        return stats.link_density < P.TEASER_LINK_DENSITY
    # A lone paragraph: a <p>, or a block whose text is its own (CMSs that write <div class="paragraph">), maybe
    # inside wrappers that hold nothing else.
    inner = sibling
    while len(inner) == 1 and not stats.direct and scan.stats.get(inner[0]) is not None:
        inner = inner[0]
        stats = scan.stats[inner]
    if inner.tag == "p" or stats.direct >= P.DIRECT_TEXT_SHARE * stats.chars:
        if stats.chars > P.SIBLING_PARAGRAPH_CHARS and stats.link_density < P.SIBLING_PARAGRAPH_LINK_DENSITY:
            return True
        if stats.link_chars == 0 and stats.chars and P.SENTENCE_END.search(text_content(inner)):
            return True
    return False
