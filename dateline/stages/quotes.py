"""Quotation stage: direct quotations with their speakers, offsets into Article.text.

1. The text is cut into lines (paragraphs, or lines of one when a source breaks them with single newlines).
2. Each line is scanned for its outermost quoted spans (quote_marks).
3. Spans become quotations: a quotation broken by its attribution (“A,” he said. “B.”) is joined, and one that
   runs over several paragraphs (each opens a mark, only the last closes) is chained.
4. Each quotation is judged full or partial (a phrase quoted inside the writer's sentence, "a real change").
5. Its attribution is looked for after it, inside it (between its parts), before it, in its sentence, and for a
   paragraph of quotation alone, in the paragraph introducing it or the quotation before it (quote_speakers).
6. Speakers become canonical names: "Sok" and "he" → "Kim Sok" (quote_cast).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from dateline.article import Article, Quote
from dateline.document import Document
from dateline.options import Options
from dateline.stages import quote_patterns as P
from dateline.stages.quote_cast import Cast, build_cast
from dateline.stages.quote_marks import Span, scan_line
from dateline.stages.quote_speakers import Attribution, after_quote, before_quote, in_sentence, tokens

_LINE = re.compile(r"[^\n]+")
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
# What may stand before a quotation that opens a line: spaces, a bullet or dash, the mark itself.
_LINE_LEAD = re.compile(r"[\s•*\-–—]*")
_MARK_CHARS = "\"“”„‟«»‘’‚‹›'`"


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    paragraph: int


@dataclass(slots=True)
class Item:
    """One quotation being built: its parts, each a span in a line."""

    parts: list[tuple[int, Span]] = field(default_factory=list)
    gap_attribution: Attribution | None = None

    @property
    def line(self) -> int:
        return self.parts[0][0]

    @property
    def last_line(self) -> int:
        return self.parts[-1][0]


def find_quotes(text: str) -> list[Quote]:
    """Direct quotations in any plain text (paragraphs separated by blank lines), offsets into that text."""
    lines = _lines(text)
    spans = [scan_line(text, line.start, line.end) for line in lines]
    items = _items(text, lines, spans)
    sentences = _sentences(text, lines)
    quoted = [(span.start, span.end) for line_spans in spans for span in line_spans]
    cast = build_cast(text, [words for _, _, words in sentences], quoted)
    quotes: list[Quote] = []
    previous: tuple[Item, Attribution | None] | None = None
    for item in items:
        partial = _is_partial(text, lines, item)
        attribution = _attribute(text, lines, sentences, item, partial, previous)
        if partial and attribution is None:
            continue  # a title, a term or a scare quote: no one is quoted
        quotes.append(_quote(text, lines, sentences, cast, item, partial, attribution))
        if not partial:
            previous = (item, attribution)
    return quotes


def run(doc: Document, article: Article, options: Options) -> Article:
    if not options.quotes or not article.body:
        return article
    return dataclasses.replace(article, quotes=tuple(find_quotes(article.text)))


# 1. Lines -------------------------------------------------------------------------------------------------------

def _lines(text: str) -> list[Line]:
    breaks = [m.start() for m in _BLANK_LINE.finditer(text)]
    lines, paragraph = [], 0
    for match in _LINE.finditer(text):
        while paragraph < len(breaks) and breaks[paragraph] < match.start():
            paragraph += 1
        if match.group().strip():
            lines.append(Line(match.start(), match.end(), paragraph))
    return lines


def _sentences(text: str, lines: list[Line]) -> list[tuple[int, int, list]]:
    """(start, end, words) of every sentence, in order; quotations are not split out (their words are skipped)."""
    found = []
    for line in lines:
        start = line.start
        for match in P.SENTENCE_END.finditer(text, line.start, line.end):
            found.append((start, match.end(), tokens(text, start, match.end())))
            start = match.end()
        if start < line.end:
            found.append((start, line.end, tokens(text, start, line.end)))
    return found


# 3. Spans → quotations ---------------------------------------------------------------------------------------------

def _items(text: str, lines: list[Line], spans: list[list[Span]]) -> list[Item]:
    items: list[Item] = []
    chain: Item | None = None  # a quotation still open at the end of the line before
    for index, line in enumerate(lines):
        for position, span in enumerate(spans[index]):
            if not _has_letters(text, span):
                continue
            if chain is not None and position == 0 and _opens_line(text, line, span):
                chain.parts.append((index, span))
                continue
            previous = items[-1] if items and items[-1].last_line == index else None
            gap = _join_gap(text, previous, span) if previous else None
            if gap is not None:
                previous.parts.append((index, span))
                previous.gap_attribution = previous.gap_attribution or gap
            else:
                items.append(Item([(index, span)]))
        last = spans[index][-1] if spans[index] else None
        chain = items[-1] if last is not None and not last.closed and items and items[-1].parts[-1][1] is last \
            else None
    return items


def _has_letters(text: str, span: Span) -> bool:
    return any(ch.isalnum() for ch in text[span.start:span.end])


def _opens_line(text: str, line: Line, span: Span) -> bool:
    lead = text[line.start:span.start]
    return bool(lead.strip()) and lead.strip()[-1] in _MARK_CHARS and _LINE_LEAD.fullmatch(lead.rstrip(_MARK_CHARS))


def _join_gap(text: str, previous: Item, span: Span) -> Attribution | None:
    """The attribution between two quoted parts of one line, when it is all that stands between them."""
    last = previous.parts[-1][1]
    if not last.closed:
        return None
    words = tokens(text, last.end, span.start)
    words = [word for word in words if word.text not in _MARK_CHARS]
    if sum(word.is_word for word in words) > P.MAX_JOIN_GAP_WORDS:
        return None
    return after_quote(text, words)


# 4. Full or partial -------------------------------------------------------------------------------------------------

def _is_partial(text: str, lines: list[Line], item: Item) -> bool:
    """A phrase quoted inside the writer's own sentence, as opposed to a quotation of one or more sentences."""
    if len(item.parts) > 1 or not item.parts[0][1].closed:
        return False
    line = lines[item.line]
    span = item.parts[0][1]
    lead = text[line.start:span.start].rstrip(_MARK_CHARS + " ")
    if not lead or _LINE_LEAD.fullmatch(lead):
        return False  # the quotation opens the paragraph
    if lead[-1] in ":.!?…":
        return False  # it follows a colon or a finished sentence: it is one or more sentences itself
    words = len(text[span.start:span.end].split())
    if lead[-1] == "," and words > P.PARTIAL_MAX_WORDS:
        return False  # said, “…”
    content = text[span.start:span.end].rstrip()
    tail_attributed = content[-1:] in ",!?" and after_quote(text, tokens(text, span.end + 1, line.end)) is not None
    return not (tail_attributed and words > P.PARTIAL_MAX_WORDS)


# 5. Attribution -------------------------------------------------------------------------------------------------

def _attribute(text: str, lines: list[Line], sentences: list, item: Item, partial: bool,
               previous: tuple[Item, Attribution | None] | None) -> Attribution | None:
    first, last = item.parts[0][1], item.parts[-1][1]
    if item.gap_attribution is not None:
        return item.gap_attribution
    found = _after(text, lines[item.last_line], last) or _before(text, lines[item.line], sentences, first)
    if found or partial:
        return found or _in_own_sentence(text, sentences, first)
    return _from_context(text, lines, sentences, item, previous)


def _after(text: str, line: Line, span: Span) -> Attribution | None:
    content = text[span.start:span.end].rstrip()
    tail = tokens(text, span.end, line.end)
    while tail and tail[0].text in _MARK_CHARS:
        tail = tail[1:]
    if content.endswith(".") and (not tail or not tail[0].text[:1].islower()):
        return None  # the quotation ended its sentence: what follows is a new one
    return after_quote(text, _until_quote(text, tail, span.end, line.end))


def _until_quote(text: str, words: list, start: int, end: int) -> list:
    """Words up to the next opening quote mark: the attribution never reaches into the next quotation."""
    cut = next((k for k, word in enumerate(words) if word.text in "“«„\"" or word.text.startswith(("'", "‘"))),
               len(words))
    return words[:cut]


def _before(text: str, line: Line, sentences: list, span: Span) -> Attribution | None:
    start = next((s for s, e, _ in sentences if s <= span.start - 1 < e), line.start)
    lead = text[start:span.start].rstrip(_MARK_CHARS + " ")
    if not lead or lead[-1] not in ",:—–-" and not lead.endswith(("that", "saying", "says", "said")):
        return None
    return before_quote(text, tokens(text, start, start + len(lead)))


def _in_own_sentence(text: str, sentences: list, span: Span) -> Attribution | None:
    for start, end, words in sentences:
        if start <= span.start < end:
            outside = [w for w in words if not (span.start <= w.start < span.end)]
            return in_sentence(text, outside, span.start)
    return None


def _from_context(text: str, lines: list[Line], sentences: list, item: Item,
                  previous: tuple[Item, Attribution | None] | None) -> Attribution | None:
    """A quotation with no attribution of its own: the sentence introducing it, or the quotation just before."""
    start = item.parts[0][1].start
    before = [s for s in sentences if s[1] <= start and s[0] >= lines[max(0, item.line - 1)].start]
    if before:
        s, e, words = before[-1]
        if not _mostly_quoted(text, s, e, previous):
            intro = in_sentence(text, words, e)
            if intro is not None:
                return intro
    if previous is not None and item.line - previous[0].last_line <= 2:
        return previous[1]
    return None


def _mostly_quoted(text: str, start: int, end: int, previous: tuple[Item, Attribution | None] | None) -> bool:
    if previous is None:
        return False
    return any(span.start <= end and span.end >= start for _, span in previous[0].parts)


# 6. Quote records -------------------------------------------------------------------------------------------------

def _quote(text: str, lines: list[Line], sentences: list, cast: Cast, item: Item, partial: bool,
           attribution: Attribution | None) -> Quote:
    pieces = [text[span.start:span.end].strip().rstrip(",").rstrip() for _, span in item.parts]
    first, last = item.parts[0][1], item.parts[-1][1]
    end = last.end
    while end > last.start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    speaker = _canonical(cast, sentences, attribution) if attribution else None
    return Quote(
        text=" ".join(piece for piece in pieces if piece),
        start=first.start,
        end=end,
        speaker=speaker,
        speaker_mention=attribution.mention if attribution else None,
        role=attribution.role if attribution else None,
        cue=attribution.cue if attribution else None,
        paragraph=lines[item.line].paragraph,
        partial=partial,
    )


def _canonical(cast: Cast, sentences: list, attribution: Attribution) -> str | None:
    if attribution.is_pronoun:
        index = next((k for k, (s, e, _) in enumerate(sentences) if s <= attribution.start < e), 0)
        return cast.resolve(attribution.mention, attribution.start, index)
    if attribution.name:
        return cast.canonical(attribution.name)
    return attribution.mention
