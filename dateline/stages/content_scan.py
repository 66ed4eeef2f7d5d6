"""One iterative pass over the tree: per-element text and link lengths, boilerplate marks, paragraph scores.

The pass is post-order without recursion (a stack of child iterators), so 100,000 nested elements cost a list of
100,000 frames, not a Python stack overflow; every element is visited once, so it is linear.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

import lxml.etree
from lxml.etree import _Element as Element

from dateline.stages import patterns as P


def text_content(el: Element) -> str:
    """The text of a subtree (scripts included), in C: what lxml.html's text_content() gives, for the plain
    lxml.etree tree (see inputs.load.parse_html). libxml2's text serialiser is ~1.7x faster than XPath string()."""
    return lxml.etree.tostring(el, method="text", encoding="unicode", with_tail=False)


class Stats(list):
    """What the scan knows about one element, as a list so the walk can build one per element at C speed.

    It is also the walk's frame: [element, child iterator, chars, link chars, paragraphs, score, direct chars,
    chain of marked ancestors]. `chars` is the visible text length of the subtree (tails of skipped elements count,
    scripts do not); `direct` the text directly in the element (a <div> of <br>-separated text has a lot).
    """

    __slots__ = ()

    # itemgetter: read in C, with no Python frame per access (the selection reads these for every element).
    chars = property(itemgetter(2))
    link_chars = property(itemgetter(3))
    paragraphs = property(itemgetter(4))
    score = property(itemgetter(5))
    direct = property(itemgetter(6))
    mixed = property(itemgetter(8))

    @property
    def link_density(self) -> float:
        return self[3] / self[2] if self[2] else 0.0


# Indexes into a Stats frame, for the walk. _MIXED: the subtree holds something its plain text must not show
# (a script, a hidden part, a <br>): the emitter then walks it instead of taking text_content().
_CHARS, _LINKS, _PARAGRAPHS, _SCORE, _DIRECT, _CHAIN, _MIXED = 2, 3, 4, 5, 6, 7, 8


@dataclass(slots=True)
class Scan:
    stats: dict[Element, Stats] = field(default_factory=dict)
    roles: dict[Element, str] = field(default_factory=dict)  # boilerplate role of marked block elements
    hidden: set[Element] = field(default_factory=set)
    texts: dict[Element, str] = field(default_factory=dict)  # text_content() of the scored paragraphs
    total_chars: int = 0
    # Marked elements (by class, id or ARIA role, not by tag) measured rather than walked: element → text length.
    # They have no Stats, and nothing inside them is known: boilerplate, unless they could be a misnamed wrapper
    # of the story (see could_be_wrapper), and then the page is walked in full.
    measured: dict[Element, int] = field(default_factory=dict)


def text_len(text: str | None) -> int:
    """Length with whitespace runs collapsed, cheaply: indentation in the markup is not text."""
    if not text:
        return 0
    stripped = text.strip()
    if "\n" in stripped or "  " in stripped or "\t" in stripped:
        return len(" ".join(stripped.split()))
    return len(stripped)


def boilerplate_role(el: Element, cache: dict[str, tuple[str | None, bool, bool]], tag: str | None = None,
                     keys: list[str] | None = None) -> str | None:
    """The boilerplate role a block element's tag, ARIA role, class or id names, if any (`tag`: el.tag, and `keys`:
    el.keys(), if known: an attribute the element lacks then costs a list test rather than a lookup)."""
    tag = tag or el.tag
    get = el.get
    if tag in P.CHROME_TAGS:
        return None if tag == "aside" and is_pull_quote(el) else P.CHROME_TAGS[tag]
    if keys is None:
        keys = el.keys()
    role = get("role") if "role" in keys else None
    if role and role.lower() in P.ROLE_ATTRIBUTES:
        return P.ROLE_ATTRIBUTES[role.lower()]
    names = get("class") if "class" in keys else None
    identifier = get("id") if "id" in keys else None
    if not names and not identifier:
        return None
    # Class strings repeat hundreds of times in a page and ids are short: each is matched once, then cached.
    found, hint, maybe = _names_verdict(names, cache) if names else _NOTHING
    if identifier:
        id_found, id_hint, id_maybe = _names_verdict(identifier, cache)
        found, hint, maybe = found or id_found, hint or id_hint, maybe or id_maybe
    if found is None or hint or ("itemprop" in keys and get("itemprop") == "articleBody"):
        return None
    if found == "headline" and tag == "p":
        return None  # a <p class="title"> in a story body is its first line, not a headline (a heading tag is)
    return None if maybe and found not in P.STRONG_ROLES else found


_NOTHING: tuple[str | None, bool, bool] = (None, False, False)


def _names_verdict(names: str, cache: dict[str, tuple[str | None, bool, bool]]) -> tuple[str | None, bool, bool]:
    """(role named, names content, names a possible content wrapper) for one class or id string."""
    verdict = cache.get(names)
    if verdict is None:
        verdict = cache[names] = _match_names(names)
    return verdict


@lru_cache(maxsize=P.NAMES_CACHE_SIZE)
def _inline_popup(names: str) -> bool:
    return P.INLINE_POPUP.search(names.lower()) is not None


@lru_cache(maxsize=P.NAMES_CACHE_SIZE)
def _match_names(names: str) -> tuple[str | None, bool, bool]:
    """A pure function of the string, memoised across pages (bounded, thread-safe): sites share CMS class names."""
    lowered = names.lower()
    match = P.BOILERPLATE.search(P.TAXONOMY_TOKEN.sub("", lowered) if "-" in lowered else lowered)
    role = match.lastgroup.replace("_", "-") if match else None
    if role == "share" and "embed" in lowered:
        role = None  # "social-media-embed": a post the story quotes, kept like a block quote
    return role, bool(P.CONTENT_HINT.search(lowered)), bool(role) and bool(P.MAYBE_CONTENT.search(lowered))


def is_pull_quote(el: Element) -> bool:
    names = el.get("class")
    return bool(names) and P.PULL_QUOTE.search(names.lower()) is not None


def is_hidden(el: Element) -> bool:
    get = el.get
    style = get("style")
    if style and P.HIDDEN_STYLE.search(style) is not None:
        return True
    return get("hidden") is not None or get("aria-hidden") == "true"


def class_weight(el: Element, role: str | None) -> int:
    """Readability's class weight: names that say content gain, names that say chrome lose."""
    names = (el.get("class", "") + " " + el.get("id", "")).lower()
    if P.CONTENT_HINT.search(names) or el.get("itemprop") == "articleBody" or el.tag in ("article", "main"):
        return P.CLASS_WEIGHT
    return -P.CLASS_WEIGHT if role else 0


def scan(body: Element, walk_all: bool = False) -> Scan:
    """Walk the body once, post-order, filling Stats for every element that holds text, then score paragraphs.

    Marked boilerplate is measured in C rather than walked (`walk_all` walks all but the chrome tags): two thirds
    of the elements a walk meets are inside marked elements, and a marked element is boilerplate unless it holds
    most of the text. When one measured could, by the page's text, the page is walked in full instead.

    This loop is the hot path of the whole library (every element of every page): it is written flat on purpose.
    """
    result = Scan()
    skip, inline, hidden, roles, stats = P.SKIP_TAGS, P.INLINE_TAGS, result.hidden, result.roles, result.stats
    texts = result.texts
    paragraph_tags, min_chars, hidden_style = P.PARAGRAPH_TAGS, P.MIN_PARAGRAPH_CHARS, P.HIDDEN_STYLE.search
    unwalked, chrome_tags, chrome_chars, measured = P.UNWALKED_CHROME, P.CHROME_TAGS, 0, result.measured
    line_roles = P.LINE_ROLES
    own = text_len(body.text)
    root = Stats((body, iter(body), own, 0, 0, 0.0, own, None, False))
    frames: list[Stats] = [root]
    pending: list[tuple[float, list[Stats], tuple | None]] = []
    role_cache: dict[str, tuple[str | None, bool, bool]] = {}
    while frames:
        frame = frames[-1]
        child = next(frame[1], None)
        if child is None:
            frames.pop()
            frame[1] = None  # the finished walk's iterator: kept in Stats it would only hold memory
            if not frames:
                break
            mine, parent, el, leaf_text = frame, frames[-1], frame[0], None
        else:
            tail = child.tail
            if tail:
                tail_chars = len(tail.strip())  # whitespace runs inside count: a close enough length, and cheap
                frame[_CHARS] += tail_chars
                frame[_DIRECT] += tail_chars
            tag = child.tag
            if tag in skip or not isinstance(tag, str):
                frame[_MIXED] = True
                continue
            # is_hidden(), inlined: this runs for every element. One call lists the attributes (most elements have
            # one or two), so the absent ones cost a list test rather than a lookup each.
            keys = child.keys()
            if keys and (("style" in keys and hidden_style(child.get("style"))) or (tag not in inline and (
                    "hidden" in keys or ("aria-hidden" in keys and child.get("aria-hidden") == "true")))):
                hidden.add(child)  # inline: only by its style (an icon marked aria-hidden has no text to hide)
                frame[_MIXED] = True
                continue
            chain = frame[_CHAIN]
            if tag not in inline:
                role = boilerplate_role(child, role_cache, tag, keys) if keys or tag in chrome_tags else None
                if role:
                    roles[child] = role
                    chain = (child, chain)
                    by_tag = tag in unwalked
                    # Comment threads are walked: include_comments emits them.
                    if by_tag or (role != "comments" and not walk_all):
                        # Page chrome by its tag (a third of a page's elements) or marked by its names. Not walked;
                        # its text, measured in C, counts as link text for its ancestors (navigation, not story).
                        # Chrome by tag does not count in the page's total that tells a wrapper from a widget;
                        # marked boxes do, as when they were walked. A big one may be a misused wrapper: walked.
                        chrome = len(text_content(child).strip())
                        if chrome <= P.UNWALKED_MAX_CHARS and (
                                by_tag or chrome <= P.LINE_ROLE_MAX_CHARS or role not in line_roles):
                            frame[_CHARS] += chrome
                            frame[_LINKS] += chrome
                            if by_tag:
                                chrome_chars += chrome
                            else:
                                measured[child] = chrome
                            continue
            else:
                names = child.get("class") if keys else None
                if names and _inline_popup(names):  # a tooltip or hover card inside a sentence
                    hidden.add(child)
                    frame[_MIXED] = True
                    continue
            text = child.text
            own = len(text.strip()) if text else 0
            if len(child):
                frames.append(Stats((child, iter(child), own, 0, 0, 0.0, own, chain, False)))
                continue
            if not own:
                if tag == "br":
                    frame[_MIXED] = True
                continue
            if tag in inline:  # an inline leaf (a link, an <em>): its text is its parent's, nothing more to know
                frame[_CHARS] += own
                if tag == "a":
                    frame[_LINKS] += own
                continue
            # A block leaf with text: finish it at once, without a frame (most paragraphs are leaves).
            mine, parent, el, leaf_text = Stats((child, None, own, 0, 0, 0.0, own, chain, False)), frame, child, text
        # The element `el` is complete: add it to its parent and score it if it is a paragraph.
        if mine[_MIXED]:
            parent[_MIXED] = True
        chars = mine[_CHARS]
        if not chars:
            continue
        tag = el.tag
        if tag == "a":
            mine[_LINKS] = chars
        parent[_CHARS] += chars
        parent[_LINKS] += mine[_LINKS]
        stats[el] = mine
        if chars >= min_chars:
            if tag in paragraph_tags:
                _paragraph(el, mine, frames, pending, texts, leaf_text, own_container=False)
            elif tag not in inline and mine[_DIRECT] >= min_chars:
                _paragraph(el, mine, frames, pending, texts, leaf_text, own_container=True)
        parent[_PARAGRAPHS] += mine[_PARAGRAPHS]
    result.total_chars = root[_CHARS] - chrome_chars
    if measured and could_be_wrapper(result, result.total_chars):
        return scan(body, walk_all=True)
    stats[body] = root
    _distribute(pending, result)
    return result


def could_be_wrapper(page: Scan, total: int, within: set[Element] | None = None) -> bool:
    """Could an element measured rather than walked hold most of `total` characters (the page's, or the chosen
    container's: then only those `within` it count)? Then it may be a layout wrapper whose name happens to
    match (see is_boilerplate), and walking it decides. Its measured length includes scripts and whitespace:
    an upper bound of its walked length, so this errs towards walking."""
    for el, chars in page.measured.items():
        if chars > total * P.WRAPPER_TEXT_SHARE and (
                within is None or el in within or any(ancestor in within for ancestor in el.iterancestors())):
            return True
    return False


def _paragraph(el: Element, mine: Stats, frames: list[Stats], pending: list, texts: dict[Element, str],
               leaf_text: str | None, own_container: bool) -> None:
    """Queue a paragraph's points for its ancestors (Readability's score: 1 + commas + length steps). `leaf_text`:
    the element's text when it has no children (then it is all its text)."""
    mine[_PARAGRAPHS] += 1
    text = ""
    if mine[_CHARS] < 5000:
        # Kept: the emitter reads the chosen paragraphs' text again.
        text = texts[el] = leaf_text if leaf_text is not None else text_content(el)
    count = text.count
    # isascii() reads a flag the str carries: an ASCII paragraph can only hold the ASCII comma.
    commas = count(",") if text.isascii() else sum(map(count, P.COMMAS))
    points = 1 + commas + min(mine[_CHARS] // P.CHARS_PER_POINT, P.MAX_LENGTH_POINTS)
    points *= 1 - mine.link_density
    ancestors = frames[-1:-P.ANCESTOR_LEVELS - 1:-1]
    if own_container:
        # A <div> of <br>-separated text is a paragraph and its own container: it scores like its parent would,
        # so a text block beside link-heavy siblings can still win.
        pending.append((points, [mine], mine[_CHAIN]))
    pending.append((points, ancestors, mine[_CHAIN]))


def _distribute(pending: list, result: Scan) -> None:
    """Give each paragraph's points to its ancestors (parent whole, grandparent half, then 1/(3·level)), unless it
    sits in confirmed boilerplate. Confirmation waits for the end of the scan because it needs the subtree's size."""
    confirmed: dict[Element, bool] = {}
    for points, ancestors, chain in pending:
        if chain is not None and _in_boilerplate(chain, confirmed, result):
            continue
        for stats, divisor in zip(ancestors, _SHARE_DIVISORS):
            stats[_SCORE] += points / divisor


# The divisor of a paragraph's points at each ancestor level: parent 1, grandparent 2, then 3·level.
_SHARE_DIVISORS = tuple(1 if level == 1 else 2 if level == 2 else level * 3 for level in range(1, P.ANCESTOR_LEVELS + 1))


def _in_boilerplate(chain: tuple, confirmed: dict[Element, bool], result: Scan) -> bool:
    while chain is not None:
        el, chain = chain
        verdict = confirmed.get(el)
        if verdict is None:
            verdict = confirmed[el] = is_boilerplate(el, result)
        if verdict:
            return True
    return False


def is_boilerplate(el: Element, result: Scan, container_chars: int | None = None) -> bool:
    """A marked element is boilerplate unless it holds most of the text: then it is a layout wrapper whose name
    happens to match ("content-with-sidebar", "non-ad-column", "elementor-widget-container"). A comment thread can
    outgrow the story, so its mark needs a larger share to be overruled."""
    stats = result.stats.get(el)
    if not stats or stats.paragraphs < 2:
        return True
    role = result.roles[el]
    if role in P.LINE_ROLES and stats.chars > P.LINE_ROLE_MAX_CHARS and el.tag not in P.CHROME_TAGS:
        return False  # too long for the line its name says: a wrapper (see patterns.LINE_ROLES)
    total = container_chars if container_chars is not None else result.total_chars
    share = P.COMMENTS_WRAPPER_SHARE if role == "comments" else P.WRAPPER_TEXT_SHARE
    return stats.chars <= total * share
