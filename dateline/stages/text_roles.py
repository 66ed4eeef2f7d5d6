"""Roles for the lines of a flattened page: where the story runs, and what every other line is.

The story is found as the run of lines with the greatest mass of prose (a maximum-sum segment: prose lines add their
word count, every other line takes a little away), so menus, teaser lists and footers around it fall outside
without a word list. Inside the run, short lines become sub-headings or are dropped by their shape; outside it,
each line gets the boilerplate role its shape and position suggest.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from dateline.stages.text_blocks import COOKIE, Line

# --- Heuristics --------------------------------------------------------------------------------------------------
# The costs and thresholds were set by reading flattened dev pages (../shared/data/scrapinghub/text); the three
# factors marked "dev F1" were then picked by their score in bench/text_quality.py, and bench/text_cv.py checks that
# pick by cross-validation (held-out F1 0.903 against 0.911 when tuned on all pages). NON_PROSE_COST and
# PROSE_MIN_WORDS sit on a plateau: 3/4/5 → F1 0.910/0.911/0.910, 6/8/10 → 0.910/0.911/0.906.
_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[^\W\d_]+")
# A clock time, a year, or a numeric date (not a score like "53-9"): what comment time stamps carry in any language.
_DATE_OR_TIME = re.compile(r"\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
# What a non-prose line costs the story run, in words: about one short menu entry.
NON_PROSE_COST = 4.0
# A lone bullet costs less: menus are full of them, but so are share bars beside the story.
BARE_COST = 1.0
# An indented snippet under a list item is a teaser, the clearest sign the story has ended.
CONTINUATION_COST_PER_WORD = 0.5
# A short line repeated on the page is navigation, a headline or a teaser title.
REPEATED_COST = 8.0
# Repeated prose counts half: a page may carry the story twice (an AMP copy) or a teaser may repeat the lead
# (dev F1: 0 → 0.904, 0.5 → 0.905, 1 → 0.901).
REPEATED_PROSE_FACTOR = 0.5
# In a gap of non-prose lines the n-th line costs (1 + n / GAP_GROWTH) times its weight (dev F1: no growth 0.897,
# 20 → 0.901, 10 → 0.904, 5 → 0.901, 3 → 0.897).
GAP_GROWTH = 10.0
# A prose line standing alone between non-prose lines counts for this much of its words (dev F1: 1 → 0.905,
# 0.5 → 0.911, 0.3 → 0.910).
ISOLATED_PROSE_FACTOR = 0.5
# A comment thread shows at least this many time stamps of one shape; a stamp is a short line with a date or time.
THREAD_MIN_STAMPS = 3
STAMP_MAX_WORDS = 12
# Below this much prose the page has no article (a menu page, a product grid), not a short one.
MIN_ARTICLE_WORDS = 40
MIN_ARTICLE_PROSE_LINES = 1
# A sub-heading is short and does not end like a sentence.
HEADING_MAX_WORDS = 16
# A list inside the story: its items average at least this many words (menus are one or two words an item).
STORY_LIST_MIN_MEAN_WORDS = 2.5
# A list after the story whose items average this many words reads as headlines: a teaser list, not a menu.
TEASER_MIN_MEAN_WORDS = 4.0

# Small multilingual cues for naming what was removed; the selection itself never depends on them.
_SHARE = re.compile(r"\b(?:facebook|twitter|whatsapp|pinterest|linkedin|reddit|telegram|e-?mail|share|teilen|"
                    r"compartir|partager|condividi|공유)\b", re.IGNORECASE)
_SUBSCRIBE = re.compile(r"(?:subscri|newsletter|abonn|suscri|iscriviti|sign up|sign in|log in|registr|구독)",
                        re.IGNORECASE)
_COPYRIGHT = re.compile(r"(?:©|\(c\)\s*\d{4}|all rights reserved|alle rechte|todos los derechos)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # index into the lines, inclusive
    end: int  # inclusive
    mass: float  # summed weights


def is_prose(line: Line) -> bool:
    """A paragraph-shaped line (decided once per line in text_blocks)."""
    return line.prose


def weight(line: Line) -> float:
    """What the line adds to (prose) or takes from (everything else) a candidate story run."""
    if is_prose(line):
        return line.words * (REPEATED_PROSE_FACTOR if line.repeats > 1 else 1.0)
    if line.bare:
        return -BARE_COST
    if line.continuation:
        return -max(NON_PROSE_COST, CONTINUATION_COST_PER_WORD * line.words)
    if line.repeats > 1:
        return -REPEATED_COST
    return -NON_PROSE_COST


def story_span(lines: list[Line], *, cut_comments: bool = True) -> Span | None:
    """The densest stretch of prose on the page, ended before a comment thread that follows it (unless asked not to)."""
    weights = _gap_weights(lines)
    span = _max_run(weights, 0, len(lines))
    if span is None:
        return None
    cut = _thread_start(lines, span) if cut_comments else None
    if cut is not None:
        span = _max_run(weights, span.start, cut) or span
    return _with_closing_list(lines, span)


def _with_closing_list(lines: list[Line], span: Span) -> Span:
    """Take in a list that ends the story after a line that announces it ("The tour dates:").

    The list's items are short and unpunctuated, so they weigh against the run; the colon says they belong.
    """
    intro = span.end
    if not lines[intro].text.endswith((":", "：")):
        intro += 1
        if intro >= len(lines) or lines[intro].item or lines[intro].words > HEADING_MAX_WORDS or \
                not lines[intro].text.endswith((":", "：")):
            return span
    end = intro
    while end + 1 < len(lines) and lines[end + 1].item:
        end += 1
    return Span(span.start, end, span.mass) if end > intro else span


def _gap_weights(lines: list[Line]) -> list[float]:
    """Line weights where each further non-prose line of an unbroken gap costs more than the one before.

    A few short lines between paragraphs (a sub-heading, a share bar) are part of a story; a long stretch of them
    (a menu, a "Related" block) separates the story from whatever prose follows, however much of it there is.
    """
    weights = []
    gap = 0
    for index, line in enumerate(lines):
        value = weight(line)
        if value > 0 and _isolated(lines, index):
            value *= ISOLATED_PROSE_FACTOR
        gap = 0 if value > 0 else gap + 1
        weights.append(value * (1.0 + gap / GAP_GROWTH) if value < 0 else value)
    return weights


def _isolated(lines: list[Line], index: int) -> bool:
    """A prose line with no prose line next to it: a caption or a teaser's snippet more often than a paragraph."""
    before = lines[index - 1].prose if index > 0 else False
    after = lines[index + 1].prose if index + 1 < len(lines) else False
    return not (before or after)


def _max_run(weights: list[float], start: int, stop: int) -> Span | None:
    """The maximum-sum run of weights[start:stop] (Kadane)."""
    best: Span | None = None
    first, total = start, 0.0
    for index in range(start, stop):
        if total <= 0:
            first, total = index, 0.0
        total += weights[index]
        if total > 0 and (best is None or total > best.mass):
            best = Span(first, index, total)
    return best


def template_key(line: Line) -> str | None:
    """The shape of a comment's time stamp line, numbers and words masked: "November 19, 2019 at 6:34 am" →
    "a 0, 0 a 0:0 a". Exact repeated lines are not used: captions, questions and shop links repeat inside stories.
    """
    if line.words > STAMP_MAX_WORDS or is_prose(line) or not _DATE_OR_TIME.search(line.text):
        return None
    return _LETTERS.sub("a", _DIGITS.sub("0", line.text))


def _thread_start(lines: list[Line], span: Span) -> int | None:
    """Where a comment thread begins inside the span: the first of several same-shaped time stamps after prose.

    Comments repeat a template (name, time stamp, text, reply link); the time stamps' shape repeats though their
    digits differ. A single date under the headline does not cut, nor do stamps before the story's prose.
    """
    keys = [template_key(line) for line in lines[span.start:span.end + 1]]
    counts = Counter(key for key in keys if key)
    mass = 0.0
    for offset, key in enumerate(keys):
        if key and counts[key] >= THREAD_MIN_STAMPS and mass >= MIN_ARTICLE_WORDS:
            return span.start + offset
        line = lines[span.start + offset]
        mass += line.words if is_prose(line) else 0.0
    return None


def has_article(lines: list[Line], span: Span | None) -> bool:
    if span is None:
        return False
    prose = [line for line in lines[span.start:span.end + 1] if is_prose(line)]
    return len(prose) >= MIN_ARTICLE_PROSE_LINES and sum(line.words for line in prose) >= MIN_ARTICLE_WORDS


def boilerplate_role(line: Line, before_story: bool) -> str:
    """A name for a line left out, from small cues first, then from its shape and where it sits."""
    if COOKIE.search(line.text.lower()):
        return "cookie"
    if _COPYRIGHT.search(line.text):
        return "footer"
    if line.words <= 6 and _SUBSCRIBE.search(line.text):
        return "subscribe"
    if line.words <= 4 and _SHARE.search(line.text):
        return "share"
    if line.continuation:
        return "teaser-list"
    if before_story:
        return "navigation"
    if is_prose(line):
        return "comments"
    return "footer"


def name_removed(lines: list[Line], roles: list[str], span: Span | None) -> list[str]:
    """Fill in a role for every line not given one: boilerplate by cue and position, then teaser lists."""
    start = span.start if span is not None else len(lines)
    named = [role or boilerplate_role(line, index < start) for index, (line, role) in enumerate(zip(lines, roles))]
    if span is not None:
        for first, last in _teaser_lists(lines, roles, span.end + 1):
            named[first:last + 1] = ["teaser-list"] * (last + 1 - first)
    return named


def _teaser_lists(lines: list[Line], roles: list[str], start: int) -> list[tuple[int, int]]:
    """(first, last) line of each teaser list after the story, its label line included.

    A list whose items carry snippets (indented second blocks) or read as headlines, with the short label line
    above it ("MOST VIEWED", "Lesen Sie auch"), is a teaser list in any language; one- or two-word items are a menu.
    """
    found = []
    index = start
    while index < len(lines):
        if not lines[index].item:
            index += 1
            continue
        end = index
        while end + 1 < len(lines) and (lines[end + 1].item or lines[end + 1].continuation):
            end += 1
        run = lines[index:end + 1]
        items = [line for line in run if line.item]
        if any(line.continuation for line in run) or \
                sum(line.words for line in items) / len(items) >= TEASER_MIN_MEAN_WORDS:
            label = lines[index - 1] if index - 1 >= start else None
            labelled = label is not None and not roles[index - 1] and not label.prose and \
                label.words <= HEADING_MAX_WORDS
            found.append((index - 1 if labelled else index, end))
        index = end + 1
    return found
