"""One iterative pass over the tree: per-element text and link lengths, boilerplate marks, paragraph scores.

The pass is post-order without recursion (a stack of child iterators), so 100,000 nested elements cost a list of
100,000 frames, not a Python stack overflow; every element is visited once, so it is linear.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

from dateline.stages import patterns as P


@dataclass(slots=True)
class Stats:
    """What the scan knows about one element (only elements that hold text get one)."""

    chars: int = 0  # visible text length of the subtree, whitespace runs counted once
    link_chars: int = 0  # of which inside <a>
    paragraphs: int = 0  # paragraph-like blocks of ≥ MIN_PARAGRAPH_CHARS below
    score: float = 0.0  # Readability-style content score from the paragraphs below

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


@dataclass(slots=True)
class Scan:
    stats: dict[HtmlElement, Stats] = field(default_factory=dict)
    roles: dict[HtmlElement, str] = field(default_factory=dict)  # boilerplate role of marked block elements
    hidden: set[HtmlElement] = field(default_factory=set)
    total_chars: int = 0


def text_len(text: str | None) -> int:
    """Length with whitespace runs collapsed, cheaply: indentation in the markup is not text."""
    if not text:
        return 0
    stripped = text.strip()
    if "\n" in stripped or "  " in stripped or "\t" in stripped:
        return len(" ".join(stripped.split()))
    return len(stripped)


def boilerplate_role(el: HtmlElement, cache: dict[str, str | None], special: bool = True) -> str | None:
    """The boilerplate role a block element's tag, ARIA role, class or id names, if any.

    `special` says the element has a role attribute (found by one XPath for the whole page: most have none)."""
    tag = el.tag
    if tag in P.CHROME_TAGS:
        return P.CHROME_TAGS[tag]
    get = el.get
    if special:
        role = get("role")
        if role and role.lower() in P.ROLE_ATTRIBUTES:
            return P.ROLE_ATTRIBUTES[role.lower()]
    names = get("class")
    identifier = get("id")
    if identifier:
        names = f"{names} {identifier}" if names else identifier
    if not names or len(names) < 3:
        return None
    role = cache.get(names, "")
    if role == "":  # pages repeat the same class strings hundreds of times
        role = cache[names] = _role_of_names(names.lower())
    return role if role is None or get("itemprop") != "articleBody" else None


def _role_of_names(names: str) -> str | None:
    match = P.BOILERPLATE.search(names)
    if match is None or P.CONTENT_HINT.search(names):
        return None
    role = match.lastgroup.replace("_", "-")
    if role not in P.STRONG_ROLES and P.MAYBE_CONTENT.search(names):
        return None
    return role


def is_hidden(el: HtmlElement) -> bool:
    attrib = el.attrib
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    return bool(style) and P.HIDDEN_STYLE.search(style) is not None


def class_weight(el: HtmlElement, role: str | None) -> int:
    """Readability's class weight: names that say content gain, names that say chrome lose."""
    names = (el.get("class", "") + " " + el.get("id", "")).lower()
    if P.CONTENT_HINT.search(names) or el.get("itemprop") == "articleBody" or el.tag in ("article", "main"):
        return P.CLASS_WEIGHT
    return -P.CLASS_WEIGHT if role else 0


# Elements whose attributes may hide them or give them an ARIA role: one XPath finds the few a page has.
_SPECIAL = etree.XPath(".//*[@hidden or @aria-hidden or @role or contains(@style, 'none') or contains(@style, 'hidden')]")


def scan(body: HtmlElement) -> Scan:
    """Walk the body once, post-order, filling Stats for every element that holds text, then score paragraphs."""
    result = Scan()
    special = set(_SPECIAL(body))
    skip, inline, hidden, roles = P.SKIP_TAGS, P.INLINE_TAGS, result.hidden, result.roles
    # Frame: [element, child iterator, Stats, direct text chars, chain of marked ancestors (el, parent chain)]
    root_stats = Stats(chars=text_len(body.text))
    frames: list[list] = [[body, iter(body), root_stats, root_stats.chars, None]]
    pending: list[tuple[float, list[Stats], tuple | None]] = []
    role_cache: dict[str, str | None] = {}
    while frames:
        frame = frames[-1]
        child = next(frame[1], None)
        if child is None:
            frames.pop()
            _finish(frame, frames, result.stats, pending)
            continue
        tail = child.tail
        if tail:
            tail_chars = len(tail.strip())  # whitespace runs inside count: a close enough length, and cheap
            frame[2].chars += tail_chars
            frame[3] += tail_chars
        tag = child.tag
        if tag in skip or not isinstance(tag, str):
            continue
        is_special = child in special
        if is_special and is_hidden(child):
            hidden.add(child)
            continue
        chain = frame[4]
        if tag not in inline:
            role = boilerplate_role(child, role_cache, is_special)
            if role:
                roles[child] = role
                chain = (child, chain)
        text = child.text
        own = len(text.strip()) if text else 0
        frames.append([child, iter(child), Stats(chars=own), own, chain])
    result.total_chars = root_stats.chars
    result.stats[body] = root_stats
    _distribute(pending, result)
    return result


def _finish(frame: list, frames: list[list], stats: dict[HtmlElement, Stats], pending: list) -> None:
    """An element is done: add its lengths to its parent, and queue its score if it is a paragraph."""
    el, _, mine, direct, chain = frame
    if not frames:
        return
    parent = frames[-1][2]
    tag = el.tag
    if tag == "a":
        mine.link_chars = mine.chars
    parent.chars += mine.chars
    parent.link_chars += mine.link_chars
    if mine.chars:
        stats[el] = mine
    is_paragraph = tag in P.PARAGRAPH_TAGS or (tag not in P.INLINE_TAGS and direct >= P.MIN_PARAGRAPH_CHARS)
    if is_paragraph and mine.chars >= P.MIN_PARAGRAPH_CHARS:
        mine.paragraphs += 1
        text = el.text_content() if mine.chars < 5000 else ""
        points = 1 + len(P.COMMAS.findall(text)) + min(mine.chars // P.CHARS_PER_POINT, P.MAX_LENGTH_POINTS)
        points *= 1 - mine.link_density
        ancestors = [frames[-level][2] for level in range(1, min(P.ANCESTOR_LEVELS, len(frames)) + 1)]
        if tag not in P.PARAGRAPH_TAGS:
            # A <div> of <br>-separated text is a paragraph and its own container: it scores like its parent,
            # so a text block beside link-heavy siblings can still win.
            ancestors.insert(0, mine)
            pending.append((points, [mine], chain))
        pending.append((points, ancestors[1:] if tag not in P.PARAGRAPH_TAGS else ancestors, chain))
    if tag not in P.INLINE_TAGS or mine.paragraphs:
        parent.paragraphs += mine.paragraphs


def _distribute(pending: list, result: Scan) -> None:
    """Give each paragraph's points to its ancestors (parent whole, grandparent half, then 1/(3·level)), unless it
    sits in confirmed boilerplate. Confirmation waits for the end of the scan because it needs the subtree's size."""
    confirmed: dict[HtmlElement, bool] = {}
    for points, ancestors, chain in pending:
        if chain is not None and _in_boilerplate(chain, confirmed, result):
            continue
        for level, stats in enumerate(ancestors, start=1):
            stats.score += points / (1 if level == 1 else 2 if level == 2 else level * 3)


def _in_boilerplate(chain: tuple, confirmed: dict[HtmlElement, bool], result: Scan) -> bool:
    while chain is not None:
        el, chain = chain
        verdict = confirmed.get(el)
        if verdict is None:
            verdict = confirmed[el] = is_boilerplate(el, result)
        if verdict:
            return True
    return False


def is_boilerplate(el: HtmlElement, result: Scan, container_chars: int | None = None) -> bool:
    """A marked element is boilerplate unless it holds most of the text: then it is a layout wrapper whose name
    happens to match ("content-with-sidebar", "non-ad-column", "elementor-widget-container"). A comment thread can
    outgrow the story, so its mark needs a larger share to be overruled."""
    stats = result.stats.get(el)
    if not stats or stats.paragraphs < 2:
        return True
    total = container_chars if container_chars is not None else result.total_chars
    share = P.COMMENTS_WRAPPER_SHARE if result.roles[el] == "comments" else P.WRAPPER_TEXT_SHARE
    return stats.chars <= total * share
