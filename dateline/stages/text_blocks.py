"""Flattened text → lines with the shape features the role rules read.

A flattened page has one block per line: paragraphs, headings, link texts, image alt texts; list items are marked
"  • " and a list item's second block (a teaser's snippet) is indented four spaces under it. Blank lines separate
blocks; two lines with no blank between them came from one element (an image's alt text and its caption, a menu
bullet and its link). Nothing here knows a language: the features are lengths, punctuation, marks and repetition.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

# A list item as the flattener writes it: optional indent, a bullet, a space.
_BULLETS = "•·▪●◦‣∙"
# A bare bullet line ("•" alone) is a menu separator, never content.
_BARE_CHARS = _BULLETS + "|/ \t"
# Continuation of a list item: indented (four spaces or a tab) with no bullet of its own.
_CONTINUATION_INDENT = ("    ", "\t")
# Sentence-final marks: Latin, CJK, Devanagari, Arabic, Armenian, Ethiopic, Myanmar, Khmer, Tibetan; closing quotes.
_SENTENCE_END = frozenset(".!?…。！？।؟։።။។།")
# Thai and Lao mark no sentence end: a line that ends in those scripts ends like a sentence.
_UNMARKED_SCRIPT = ("\u0e00", "\u0eff")
_CLOSING_QUOTES = frozenset("\"”»")
_CLOSERS = "\"'”’»)]"
# Mojibake: UTF-8 read as Latin-1 leaves C1 controls or "Ã"/"Â"/"â" before a continuation byte. Written to start
# with one character class (a C1 control stands alone, the lookbehind says) so that the regex engine scans for it
# in a tight loop: 4.6x faster over a page than the same alternation written as two branches.
_MOJIBAKE = re.compile(r"[\x80-\x9fÃÂâÐÑìíëê](?:(?<=[\x80-\x9f])|[\x80-\xbf])")
# In text that separates blocks by blank lines, at most this share of lines sit right under another line.
MAX_ADJACENT_SHARE = 0.5
# A hard-wrapped line is at least this long (an image's alt text above its caption usually is not).
WRAPPED_MIN_CHARS = 40
# A line is prose when it is a sentence of some length; shorter terminal lines are quotes or captions more often.
PROSE_MIN_WORDS = 8
# A long line without final punctuation is still mostly prose (a paragraph ending in a link or a colon).
LONG_UNPUNCTUATED_WORDS = 25
# A long line with no punctuation inside is a tag cloud or a keyword list, not a paragraph.
_INNER_PUNCTUATION = re.compile(r"[,.;:!?،、，。；]")
# Consent banners are written as prose; a small multilingual cue keeps them from counting as the story's.
COOKIE = re.compile(r"cookie|consent|privacy|datenschutz|privacidad|confidentialit|쿠키")
# Scripts written without spaces between words: count characters, not space-separated words.
_SPACELESS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f\uf900-\ufaff]")
# A CJK character carries about half a word of an alphabetic language (calibrated on the Japanese dev page).
_SPACELESS_CHARS_PER_WORD = 2.0


class Line(NamedTuple):
    """One block of the page. A NamedTuple, not a frozen dataclass: pages have thousands of lines, and a tuple is
    built several times faster."""

    number: int  # 1-based line number in the input
    last: int  # the last input line of the block (hard-wrapped lines are joined into one block)
    text: str  # the line without its indent and list marker, otherwise as in the input (mojibake repaired)
    item: bool  # a list item ("  • ")
    continuation: bool  # an indented second block under a list item
    joined_above: bool  # no blank line between this line and the one above (same element)
    words: float  # word count; characters/2 for spaceless scripts
    terminal: bool  # ends with sentence-final punctuation
    repeats: int  # how many lines of the page have this exact text
    bare: bool  # a lone bullet or separator
    prose: bool  # paragraph-shaped: a sentence of some length (a list item can be one: bulleted paragraphs)


def repair_mojibake(line: str) -> str:
    """Undo UTF-8 decoded as Latin-1 (a common flattening accident): only when the round trip is clean.

    The byte 0xA0 decodes to a no-break space, which flatteners turn into a plain space: a space where a UTF-8
    continuation byte belongs is put back as 0xA0 first (as ftfy does).
    """
    if not _MOJIBAKE.search(line):
        return line
    try:
        raw = line.encode("latin-1")
    except UnicodeEncodeError:
        return line
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return _restore_nbsp(raw).decode("utf-8")
    except UnicodeDecodeError:
        return line


def _restore_nbsp(raw: bytes) -> bytes:
    """Put 0xA0 back where a UTF-8 sequence expects a continuation byte and finds a space."""
    if b" " not in raw:
        return raw
    out = bytearray(raw)
    expected = 0  # continuation bytes still owed by the current sequence
    for position, byte in enumerate(out):
        if expected and byte == 0x20:
            out[position] = 0xA0
            expected -= 1
        elif expected and 0x80 <= byte <= 0xBF:
            expected -= 1
        else:
            expected = 1 if 0xC2 <= byte <= 0xDF else 2 if 0xE0 <= byte <= 0xEF else 3 if 0xF0 <= byte <= 0xF4 else 0
    return bytes(out)


def _prose_shaped(text: str, words: float, terminal: bool) -> bool:
    if words < PROSE_MIN_WORDS:
        return False
    if not terminal and (words < LONG_UNPUNCTUATED_WORDS or not _INNER_PUNCTUATION.search(text)):
        return False
    return not COOKIE.search(text.lower())


def ends_like_sentence(text: str) -> bool:
    """Ends with sentence-final punctuation, maybe inside closing quotes or brackets, or with a closing quote."""
    if not text or text[-1] in _CLOSING_QUOTES:
        return bool(text)
    # The last character compared, not a regex searched: "[...]$" would scan the whole line for its class.
    low, high = _UNMARKED_SCRIPT
    return text.rstrip(_CLOSERS)[-1:] in _SENTENCE_END or low <= text[-1] <= high


def word_count(text: str) -> float:
    if not _SPACELESS.search(text):
        return float(len(text.split()))
    spaceless = len(_SPACELESS.findall(text))
    rest = _SPACELESS.sub(" ", text)
    return len(rest.split()) + spaceless / _SPACELESS_CHARS_PER_WORD


def split_lines(text: str) -> list[Line]:
    """Every block of the page (a line, or hard-wrapped lines put back together) with its shape features."""
    pieces, separated = _pieces(text)
    counts = Counter(piece[3] for piece in pieces)
    # Most pages have no CJK at all: one search over the page spares one per line.
    spaceless = bool(_SPACELESS.search(text))
    lines: list[Line] = []
    previous: Line | None = None
    for number, last, marked, clean, bare, indented in pieces:
        joined = separated and previous is not None and number == previous.last + 1
        # Some lists flatten as a bare bullet line with the item's text joined below it; a list written with line
        # breaks is lines joined under a line that ends with a colon ("Tour dates:").
        item = not bare and (marked or (joined and (previous.bare or _introduces(previous))))
        continuation = not item and indented and previous is not None and (previous.item or previous.continuation)
        words = word_count(clean) if spaceless else float(len(clean.split()))
        terminal = ends_like_sentence(clean)
        prose = words >= PROSE_MIN_WORDS and not (continuation or bare) and _prose_shaped(clean, words, terminal)
        previous = Line(number, last, clean, item, continuation, joined, words, terminal, counts[clean], bare, prose)
        lines.append(previous)
    return lines


def _introduces(previous: Line) -> bool:
    """The line above opens a list: it ends with a colon, or it is itself a line of such a list."""
    return previous.text.endswith((":", "：")) or (previous.item and previous.joined_above)


def _pieces(text: str) -> tuple[list[tuple[int, int, bool, str, bool, bool]], bool]:
    """(first line, last line, list marker, text, bare bullet, indented) for every block, wrapped lines joined;
    and whether the text separates its blocks by blank lines."""
    pieces: list[tuple[int, int, bool, str, bool, bool]] = []
    raw = text.split("\n")
    trimmed = [line.strip() for line in raw]
    separated = _blank_separated(trimmed)
    garbled = bool(_MOJIBAKE.search(text))  # one search over the page spares one per line on most pages
    for number, (line, stripped) in enumerate(zip(raw, trimmed), start=1):
        if not stripped:
            continue
        if garbled and _MOJIBAKE.search(stripped):
            stripped = repair_mojibake(stripped)
        marked = stripped[0] in _BULLETS and stripped[1:2].isspace()
        clean = stripped[2:].lstrip() if marked else stripped
        bare = stripped[0] in _BARE_CHARS and not stripped.strip(_BARE_CHARS)
        if separated and pieces and pieces[-1][1] == number - 1 and not (marked or bare) and \
                _wrapped(pieces[-1][3], clean):
            first, _, was_marked, above, _, indented = pieces[-1]
            pieces[-1] = (first, number, was_marked, f"{above} {clean}", False, indented)
        else:
            indented = line[0] in " \t" and line.startswith(_CONTINUATION_INDENT)
            pieces.append((number, number, marked, clean, bare, indented))
    return pieces, separated


def _blank_separated(trimmed: list[str]) -> bool:
    """Does the text separate blocks with blank lines? Then two lines with no blank between are one element.

    Text that puts every block on the next line (WET files, copy-paste) says nothing by adjacency: no line is
    joined to its neighbour there.
    """
    filled = sum(1 for line in trimmed if line)
    adjacent = sum(1 for above, line in zip(trimmed, trimmed[1:]) if above and line)
    return adjacent <= filled * MAX_ADJACENT_SHARE


def _wrapped(previous: str, clean: str) -> bool:
    """Is this line the rest of the sentence above it (a paragraph hard-wrapped with <br>)?

    An image's alt text with its caption below is two joined lines too: the alt text is short and rarely stops
    mid-phrase, so the line above must be long and end unfinished (a lowercase word, a comma), or this one must
    go on in lowercase.
    """
    if not previous or ends_like_sentence(previous) or not previous.strip(_BARE_CHARS):
        return False
    if clean[:1].islower():
        return True
    return len(previous) >= WRAPPED_MIN_CHARS and (previous[-1].islower() or previous[-1] in ",;-–")
