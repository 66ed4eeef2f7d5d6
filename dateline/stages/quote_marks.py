"""Quote marks → quoted spans, one line of text at a time.

News text mixes every convention: “curly”, "straight", ''doubled apostrophes'' (old NYT feeds), «guillemets»,
„German“ pairs, ‘single’ marks for nested or British-style quotes, and broken pairs such as “…" where an editor's
tool changed one mark only. The scanner keeps a small stack of open marks and decides for each mark, from the
characters around it, whether it opens, closes, or is an apostrophe. Only the outermost spans come out: a quote
inside a quote is part of its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Every mark the scanner looks at. `''` and ``` `` ``` come first so they are read as one double mark. A single mark
# between two letters or digits is left out: it neither opens (no opening place before it) nor closes (no closing
# place after it), so it is an apostrophe ("don't", "Sok’s"), the commonest mark of all, skipped by the regex.
# (Written as one alternative per mark, each opening with its character: a regex whose alternatives all open with a
# literal character is scanned for those characters directly, four times faster than a character class.)
_NOT_BETWEEN_LETTERS = r"(?:(?<![^\W_].)|(?![^\W_]))"
MARK = re.compile("|".join(["''", "``"] + [re.escape(mark) for mark in '"“”„‟«»'] +
                           [re.escape(mark) + _NOT_BETWEEN_LETTERS for mark in "‘’‚‹›'"]))

# Double marks that only open, that only close, and the straight ones that do either.
DOUBLE_OPENERS = frozenset("“„‟«") | {"``"}
DOUBLE_CLOSERS = frozenset("”»")
DOUBLE_EITHER = frozenset('"') | {"''"}
_DOUBLES = DOUBLE_OPENERS | DOUBLE_CLOSERS | DOUBLE_EITHER
SINGLE_OPENERS = frozenset("‘‚‹")
SINGLE_CLOSERS = frozenset("’›")
SINGLE_EITHER = frozenset("'")

# A mark opens when what precedes it is the line start, a space, an opening bracket or dash, or another mark.
OPEN_LEFT = frozenset(" \t\u00a0([{—–-/") | frozenset("“„‘‚«‹\"'`")
# A mark closes when what follows it is the line end, a space, or punctuation that can follow a quotation.
CLOSE_RIGHT = frozenset(" \t\u00a0)]}.,;:!?—–-…/") | frozenset("”’»›\"'")


@dataclass(frozen=True, slots=True)
class Span:
    """The content of one outermost quotation within one line: offsets exclude the marks."""

    start: int
    end: int
    opened: bool = True  # False for text that continues a quotation from the line before without a fresh mark
    closed: bool = True  # False when the line ends with the quotation still open
    single: bool = False  # ‘…’ or '…' at the outermost level (British style, headlines)


@dataclass(slots=True)
class _Open:
    mark: str
    content_start: int
    single: bool


def scan_line(text: str, start: int, end: int) -> list[Span]:
    """The outermost quoted spans of text[start:end] (one line, no newline inside)."""
    if MARK.search(text, start, end) is None:
        return []  # most lines of a story: one search, and no scanner state set up for nothing
    stack: list[_Open] = []
    spans: list[Span] = []
    for match in MARK.finditer(text, start, end):
        mark, (pos, after) = match.group(), match.span()
        left = text[pos - 1] if pos > start else " "
        right = text[after] if after < end else " "
        opens = left in OPEN_LEFT and not right.isspace()
        closes = not left.isspace() and right in CLOSE_RIGHT
        if mark in _DOUBLES:
            _double(stack, spans, mark, pos, after, opens, closes)
        else:
            _single(stack, spans, mark, pos, after, opens, closes, left)
    unclosed = next((entry for entry in stack if not entry.single), None)
    if unclosed is not None:
        spans.append(Span(unclosed.content_start, _rstrip(text, unclosed.content_start, end), closed=False))
    return _outermost(spans)


def _double(stack: list[_Open], spans: list[Span], mark: str, pos: int, after: int, opens: bool, closes: bool) -> None:
    # the innermost double mark open (most lines: nothing open, or one mark)
    depth = None if not stack else len(stack) - 1 if not stack[-1].single else \
        next((i for i in range(len(stack) - 2, -1, -1) if not stack[i].single), None)
    if depth is None:
        # Nothing double is open: a closing-only mark in a closing place is a stray (a quote begun on another line).
        if mark in DOUBLE_OPENERS or opens or (not closes and mark not in DOUBLE_CLOSERS):
            stack.append(_Open(mark, after, False))
        return
    outer = stack[depth].mark
    if mark in DOUBLE_CLOSERS or (mark == "“" and outer in "„‟") or _straight_closes(mark, outer, opens, closes):
        _close(stack, spans, depth, pos)
    elif mark in DOUBLE_OPENERS or mark in DOUBLE_EITHER:
        stack.append(_Open(mark, after, False))  # a quotation quoted inside the quotation


def _straight_closes(mark: str, outer: str, opens: bool, closes: bool) -> bool:
    """A straight or curly-open mark inside an open quotation closes it unless it plainly opens a nested one."""
    if mark in DOUBLE_EITHER:
        same_family = outer in DOUBLE_EITHER or outer == "``"
        return same_family or closes or not opens
    return mark == "“" and closes and not opens  # “…“ typed with the wrong mark at the end


def _single(stack: list[_Open], spans: list[Span], mark: str, pos: int, after: int, opens: bool, closes: bool,
            left: str) -> None:
    top_single = bool(stack) and stack[-1].single
    if top_single and closes and mark in SINGLE_CLOSERS | SINGLE_EITHER:
        _close(stack, spans, len(stack) - 1, pos)
    elif opens and (mark in SINGLE_OPENERS or mark in SINGLE_EITHER) and not left.isalnum():
        stack.append(_Open(mark, after, True))
    # anything else is an apostrophe: don't, Sok’s, the players’ union, ’90s


def _close(stack: list[_Open], spans: list[Span], depth: int, pos: int) -> None:
    opened = stack[depth]
    del stack[depth:]
    if pos > opened.content_start:
        spans.append(Span(opened.content_start, pos, single=opened.single))


def _outermost(spans: list[Span]) -> list[Span]:
    """Spans not inside another; an unclosed single mark below (an apostrophe after all) does not hide them."""
    spans.sort(key=lambda span: (span.start, -span.end))
    kept: list[Span] = []
    for span in spans:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
