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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import NamedTuple

from dateline.article import Article, Quote
from dateline.document import Document
from dateline.options import Options
from dateline.stages import quote_patterns as P
from dateline.stages.quote_cast import Cast, build_cast
from dateline.stages.quote_marks import MARK, Span, scan_line
from dateline.stages.quote_speakers import (Attribution, after_quote, before_quote, cue_at, in_sentence, labelled,
                                            Token, sentence_subject, tokens)

_LINE = re.compile(r"[^\n]+")
_CHUNK = re.compile(r"\S+")  # what str.split() gives, one at a time
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
# What may stand before a quotation that opens a line: spaces, a bullet or dash, the mark itself.
_LINE_LEAD = re.compile(r"[\s•*\-–—]*")
_MARK_CHARS = "\"“”„‟«»‘’‚‹›'`"
_TRIM_PUNCT = ",.;:!?…()[]\"“”„‟«»‘’‚‹›'`"


class Line(NamedTuple):  # a tuple: made for every line of the text, cheaply
    start: int
    end: int
    paragraph: int


_line = partial(tuple.__new__, Line)  # a Line made in C, without the NamedTuple's Python-level __new__


@dataclass(slots=True)
class Item:
    """One quotation being built: its parts, each a span in a line."""

    parts: list[tuple[int, Span]] = field(default_factory=list)
    gap_attribution: Attribution | None = None
    attribution: Attribution | None = None  # set early for quotations inside a sentence
    partial: bool = False
    content: tuple[int, int] | None = None  # the reported content, for a quotation inside a sentence

    @property
    def line(self) -> int:
        return self.parts[0][0]

    @property
    def last_line(self) -> int:
        return self.parts[-1][0]


class Sentence:
    """One sentence: its bounds, and its words, cut into Tokens the first time they are read (most sentences are
    only read by the cast, which finds what it needs without Tokens: quote_cast.build_cast)."""

    __slots__ = ("text", "start", "end", "_words")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self._words: list[Token] | None = None

    @property
    def words(self) -> list[Token]:
        if self._words is None:
            self._words = tokens(self.text, self.start, self.end)
        return self._words


@dataclass(frozen=True, slots=True)
class Sentences:
    """The sentences of the lines near quotations, in text order, found by offset."""

    text: str
    bounds: list[tuple[int, int]]
    starts: list[int]
    made: dict[int, Sentence] = field(default_factory=dict)  # by index, the Sentences read so far (their words)

    def item(self, k: int) -> Sentence:
        sentence = self.made.get(k)
        if sentence is None:
            sentence = self.made[k] = Sentence(self.text, *self.bounds[k])
        return sentence

    def index_at(self, offset: int) -> int | None:
        k = bisect_right(self.starts, offset) - 1
        return k if k >= 0 and offset < self.bounds[k][1] else None

    def at(self, offset: int) -> Sentence | None:
        k = self.index_at(offset)
        return None if k is None else self.item(k)


class LazyCast:
    """The story's cast, built the first time a speaker is made canonical: on a page whose quotations have no
    named or pronoun speaker (a sixth of the dev pages with quotations in the making) it is never needed."""

    __slots__ = ("_args", "_cast")

    def __init__(self, text: str, sentences: list[tuple[int, int]], quoted: list[tuple[int, int]]) -> None:
        self._args, self._cast = (text, sentences, quoted), None

    def get(self) -> Cast:
        if self._cast is None:
            self._cast = build_cast(*self._args)
        return self._cast


def find_quotes(text: str) -> list[Quote]:
    """Direct quotations in any plain text (paragraphs separated by blank lines), offsets into that text.

    Only the first MAX_QUOTE_TEXT_CHARS characters are read, and only the lines near a quotation are cut into
    words, so the cost stays linear and small on any input (a 50 MB page with no quotation costs one regex scan
    of its first megabyte)."""
    text = _capped(text)
    if MARK.search(text) is None:
        return []  # no quote mark at all: nothing to tokenise
    lines = _lines(text)
    spans = [scan_line(text, line.start, line.end) for line in lines]
    items = _items(text, lines, spans)
    if not items:
        return []
    sentences = _sentences(text, lines, spans, _near_quotes(spans))
    quoted = [(span.start, span.end) for line_spans in spans for span in line_spans]
    cast = LazyCast(text, sentences.bounds, quoted)
    items = _settle_in_sentence(text, lines, spans, sentences, items)
    # Whether the text quotes with double marks (American style): single marks there are headlines and subheads.
    singles = sum(span.single for line_spans in spans for span in line_spans)
    double_marked = sum(len(line_spans) for line_spans in spans) - singles > singles
    quotes: list[Quote] = []
    previous: tuple[Item, Attribution | None] | None = None
    previous_at = -1  # the index in `quotes` of the previous full quotation
    english: bool | None = None  # whether the text is English, read when first needed
    for item in items:
        if not item.partial and _continues_previous(text, lines, spans, item, previous):
            previous[0].parts.extend(item.parts)
            quotes[previous_at] = _quote(text, lines, sentences, cast, previous[0], False, previous[1])
            continue
        attribution = item.attribution if item.partial else \
            item.attribution or _attribute(text, lines, spans, sentences, item, previous)
        if attribution is None and (item.partial or all(span.single for _, span in item.parts)):
            # a title, a term or a scare quote: no one is quoted; in single marks ('Carson is cratering' while
            # Trump rises…), a headline or a term even when it stands alone
            continue
        if attribution is None and _unintroduced(text, lines, item):
            english = _in_english(text) if english is None else english
            if english:
                continue  # a paragraph no one introduces or signs, in a text whose attributions the stage reads
        if double_marked and _single_marked_line(text, lines, item):
            continue  # a subhead quoting the story ('A fight from start to finish.'), not a quotation
        quotes.append(_quote(text, lines, sentences, cast, item, item.partial, attribution))
        if not item.partial:
            previous, previous_at = (item, attribution), len(quotes) - 1
    return quotes


def _unintroduced(text: str, lines: list[Line], item: Item) -> bool:
    """A quotation standing as a sentence or paragraph of its own (opening its line or after a finished sentence):
    when no attribution is found for it anywhere (after, before, in the paragraph before, a signature), it is a pull
    quote, a slogan, an embedded post or a headline more often than someone's words (PolNeAR train: 15 of 40 such
    spans are annotated quotations; dev 2 of 8), and a "who said what" item with no one saying it."""
    first = item.parts[0][1]
    lead = _lead(text, lines[item.line].start, first.start)
    return not lead or bool(_LINE_LEAD.fullmatch(lead)) or lead[-1] in ".!?…"


def _single_marked_line(text: str, lines: list[Line], item: Item) -> bool:
    """A short line holding a quotation in single marks, in a text whose quotations are in double marks: a
    subhead quoting a phrase of the section below it ('Pretty cool working there.'), a headline in a list of
    links (Reid: 'Never, ever, ever underestimate Trump.'), or the story's own headline, which American style quotes
    in single marks ("Clinton blasts Trump over 'deportation force' idea."). PolNeAR train: 12 such lines that are
    the quotation alone and 57 ending with one, 1 of them annotated as a quotation; 8 more with the quotation inside,
    none annotated. In a text quoting with single marks (British style: more single-marked quotations than
    double-marked ones) such a line is a quotation, and is kept."""
    line, span = lines[item.line], item.parts[0][1]
    if len(item.parts) > 1 or not span.single or line.end - line.start > P.MAX_SENTENCE_CHARS:
        return False  # and a long line is not copied for each of its quotations
    return not _more_words(text[line.start:line.end], P.SUBHEAD_MAX_WORDS)


def _in_english(text: str) -> bool:
    """Whether the text is English, the language of the stage's attribution rules: only there does finding no
    attribution say that no one is quoted (in Portuguese or Russian the stage finds few). Read from the share of the
    commonest English words among the words of its first ENGLISH_SAMPLE_CHARS characters (about 15-20% in English
    news; about 1% in other languages written in the Latin script)."""
    words = P.LATIN_WORD.findall(text, 0, P.ENGLISH_SAMPLE_CHARS)
    common = sum(word.lower() in P.ENGLISH_COMMON_WORDS for word in words)
    return common >= P.ENGLISH_SHARE * len(words) and common > 0


def run(doc: Document, article: Article, options: Options) -> Article:
    if not options.quotes or not article.body:
        return article
    return dataclasses.replace(article, quotes=tuple(find_quotes(article.text)))


# 1. Lines -------------------------------------------------------------------------------------------------------

def _capped(text: str) -> str:
    """The text the stage reads: all of it, or its first MAX_QUOTE_TEXT_CHARS characters cut at a line break so
    that no line is cut (offsets into the prefix are offsets into the whole text)."""
    if len(text) <= P.MAX_QUOTE_TEXT_CHARS:
        return text
    cut = text.rfind("\n", 0, P.MAX_QUOTE_TEXT_CHARS)
    return text[:cut if cut > 0 else P.MAX_QUOTE_TEXT_CHARS]


def _lines(text: str) -> list[Line]:
    breaks = [m.start() for m in _BLANK_LINE.finditer(text)]
    lines, paragraph = [], 0
    for match in _LINE.finditer(text):
        start, end = match.span()
        while paragraph < len(breaks) and breaks[paragraph] < start:
            paragraph += 1
        # a line with a letter or mark in it (most open with one: told without copying the line)
        if not text[start].isspace() or not match.group().isspace():
            lines.append(_line((start, end, paragraph)))
    return lines


def _near_quotes(spans: list[list[Span]]) -> list[int]:
    """The indexes of the lines with a quotation or within CONTEXT_LINES before one, in order (linear: each
    line is added once, walking back from a quotation's line only until the previous window)."""
    near: list[int] = []
    covered = -1  # the last line index already in `near`
    for index, line_spans in enumerate(spans):
        if line_spans:
            near.extend(range(max(covered + 1, index - P.CONTEXT_LINES), index + 1))
            covered = index
    return near


def _sentences(text: str, lines: list[Line], spans: list[list[Span]], near: list[int]) -> Sentences:
    """The sentences of the lines `near` quotations, in order. A quotation is never cut: a sentence ends inside
    one only where the quotation ends too ("…as president.” He also said…"); nor after a title ("Gov. Jeb Bush")."""
    found: list[tuple[int, int]] = []
    for index in near:
        line, line_spans = lines[index], spans[index]
        start, k = line.start, 0
        for match in _sentence_stops(text, line.start, line.end):
            while k < len(line_spans) and line_spans[k].end < match.start():
                k += 1  # spans and stops are both in order: one pass over each
            if k < len(line_spans) and _inside_quote(line_spans[k], match):
                continue
            end = match.end()
            if end - start > P.MAX_SENTENCE_CHARS:
                _add_sentence(text, found, start, end)
            else:
                found.append((start, end))  # most sentences: no call
            start = end
        if start < line.end:
            _add_sentence(text, found, start, line.end)
    return Sentences(text, found, [sentence[0] for sentence in found])


def _add_sentence(text: str, found: list[tuple[int, int]], start: int, end: int) -> None:
    """Add text[start:end] as a sentence, cut at spaces into pieces of at most MAX_SENTENCE_CHARS: a "sentence"
    longer than any real one (a list, a page with no full stops) would make each quotation in it cost its
    whole length."""
    while end - start > P.MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + P.MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + P.MAX_SENTENCE_CHARS
        found.append((start, cut))
        start = cut
    found.append((start, end))


def _sentence_stops(text: str, start: int, end: int) -> list[re.Match]:
    """Where sentences end in text[start:end]: not after a title or an initial ("Gov. Jeb Bush", "C. Stewart")."""
    return [match for match in P.SENTENCE_END.finditer(text, start, end)
            if not _after_abbreviation(text, match.start())]


def _inside_quote(span: Span, match: re.Match) -> bool:
    return span.start <= match.start() < span.end and match.end() < span.end + 1


def _after_abbreviation(text: str, stop: int) -> bool:
    window = text[max(0, stop - 8):stop]
    if window.islower():
        return False  # no capital before the stop: every title, abbreviation and initial holds one (most stops)
    word = window.split()[-1:] or [""]
    return word[0] in P.TITLE_WORDS or word[0] in P.TITLE_ABBREVIATIONS or bool(P.INITIALS.fullmatch(word[0]))


# 3. Spans → quotations ---------------------------------------------------------------------------------------------

def _items(text: str, lines: list[Line], spans: list[list[Span]]) -> list[Item]:
    items: list[Item] = []
    turns = _transcript_turns(text, lines, spans)
    chain: Item | None = None  # a quotation still open at the end of the line before
    for index, line in enumerate(lines):
        for position, span in enumerate(spans[index]):
            if not _has_letters(text, span) or _inline_title(text, line, span) or _stage_direction(text, span) \
                    or _label(text, line, span) or _credited(text, line, span) \
                    or _credited_excerpt(text, line, spans[index], position):
                continue  # a title inside an attribution (told ABC's “Good Morning America.”) joins no quotation
            if position == 0 and index in turns:
                items.append(turns[index])  # "WALLACE: …⏎⏎"PENCE: …: each turn is a quotation of its own
                continue
            if chain is not None and position == 0 and _opens_line(text, line, span) and \
                    not (chain.gap_attribution and _after(text, line, spans[index], span)):
                # “A,” Rubio said. “B⏎⏎“C,” he continued.: each paragraph attributed on its own is a quotation
                chain.parts.append((index, span))
                continue
            previous = items[-1] if items and items[-1].last_line == index else None
            gap = _join_gap(text, previous, span) if previous else None
            if gap is None and previous is not None and _phrase_in_gap(text, items, index):
                # “A,” she said, describing how she puts together “tubular mixers,” rods that…. “B.”
                previous = items[-2]
                gap = _join_gap(text, previous, span)
            if gap is not None and _after(text, line, spans[index], span) is None and \
                    not _runs_into_narration(text, line, span):  # “B,” he added: a new one
                previous.parts.append((index, span))
                previous.gap_attribution = previous.gap_attribution or gap
            elif previous is not None and _elided(text, previous, span):
                previous.parts.append((index, span))  # “A?” . . . “B?”: the writer cut words out of one quotation
            else:
                items.append(Item([(index, span)]))
        last = spans[index][-1] if spans[index] else None
        chain = items[-1] if last is not None and not last.closed and items and \
            _ends_with(items[-1], index, last) else None
    return items


def _runs_into_narration(text: str, line: Line, span: Span) -> bool:
    """A quoted part closed in the middle of the writer's sentence, which runs on in lower case to a verb of saying
    of its own (“B” to drive up the stock price and your compensation, she said / "B" there and in states that vote
    in March, the memo stated): the quoted words are part of that sentence's content, not a sentence quoted whole.
    It neither continues the quotation before it nor stands alone: it is settled in its sentence (PolNeAR train
    annotates such content with the writer's words, "“We’re extremely happy” about the decision")."""
    if not span.closed or _last_char(text, span.start, span.end) in P.QUOTED_SENTENCE_ENDS:
        return False
    if not _lower_case_next(text, span.end, line.end):
        return False
    stop = P.SENTENCE_END.search(text, span.end, line.end)
    words = tokens(text, span.end, stop.start() if stop else line.end)
    return any(cue_at(words, k) for k in range(len(words)))


def _last_char(text: str, start: int, end: int) -> str:
    """The last character of text[start:end] that is not a space ("" if none), read without copying a quoted
    paragraph."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[end - 1] if end > start else ""


def _ends_with(item: Item, index: int, span: Span) -> bool:
    """Whether `item`'s last part is `span` of line `index` (by its end: a transcript's turn holds the span with
    its speaker label cut off)."""
    line, last = item.parts[-1]
    return line == index and last.end == span.end


def _transcript_turns(text: str, lines: list[Line], spans: list[list[Span]]) -> dict[int, Item]:
    """The turns of a transcript quoted paragraph by paragraph, by line index: only when two or more quoted
    paragraphs open with a speaker label, so that one quoted headline ("“BREAKING: …”") is no transcript."""
    turns: dict[int, Item] = {}
    for index, line in enumerate(lines):
        if spans[index]:
            turn = _transcript_turn(text, index, line, spans[index][0])
            if turn is not None:
                turns[index] = turn
    return turns if len(turns) >= P.MIN_TRANSCRIPT_TURNS else {}


def _transcript_turn(text: str, index: int, line: Line, span: Span) -> Item | None:
    """A quoted paragraph opening with a speaker label ("WALLACE: Let’s start…"): a quotation of that speaker, the
    label left out of its text."""
    if not _opens_line(text, line, span):
        return None
    start = span.start
    while start < span.end and text[start].isspace():
        start += 1  # « MÉLENCHON : …
    if text.find(":", start, min(span.end, start + P.MAX_LABEL_CHARS)) < 0:
        return None  # most quoted paragraphs: no colon near their start, no regex run over their words
    label = P.SPEAKER_LABEL.match(text, start, span.end)
    if label is None or not label.group("name").isupper() or \
            len(label.group("name").split()) > P.MAX_LABEL_WORDS:
        return None  # capitals in any script ("MÉLENCHON:"), at most a name and a surname or a role
    name, colon = label.group("name"), label.end("name")
    attribution = Attribution(name, label.start(), colon, ":", colon, colon + 1, name.title())
    return Item([(index, dataclasses.replace(span, start=label.end()))], attribution=attribution)


def _credited(text: str, line: Line, span: Span) -> bool:
    """A title credited to its author: its comma inside the marks, then "by" and a name ('—"Sam Mendes leaves
    ‘Chocolate Factory’ on its way to Broadway," by Times' Michael Paulson', "''This Kind of War,'' by T.R.
    Fehrenbach"): a headline or a book in a digest or a review, not anyone's words. PolNeAR train: 15 such spans,
    none annotated."""
    if text[span.start:span.end].rstrip()[-1:] != ",":
        return False
    return P.CREDIT.match(text, _past_marks(text, span.end, line.end), line.end) is not None


def _credited_excerpt(text: str, line: Line, line_spans: list[Span], position: int) -> bool:
    """The excerpt after a credited title and a colon, as newsletters quote the story they link to ('FAREWELL—"The
    Living Room to close at the end of December," by Times' Ben Sisario: "The Living Room, a no-frills nightclub…"'):
    the story's text, not anyone's words. PolNeAR train: 7 such excerpts, none annotated."""
    if position == 0:
        return False
    span, title = line_spans[position], line_spans[position - 1]
    if span.start - title.end > P.CREDIT_MAX_CHARS:
        return False
    return text[title.end:span.start].rstrip(_MARK_CHARS + " \t\u00a0").endswith(":") and \
        _credited(text, line, title)


def _stage_direction(text: str, span: Span) -> bool:
    return P.STAGE_DIRECTION.fullmatch(text[span.start:span.end].strip()) is not None


def _label(text: str, line: Line, span: Span) -> bool:
    """A quoted line holding only a label with its colon ('"Related:"' before a teaser headline): no one's words."""
    quoted = text[span.start:span.end].strip()
    return quoted.endswith(":") and len(quoted.split()) <= P.LABEL_MAX_WORDS and \
        _LINE_LEAD.fullmatch(_lead(text, line.start, span.start)) is not None and \
        not text[span.end:line.end].strip(_MARK_CHARS + " \u00a0")


def _elided(text: str, previous: Item, span: Span) -> bool:
    """Whether only an ellipsis stands between the last part of `previous` and `span` (“A?” . . . “B?”, “A” … “B”):
    the writer left words out of one quotation."""
    last = previous.parts[-1][1]
    gap = text[last.end:span.start].strip(_MARK_CHARS + " \u00a0")
    return last.closed and bool(gap) and gap.replace(" ", "").strip(".…") == "" and \
        (gap.count(".") >= 3 or "…" in gap)


def _phrase_in_gap(text: str, items: list[Item], index: int) -> bool:
    """Whether the last quotation of line `index` is a phrase quoted inside the attribution after a quotation
    before it in the line (its words few, and not opening a sentence)."""
    if len(items) < 2 or items[-2].last_line != index or len(items[-1].parts) > 1:
        return False
    span = items[-1].parts[0][1]
    lead = _lead(text, items[-2].parts[-1][1].end, span.start)
    return not _more_words(text[span.start:span.end], P.TITLE_MAX_WORDS) and bool(lead) and lead[-1] not in ".!?:"


def _inline_title(text: str, line: Line, span: Span) -> bool:
    """A title quoted inside a sentence (told ABC's “Good Morning America.”). A quotation opening a sentence is
    no title, capitals or not: “A,” Burton told delegates recently. “Donald Trump.”"""
    quoted = text[span.start:span.end]
    if _more_words(quoted, P.TITLE_MAX_WORDS) or not _title(quoted):
        return False
    lead = _lead(text, line.start, span.start)
    if not lead or lead[-1] in ".!?:":
        return _title_as_word(text, line, span)
    return span.start - line.start > 2 and not _reply(text, lead, span)


def _reply(text: str, lead: str, span: Span) -> bool:
    """A capitalised quotation ending like a sentence right after a verb of saying and its comma ('Priebus said,
    "Probably."', 'then loudly asked, “Really?”'): a reply of one or two words, not a title."""
    if lead[-1:] != "," or _last_char(text, span.start, span.end) not in ".!?":
        return False
    verb = lead[:-1].rsplit(None, 1)[-1:]
    return bool(verb) and verb[0].lower() in P.CUE_WORDS


def _more_words(quoted: str, count: int) -> bool:
    """Whether `quoted` has more than `count` words: split no further than that (a quotation may be paragraphs)."""
    return len(quoted.split(None, count)) > count


def _title_as_word(text: str, line: Line, span: Span) -> bool:
    """A title opening a sentence and used as a word in it: “Orange is the New Black” star Dascha Polanco, ''The
    Big Short'' was nominated…: no punctuation of its own closes it and the sentence runs on with a word that is
    not a cue (“Really,” she added. / “Absolutely,” he said stay quotations). PolNeAR train: 17 such spans, 1 a
    quotation."""
    following = tokens(text, span.end, min(line.end, span.end + 40))
    words = [word for word in following if word.text not in _MARK_CHARS]
    ending = text[span.start:span.end].rstrip()[-1:]
    if ending == ",":
        # ''Hawaii Five-0,'' which CBS revived…: a relative clause about the title, not an attribution
        return bool(words) and words[0].lower in P.TITLE_RELATIVES
    if ending in ".!?;:…":
        return False
    return bool(words) and words[0].is_word and not cue_at(words, 0)


def _has_letters(text: str, span: Span) -> bool:
    return any(ch.isalnum() for ch in text[span.start:span.end])


def _opens_line(text: str, line: Line, span: Span) -> bool:
    if span.start - line.start > 16:
        return False  # only spaces, a bullet and the marks may stand before it
    lead = text[line.start:span.start]
    return bool(lead.strip()) and lead.strip()[-1] in _MARK_CHARS and _LINE_LEAD.fullmatch(lead.rstrip(_MARK_CHARS))


def _join_gap(text: str, previous: Item, span: Span) -> Attribution | None:
    """The attribution between two quoted parts of one line, when it is all that stands between them: one
    sentence, ending with the punctuation before the next part (“A,” said Caddell, speaking of X. “B.”), not
    words the writer runs on into the quotation ("He also said he’s “…”")."""
    last = previous.parts[-1][1]
    if not last.closed:
        return None
    gap = text[last.end:span.start].strip(_MARK_CHARS + " \u00a0")
    if not gap:
        return None
    if gap[-1] not in ",.:;—–-":
        return _conjoined(text, last, gap, span.start)
    words = [word for word in tokens(text, last.end, span.start) if word.text not in _MARK_CHARS]
    if sum(word.is_word for word in words) > P.MAX_JOIN_GAP_WORDS:
        return None
    stops = _sentence_stops(gap.rstrip(".") + " ", 0, len(gap))
    if stops and gap[-1] == ":":
        return None
    found = after_quote(text, words)
    if found is None and not stops:
        found = _attribution_sentence(text, last, gap, words)
    if found is None or (stops and not _narration_only(words, found)):
        return None
    if _second_cue(words, max(found.end, found.cue_end)):
        return None  # “A,” he said, adding, “B.” / “A,” she said. He added: “B.”: two quotations (PolNeAR train)
    if _leads_into_next(text, last, gap, words, found):
        return None  # “A.” He added, “B.”: the attribution introduces B, a quotation of its own
    return found


def _conjoined(text: str, last: Span, gap: str, end: int) -> Attribution | None:
    """“A,” he said, but “B.” / “A,” Jordan said, and still “B.” / “A,” he said outside the building. But “B.”: the
    attribution, a conjunction and at most one lower-case word lead into the second part, which goes on with the
    first (PolNeAR train: the 2 pairs the rule reads are one gold item each). Only after a first part ending with
    its comma, and an attribution in one clause (“A,” says X, an expert on…, and “B” is not joined)."""
    if _last_char(text, last.start, last.end) != "," or \
            not any(word.lower() in P.CONJOINING_WORDS for word in gap.rsplit(None, 2)[-2:]):
        return None  # most gaps: words the writer runs on into a quotation of their own, read no further
    words = [word for word in tokens(text, last.end, end) if word.text not in _MARK_CHARS]
    stop = max((k for k, word in enumerate(words) if word.text in P.CONJOINED_STOPS), default=None)
    if stop is None or not _conjunction_lead(words[stop + 1:]):
        return None
    found = after_quote(text, words[:stop + 1])
    if found is None:
        return None
    after = max(found.end, found.cue_end)
    adjunct = [word for word in words[:stop] if word.start >= after]  # "outside the building", "in an email"
    return found if len(adjunct) <= P.MAX_JOIN_GAP_WORDS and all(word.is_word for word in adjunct) else None


def _conjunction_lead(tail: list[Token]) -> bool:
    """"and", "but", "and still": a conjunction and at most one lower-case word, no verb of saying."""
    return 0 < len(tail) <= 2 and tail[0].lower in P.CONJOINING_WORDS and \
        all(word.is_word and not word.capitalised for word in tail[1:]) and \
        not any(cue_at(tail, k) for k in range(len(tail)))


def _attribution_sentence(text: str, last: Span, gap: str, words: list[Token]) -> Attribution | None:
    """“A,” <speaker> <cue>….: the sentence going on after a quoted part ending with its comma (or with "!" or "?"
    and a lower-case word after it) holds a verb of saying whose speaker phrase the walk does not read ("Fight for
    $15 organizing director Kendall Fells told Fox News 6 in Milwaukee.", "a welcome message on the website
    reads."). Its words before the cue are the speaker as written; after an inverted cue, its words up to a relative
    pronoun ("said his best friend at Lehigh, Bruce Turry, who, like…, remembered…"). Between two parts it joins them
    (PolNeAR train: 9 such pairs are one quotation, 1 two)."""
    ending = text[last.start:last.end].rstrip()[-1:]
    if gap[-1] != "." or not (ending == "," or ending in "!?" and gap[0].islower()):
        return None  # after “…!” or “…?” only a lower-case word goes on the sentence ("“…!” a message reads.")
    k = next((k for k in range(len(words)) if cue_at(words, k)), None)
    if k == 0 and len(words) > 1 and cue_at(words, 1):
        k = 1  # "Read said.": a name that is also a verb of saying
    if k is None:
        return None
    size = cue_at(words, k)
    if k == 0:  # inverted: "said his best friend at Lehigh, Bruce Turry, who, like…, remembered…"
        speaker = words[size:]
        cut = next((j for j, word in enumerate(speaker) if word.lower in P.RELATIVE_PRONOUNS or word.text == "."),
                   len(speaker))
        speaker = speaker[:cut]
        while speaker and not speaker[-1].is_word:
            speaker.pop()
    else:
        speaker = words[:k]
        while speaker and (speaker[-1].lower in P.CUE_ADVERBS or speaker[-1].lower in P.AUXILIARIES or
                           speaker[-1].text in ",;"):
            speaker.pop()  # "Braynard is quoted as saying": the speaker is Braynard; "…, Security," ends a name
    if not speaker or not speaker[0].is_word or speaker[0].lower in P.AUXILIARIES or \
            (speaker[0].lower in P.BOUNDARY_WORDS and not speaker[0].capitalised) or \
            (k and words[k].lower.endswith("ing")):
        return None  # "…,” but conceded that…", "Clinton seized upon the reference, repeating…": no speaker phrase
    cue = text[words[k].start:words[k + size - 1].end]
    start, end = speaker[0].start, speaker[-1].end
    return Attribution(text[start:end], start, end, cue, words[k].start, words[k + size - 1].end)


def _leads_into_next(text: str, last: Span, gap: str, words: list[Token], found: Attribution) -> bool:
    """Whether the attribution between two parts opens a new sentence and leads into the second part: the first
    part ended its sentence (“…found.”), and the gap is a cue and its speaker ending in a colon or a comma
    ("He added, “", "Mr. Franco added: “"). PolNeAR train keeps such parts apart 9 times in 11."""
    if text[last.start:last.end].rstrip()[-1:] not in ".?!" or gap[-1] not in ",:":
        return False
    after = max(found.end, found.cue_end)
    return not any(word.is_word for word in words if word.start >= after)


def _narration_only(words: list[Token], found: Attribution) -> bool:
    """After the attribution's sentence, the gap is the writer's narration with no verb of saying ("…,” Woolson
    said. They also lie in a media market dead zone. “B.”): PolNeAR keeps the speaker's parts one quotation."""
    after = max(found.end, found.cue_end)
    rest = [word for word in words if word.start >= after]
    stop = next((k for k, word in enumerate(rest) if word.text in ".!?"), None)
    if stop is None:
        return False
    later = rest[stop + 1:]
    return not any(cue_at(later, k) for k in range(len(later)))


def _second_cue(words: list[Token], after: int) -> bool:
    """Whether a verb of saying after the attribution leads straight into the next part (", adding, “",
    ". He added: “"): that part is a quotation of its own. A cue further back ("told Reuters when asked if he had
    met Trump. “B”") is the attribution's own clause: PolNeAR joins those parts."""
    rest = [word for word in words if word.start >= after]
    leads_in = bool(rest) and rest[-1].text in ",:"
    while rest and not rest[-1].is_word:
        rest.pop()
    if any(cue_at(rest, k) == len(rest) - k and not _noun_cue(rest, k)
           for k in range(max(0, len(rest) - 2), len(rest))):
        return True
    # ", adding later, “", " before asking her, “", ", adding of Mr. Trump, “": a participle of saying a few
    # words before the next part, with no stop between, leads into it all the same (not "referring to Cruz. “")
    tail = rest[-P.SECOND_CUE_WORDS:]
    if leads_in and any(word.lower in P.LEADING_PARTICIPLES for word in tail) and \
            not any(word.text in ".;!?" for word in tail):
        return True
    if any(word.lower in P.FURTHER_STATEMENT_PARTICIPLES for word in rest):
        return True
    return leads_in and _reported_clause_runs_on(rest)


def _noun_cue(words: list[Token], k: int) -> bool:
    """A cue word after a determiner or a possessive is a noun ("…,” she said in her remarks. “B.”", "in a
    statement", "at a briefing Monday before Bill Clinton’s comments. “B.”"): the attribution's own adjunct, not a
    second verb of saying."""
    return k > 0 and (words[k - 1].lower in P.DETERMINERS or words[k - 1].text.endswith(P.POSSESSIVE_ENDINGS))


def _reported_clause_runs_on(rest: list[Token]) -> bool:
    """A verb of saying and its that-clause after the attribution, running into the next part with no stop
    ("…,” she wrote, arguing that if tougher measures were not deployed, “B.”): the second part belongs to that
    new content. PolNeAR train keeps such parts apart 8 times in 9 (one that-clause ending with a full stop,
    "…, adding that X. “B.”", is joined as often as not, and is left joined)."""
    for k in range(len(rest) - 1):
        size = cue_at(rest, k)
        if size and k + size < len(rest) and rest[k + size].lower in P.REPORTED_CLAUSE_WORDS:
            return not any(word.text in ".;!?" for word in rest[k + size:])
    return False


# 4. Full or partial -------------------------------------------------------------------------------------------------

def _free_standing(text: str, lines: list[Line], item: Item) -> bool:
    """A quotation of whole sentences: it opens its line, follows a colon or a finished sentence, is in parts."""
    if len(item.parts) > 1 or not item.parts[0][1].closed:
        return True
    line = lines[item.line]
    span = item.parts[0][1]
    lead = _lead(text, line.start, span.start, "([")  # "(“I don’t want fisticuffs,” said one.)"
    if not lead or bool(_LINE_LEAD.fullmatch(lead)) or lead[-1] in ":.!?…":
        # not “B” there and in states that vote in March, the memo stated.
        return not _runs_into_narration(text, line, span)
    return lead[-1] == "," and _is_sentence(text[span.start:span.end])


def _lead(text: str, start: int, end: int, also: str = "") -> str:
    """The text before a quotation in its line, without the opening mark and any kind of space (\u00a0 too);
    at most its last MAX_SENTENCE_CHARS characters, so that a long line is not copied for each quotation."""
    end = _lead_end(text, start, end, also)
    return text[max(start, end - P.MAX_SENTENCE_CHARS):end]


def _lead_end(text: str, start: int, end: int, also: str = "") -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in _MARK_CHARS or text[end - 1] in also):
        end -= 1
    return end


def _is_sentence(quoted: str) -> bool:
    """A quoted sentence: it opens with a capital and ends like a sentence ("said, “It’s not just Muslims.”")."""
    quoted = quoted.strip()
    return quoted[:1].isupper() and quoted.rstrip(",")[-1:] in ".!?…" and len(quoted.split()) > 2


def _settle_in_sentence(text: str, lines: list[Line], spans: list[list[Span]], sentences: Sentences,
                        items: list[Item]) -> list[Item]:
    """Quotations inside a sentence: attributed from that sentence, the ones sharing its reported content joined,
    and judged partial when the quoted words are less than half of that content ("he is “100 per cent safe”")."""
    settled: list[Item] = []
    taken: set[int] = set()
    for index, item in enumerate(items):
        if index in taken:
            continue
        settled.append(item)
        if _headline(text, lines[item.line]):
            item.partial = True  # “Gillibrand on Hillary’s Speeches: ‘I Think She Will.’”: a headline quoting
            continue
        if _free_standing(text, lines, item):
            continue
        sentence = sentences.at(item.parts[0][1].start)
        if sentence is None:
            item.partial = True
            continue
        span = item.parts[0][1]
        item.attribution = _after(text, lines[item.line], spans[item.line], span) or \
            _in_own_sentence(text, sentence, spans[item.line], span.start) or \
            _verb_that(text, sentence, span.start) or _quoted_predicate(text, sentence, span)
        if item.attribution is None or _title(text[span.start:span.end]) and \
                not _reply(text, _lead(text, lines[item.line].start, span.start), span):
            item.partial = True  # no one speaks in the sentence, or a title: “Going Viral”, “This Week.”
            continue
        content = _content(text, sentence, item.attribution, span)
        joined = _same_content(text, lines, items, index, content)
        last = items[joined[-1]].parts[-1][1] if joined else span
        group = [item] + [items[k] for k in joined]
        share = _quoted_share(text, content, group)
        content = _widened(text, sentence, item.attribution, span, content, group)
        content = content[0], _content_end(text, last.end, content[1])
        relative = _relative_naming(text, sentence, item.attribution, span)
        if relative is not None:
            # "which he called “a cartel for higher education”": the quotation is the whole object named
            share, content = 1.0, (relative, _past_marks(text, last.end, content[1]))
        if share < P.PARTIAL_SHARE and relative is None and not joined and \
                _set_off_by_dash(text, lines[item.line], span):
            share, content = 1.0, (span.start, span.end)  # "brutal leaders - ''He would have loved Stalin,'' -"
        if share >= P.PARTIAL_SHARE:
            item.parts.extend(items[k].parts[0] for k in joined)
            taken.update(joined)
        item.partial = share < P.PARTIAL_SHARE
        item.content = content
    return settled


def _set_off_by_dash(text: str, line: Line, span: Span) -> bool:
    """A quoted sentence set off by a dash inside the writer's sentence, as an aside: "…brutal leaders like Saddam
    Hussein - ''He would have loved Stalin,'' Mr. Biden said twice - and…", "posted just two words on his social
    network - ''So terrible'' - with a link…". It opens with a capital and is no title; PolNeAR train annotates all
    5 such spans the half-share rule makes partial."""
    lead = _lead(text, line.start, span.start)
    dashless = lead.rstrip("-—–")
    # a spaced dash, or an em or en dash, which may stand unspaced ("leaders—“He…”"); not a hyphen ("pro-“")
    if len(dashless) == len(lead) or not (dashless[-1:].isspace() or lead[-1] in "—–"):
        return False
    quoted = text[span.start:span.end].strip()
    return quoted[:1].isupper() and not _title(quoted)


def _quoted_predicate(text: str, sentence: Sentence, span: Span) -> Attribution | None:
    """A quotation that ends its sentence and is most of it, led in by a verb not of saying: "The ad claims “Jeb
    is the conservative you can trust.”", "Dr. Muhammad Babar pondered who might “testify for our innocence in
    this season of witch hunting.”" Its speaker is the sentence's subject; the verb before it is the cue.
    PolNeAR train: such spans of four words or more are a quotation 41 times in 62."""
    start, end = sentence.start, sentence.end
    quoted = text[span.start:span.end]
    if len(quoted.split()) < P.PREDICATE_MIN_WORDS or _title(quoted) or \
            text[span.end:end].strip(_MARK_CHARS + " \u00a0.,;:!?)"):
        return None
    if _letters(text, span.start, span.end) < P.PARTIAL_SHARE * _letters(text, start, end):
        return None
    before = [word for word in sentence.words if word.end <= span.start and word.text not in _MARK_CHARS]
    verb = next((word for word in reversed(before) if word.is_word and not word.capitalised), None)
    if verb is None or (before[-1].is_word and before[-1].lower in P.PREPOSITIONS):
        return None  # "found guilty for “incitement to commit a felony”": a charge, a name, not anyone's words
    return sentence_subject(text, before, len(before), (verb.text, verb.start, verb.end))


def _headline(text: str, line: Line) -> bool:
    if line.end - line.start > P.MAX_SENTENCE_CHARS:
        return False  # no headline is that long; and a long line is not split again for each of its quotations
    long_words = 0  # 3 to HEADLINE_MAX_WORDS words of four letters or more, all capitalised; the first that is
    for match in _CHUNK.finditer(text, line.start, line.end):  # not, or one too many, settles it (read lazily:
        word = match.group()  # a paragraph is no headline, and its first words tell)
        if word[:1].isalpha() and len(word) > 3:
            long_words += 1
            if not word[0].isupper() or long_words > P.HEADLINE_MAX_WORDS:
                return False
    return long_words >= 3


def _title(quoted: str) -> bool:
    words = [word for word in quoted.split() if word[:1].isalpha() and len(word) > 3]
    if not (len(words) >= 1 and all(word[0].isupper() for word in words)):
        return False
    short = [word.strip(_TRIM_PUNCT) for word in quoted.split() if word[:1].isalpha() and len(word) <= 3]
    return all(word[:1].isupper() or word.lower() in P.TITLE_MINOR_WORDS for word in short)


def _same_content(text: str, lines: list[Line], items: list[Item], index: int, content: tuple[int, int]) -> list[int]:
    """The quotations after items[index] in the same reported content ("not to “A” but to “B”"); a second cue
    between two starts another content ("said he will “A” and insisted that it was “B”")."""
    joined = []
    end = items[index].parts[-1][1].end
    for later in range(index + 1, len(items)):
        other = items[later]
        start = other.parts[0][1].start
        if other.line != items[index].line or start >= content[1] or len(other.parts) > 1:
            break
        between = tokens(text, end, start)
        if any(cue_at(between, k) for k in range(len(between))):
            break
        joined.append(later)
        end = other.parts[-1][1].end
    return joined


def _content(text: str, sentence: Sentence, attribution: Attribution | None, span: Span) -> tuple[int, int]:
    """The reported content of a sentence: what lies on the other side of the cue from its speaker."""
    start, end = sentence.start, sentence.end
    if attribution is None:
        return start, end
    if attribution.cue_start >= span.end:
        if attribution.start < span.start:
            # "She blamed the violence on a “disturbed person,” not on his religion, and said…": the quotation
            # stands between the subject and a later cue, whose content comes after it: the sentence is the measure
            return start, end
        return start, min(attribution.start, attribution.cue_start)
    after_cue = max(attribution.cue_end, attribution.end if attribution.start > attribution.cue_start else 0)
    that = text.find(" that ", after_cue, span.start)  # "told the crowd that “…”": the content starts at "that"
    # The content ends where another verb of saying starts another one ("…,” and he reiterated his claim…"); most
    # tails hold no word a cue starts with, told from the words as strings before any is cut into a Token.
    if not P.CUE_STARTS.isdisjoint(map(str.lower, P.WORD.findall(text, span.end, end))):
        words = tokens(text, span.end, end)
        end = next((word.start for k, word in enumerate(words) if cue_at(words, k)), end)
    start = that + 1 if that >= 0 else after_cue
    return _past_lead_in(text, start, span), end


def _past_lead_in(text: str, start: int, span: Span) -> int:
    """Where the content starts when the cue's words lead into a quoted sentence with a comma or colon ('told the
    Reuters news agency simply, "We lost."', "said of the episode, ''I don't like it,'' adding…"): at the quotation,
    the cue's object and adjuncts left out. Only for a quotation opening with a capital and closed by its own
    punctuation, as a quoted sentence is; a phrase running on into the writer's words keeps them in its content.
    PolNeAR train: 3 more quotations found, 1 more not annotated."""
    lead = text[start:span.start].rstrip(_MARK_CHARS + " \u00a0")
    if lead.endswith((",", ":")) and text[span.start:span.start + 1].isupper() and \
            _last_char(text, span.start, span.end) in P.LEAD_IN_QUOTATION_ENDS:
        return start + len(lead)
    return start


def _past_marks(text: str, end: int, limit: int) -> int:
    while end < limit and text[end] in _MARK_CHARS:
        end += 1
    return end


def _relative_naming(text: str, sentence: Sentence, attribution: Attribution, span: Span) -> int | None:
    """Where a relative clause naming the quotation starts ("what Mr. Hedge called ''the prior economy
    model''", "an explosion that de Blasio described as “an intentional act”"): a relative word, the speaker, a
    naming cue and the quotation right after it (or after "as"). PolNeAR train: 19 of 28 such clauses are
    quotations, 13 of them spanning from the relative word."""
    words = attribution.cue.lower().split()
    if not words or words[-1] not in P.NAMING_CUES or attribution.cue_start > span.start or \
            attribution.start > attribution.cue_start:
        return None
    between = text[attribution.cue_end:span.start].strip(_MARK_CHARS + " \u00a0").lower()
    if between not in P.NAMING_LINKS:
        return None
    before = tokens(text, max(sentence.start, attribution.start - P.RELATIVE_LOOKBACK_CHARS), attribution.start)
    words_before = [word for word in before if word.is_word]
    if words_before and words_before[-1].lower in P.RELATIVE_WORDS:
        return words_before[-1].start
    if attribution.mention.split()[0].lower() in P.RELATIVE_WORDS:
        return attribution.start  # the relative word read into the mention ("what Mr. Hedge")
    return None


def _widened(text: str, sentence: Sentence, attribution: Attribution, span: Span, content: tuple[int, int],
             group: list[Item]) -> tuple[int, int]:
    """The content with the writer's words before an attribution set off by commas, when it is still mostly
    quoted ("No name change, he said, ''hides what it really is.''"); the full-or-partial decision is not
    changed by it: "Still, she added, “…”" opens with an adverb, not with content."""
    start = sentence.start
    if attribution.cue_start >= span.end or start >= content[0]:
        return content
    after_cue = max(attribution.cue_end, attribution.end if attribution.start > attribution.cue_start else 0)
    if not _set_off(text, start, attribution, after_cue, span):
        return content
    first = min(attribution.start, attribution.cue_start)
    opening = text[start:first].split(None, 1)[0].strip(",").lower()
    if opening in P.PREPOSITIONS or opening in P.SENTENCE_ADVERBS:
        return content  # "Still, she added, “…”", "In other words, he said, “…”": not content
    # The share of the content without the attribution inside it, as PolNeAR measures it.
    letters = _letters(text, start, first) + _letters(text, after_cue, content[1])
    quoted = sum(_letters(text, span.start, span.end) for item in group for _, span in item.parts)
    return (start, content[1]) if quoted > P.PARTIAL_SHARE * letters else content


def _letters(text: str, start: int, end: int) -> int:
    return sum(map(str.isalnum, text[start:end]))  # a C-level loop: these texts may be whole paragraphs


def _set_off(text: str, start: int, attribution: Attribution, after_cue: int, span: Span) -> bool:
    """An attribution set off by commas inside the content, with the writer's words before it and the quotation
    right after it: "The streets were deserted, he added, ''but people need to connect somehow.''"""
    first = min(attribution.start, attribution.cue_start)
    before = text[start:first].rstrip()
    return before.endswith(",") and any(ch.isalnum() for ch in before) and \
        not text[after_cue:span.start].strip(_MARK_CHARS + " \u00a0,")


def _content_end(text: str, after: int, end: int) -> int:
    """Where the content running on after its last quoted part ends: at the first comma, dash or bracket, or at a
    word opening another clause or an adjunct ("called her “third-rate” and boycotted…", "said Curiel had “an
    inherent conflict of interest” in the case despite being American")."""
    for match in P.WORD.finditer(text, after, end):  # read word by word: it stops at the first such word
        word = match.group()
        if word in _MARK_CHARS:
            continue
        if word in P.CONTENT_END_MARKS or word.lower() in P.CONTENT_END_WORDS:
            return match.start()
    return end


def _quoted_share(text: str, content: tuple[int, int], group: list[Item]) -> float:
    letters = _letters(text, *content)
    quoted = sum(_letters(text, span.start, span.end) for item in group for _, span in item.parts)
    return quoted / max(letters, 1)


# 5. Attribution -------------------------------------------------------------------------------------------------

def _attribute(text: str, lines: list[Line], spans: list[list[Span]], sentences: Sentences, item: Item,
               previous: tuple[Item, Attribution | None] | None) -> Attribution | None:
    first, last = item.parts[0][1], item.parts[-1][1]
    if item.gap_attribution is not None:
        return item.gap_attribution
    found = _after(text, lines[item.last_line], spans[item.last_line], last) or \
        _before(text, lines[item.line], sentences, first) or _sentence_after(text, sentences, last)
    if found:
        return found
    return _signed(text, lines, item) or _from_context(text, lines, sentences, item, previous)


def _sentence_after(text: str, sentences: Sentences, last: Span) -> Attribution | None:
    """“A,” <speaker> <cue>….: the rest of the quotation's sentence, after its comma, is an attribution whose
    speaker phrase the walk does not read ("“…,” a welcome message on the website reads."): its words before the
    cue are the speaker as written."""
    sentence = sentences.at(last.start)
    if sentence is None or sentence.end <= last.end:
        return None
    end = _lead_end(text, last.end, sentence.end)
    words = [word for word in tokens(text, last.end, sentence.end) if word.text not in _MARK_CHARS]
    gap = text[last.end:end].strip(_MARK_CHARS + " \u00a0")
    if not gap or sum(word.is_word for word in words) > P.MAX_JOIN_GAP_WORDS:
        return None
    return _attribution_sentence(text, last, gap, words)


def _signed(text: str, lines: list[Line], item: Item) -> Attribution | None:
    """A quotation signed with a dash and a name, as quote cards, epigraphs, fact checks and pull quotes do: on the
    same line after it ("“…” ― Christina Lastra", "“…”— Sen. X") or on the line after it ("“…”\n\n- Sanders.",
    "— President Obama, tweeting after Clinton's speech."). The name is what follows the dash."""
    last = item.parts[-1][1]
    line = lines[item.last_line]
    if last.closed:
        after_mark = last.end + 1  # the closing mark
        while after_mark < line.end and text[after_mark] in _MARK_CHARS:
            after_mark += 1
        found = _signature(text, after_mark, line.end)
        if found is not None:
            return found
    if item.last_line + 1 >= len(lines) or text[last.end:line.end].strip(_MARK_CHARS + " \u00a0.,;:!?)"):
        return None
    line = lines[item.last_line + 1]
    return _signature(text, line.start, line.end)


def _signature(text: str, start: int, end: int) -> Attribution | None:
    """A dash at `start` and a name of at most MAX_SIGNATURE_WORDS capitalised words ending text[start:end] or
    followed by a comma or a full stop: "- Sanders.", "― Sonya Herridge", "—President Obama, tweeting…"."""
    match = P.SIGNATURE.match(text, start, end)
    if match is None:
        return None
    words = tokens(text, match.end(), end)
    last = 0
    while last + 1 < len(words) and words[last + 1].is_word and words[last + 1].capitalised:
        last += 1
    if not words or not words[0].capitalised or last + 1 > P.MAX_SIGNATURE_WORDS or \
            (last + 1 < len(words) and words[last + 1].text not in ",.;"):
        return None
    name = text[words[0].start:words[last].end]
    return Attribution(name, words[0].start, words[last].end, match.group().strip(), match.start(), match.end(), name)


def _after(text: str, line: Line, line_spans: list[Span], span: Span) -> Attribution | None:
    content = text[span.start:span.end].rstrip()
    # The attribution never reaches into the next quotation of the line.
    k = _first_after(line_spans, span.end)
    limit = (line_spans[k].start if k < len(line_spans) else line.end + 1) - 1
    if content.endswith(".") and not _lower_case_next(text, span.end, limit):
        return None  # the quotation ended its sentence: what follows is a new one
    return after_quote(text, [word for word in tokens(text, span.end, limit) if word.text not in _MARK_CHARS])


def _lower_case_next(text: str, start: int, end: int) -> bool:
    """Whether the first word of text[start:end] that is not a quote mark opens in lower case: read alone, without
    cutting the rest of a long paragraph into words."""
    word = next((match.group() for match in P.WORD.finditer(text, start, end) if match.group() not in _MARK_CHARS),
                "")
    return word[:1].islower()


def _first_after(line_spans: list[Span], offset: int) -> int:
    """The index of the first span starting after `offset` (spans are in order): a binary search."""
    lo, hi = 0, len(line_spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if line_spans[mid].start > offset:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _before(text: str, line: Line, sentences: Sentences, span: Span) -> Attribution | None:
    sentence = sentences.at(span.start - 1)
    start = sentence.start if sentence is not None else max(line.start, span.start - P.MAX_SENTENCE_CHARS)
    lead = _lead(text, start, span.start)
    if not lead or lead[-1] not in ",:—–-" and not lead.endswith(("that", "saying", "says", "said")):
        return None
    words = tokens(text, start, _lead_end(text, start, span.start))
    found = before_quote(text, words)
    if found is None and lead[-1] == ":":  # "Rubio fired back forcefully: “…”": the sentence's subject speaks
        colon = words[-1]
        words = _past_adverbial(words)
        found = labelled(text, words) or in_sentence(text, words, colon.start, main_clause=True) or \
            sentence_subject(text, words, len(words) - 1, (":", colon.start, colon.end))
    if found is None and lead[-1] == ",":
        found = _subject_leading_in(text, words)
    return found


def _past_adverbial(words: list[Token]) -> list[Token]:
    """The words after a phrase opening with a preposition and closed by a comma ("In a Fox interview later that
    day, Trump went even further: “…”"): the subject comes after it."""
    if not words or words[0].lower not in P.PREPOSITIONS:
        return words
    comma = next((k for k, word in enumerate(words) if word.text == ","), None)
    return words if comma is None or comma + 2 >= len(words) else words[comma + 1:]


def _subject_leading_in(text: str, words: list[Token]) -> Attribution | None:
    """"But he wanted to know, “…”": a clause with no verb of saying leads into the quotation with a comma; its
    subject speaks, when it opens the clause (after at most one word such as "But") — not a name inside a
    subordinate clause ("As the Hollywood columnist…", "When Trump…")."""
    if len(words) < 4 or not words[-2].is_word or words[-2].capitalised or words[0].lower in P.SUBORDINATORS:
        return None
    verb = words[-2]
    found = sentence_subject(text, words, len(words) - 2, (verb.text, verb.start, verb.end))
    if found is None or sum(word.end <= found.start for word in words) > 1:
        return None
    return found


def _in_own_sentence(text: str, sentence: Sentence, line_spans: list[Span], near: int) -> Attribution | None:
    """The attribution in the sentence of a quotation starting at `near`: the cue nearest before it."""
    first = _first_after(line_spans, sentence.start - 1)  # the first span opening in the sentence
    words = sentence.words
    outside = _outside(words, line_spans, first) if first < len(line_spans) else words
    return in_sentence(text, outside, near)


def _outside(words: list[Token], spans: list[Span], first: int) -> list[Token]:
    """The words not starting inside one of spans[first:]: the runs of words between those spans, cut out by binary
    search (words and spans are both in order; a quoted sentence's words are not looked at one by one, and the
    spans after the sentence are not either: a line may hold thousands)."""
    starts = [word.start for word in words]
    kept: list[Token] = []
    done = 0  # the first word not yet kept or dropped
    for span in islice(spans, first, None):
        inside = bisect_left(starts, span.start, done)
        if inside == len(starts):
            break
        kept += words[done:inside]
        done = max(done, bisect_left(starts, span.end, inside))
    return kept + words[done:]


def _verb_that(text: str, sentence: Sentence, near: int) -> Attribution | None:
    """"He anticipated that the challenge would be “dealing with…”": a verb not on the cue list, followed by
    "that" and the quotation, reports speech all the same; its speaker is the sentence's subject."""
    words = sentence.words
    for k in range(len(words) - 1, 0, -1):
        if words[k].start >= near or words[k].lower != "that":
            continue
        verb = words[k - 1]
        if verb.capitalised or not verb.is_word or not verb.lower.endswith(("ed", "s")) or \
                verb.lower in P.FUNCTION_WORDS:
            return None
        return sentence_subject(text, words, k - 1, (verb.text, verb.start, verb.end))
    return None


def _from_context(text: str, lines: list[Line], sentences: Sentences, item: Item,
                  previous: tuple[Item, Attribution | None] | None) -> Attribution | None:
    """A quotation with no attribution of its own: the sentence introducing it, or the quotation just before."""
    start = item.parts[0][1].start
    before = _sentence_before(sentences, start, lines[max(0, item.line - 1)].start)
    if before is not None:
        s, e = before.start, before.end
        if not _mostly_quoted(text, s, e, previous):
            words = before.words
            intro = in_sentence(text, words, e, main_clause=True)
            if intro is None and words and words[-1].text == ":":
                # "Donald Trump issued the following statement:" — the subject introduces what follows
                intro = sentence_subject(text, words, len(words) - 1, (":", words[-1].start, words[-1].end))
            if intro is not None:
                return intro
    if previous is not None and item.line - previous[0].last_line <= 2:
        return previous[1]
    return None


def _sentence_before(sentences: Sentences, offset: int, lowest: int) -> Sentence | None:
    """The last sentence ending at or before `offset` and starting at or after `lowest`."""
    k = bisect_right(sentences.starts, offset) - 1
    while k >= 0 and sentences.bounds[k][1] > offset:
        k -= 1
    return sentences.item(k) if k >= 0 and sentences.bounds[k][0] >= lowest else None


def _continues_previous(text: str, lines: list[Line], spans: list[list[Span]], item: Item,
                        previous: tuple[Item, Attribution | None] | None) -> bool:
    """A paragraph that is quotation only, right after a paragraph whose quotation is attributed after it, goes on
    with that quotation: “A,” Viguerie tells Breitbart News.\n\n“B.” is one item in PolNeAR (train: 40 joined,
    17 apart, most of those with an attribution of their own). A closed quotation attributed in the paragraph
    before it ("Sok claimed that…" then “A.”\n\n“B.”) is not: its paragraphs stay separate quotations."""
    if previous is None or previous[1] is None or item.gap_attribution is not None or len(item.parts) > 1 or \
            item.attribution is not None:
        return False  # a quotation attributed on its own (a transcript's turn) continues nothing
    before, attribution = previous
    line, span = lines[item.line], item.parts[0][1]
    if before.last_line != item.line - 1:
        return False
    last = before.parts[-1][1]
    attributed_after = last.end <= attribution.start < lines[before.last_line].end or \
        _attributed_between(text, lines, before, attribution)
    quote_only = _opens_line(text, line, span) and span.closed and line.end - span.end < 16 and \
        not text[span.end:line.end].strip(_MARK_CHARS + " \u00a0.,;:!?)")
    # in the same marks: a single-marked line after a double-marked quotation is a subhead ('Pretty cool working
    # there.'), not more of it
    return attributed_after and quote_only and span.single == last.single


def _attributed_between(text: str, lines: list[Line], before: Item, attribution: Attribution) -> bool:
    """A quotation in parts around its attribution whose last part ends its paragraph (“A,” Barkley said. “B.”):
    the quoted paragraph after it goes on with it as after “A,” Barkley said. (PolNeAR train: 6 such pairs joined,
    1 kept apart)."""
    (first_line, first), (last_line, last) = before.parts[0], before.parts[-1]
    return len(before.parts) > 1 and first_line == last_line and first.end <= attribution.start < last.start and \
        not text[last.end:lines[last_line].end].strip(_MARK_CHARS + " \u00a0.,;:!?)")


def _mostly_quoted(text: str, start: int, end: int, previous: tuple[Item, Attribution | None] | None) -> bool:
    if previous is None:
        return False
    return any(span.start <= end and span.end >= start for _, span in previous[0].parts)


# 6. Quote records -------------------------------------------------------------------------------------------------

def _quote(text: str, lines: list[Line], sentences: Sentences, cast: LazyCast, item: Item, partial: bool,
           attribution: Attribution | None) -> Quote:
    # The parts as written, joined by a space; only the comma that led into the attribution at the end goes.
    pieces = [text[span.start:span.end].strip() for _, span in item.parts]
    pieces[-1] = pieces[-1].rstrip(",").rstrip()
    first, last = item.parts[0][1], item.parts[-1][1]
    end = last.end
    while end > last.start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    # The text is stripped, so the start skips the blanks after an opening mark too ('"   The World...').
    start = first.start
    while start < end and text[start].isspace():
        start += 1
    speaker = _canonical(cast, sentences, attribution) if attribution else None
    return Quote(
        text=" ".join(piece for piece in pieces if piece),
        start=start,
        end=end,
        speaker=speaker,
        speaker_mention=attribution.mention if attribution else None,
        role=attribution.role if attribution else None,
        cue=attribution.cue if attribution else None,
        paragraph=lines[item.line].paragraph,
        partial=partial,
        **_content_bounds(text, item, start, end),
    )


def _content_bounds(text: str, item: Item, start: int, end: int) -> dict[str, int]:
    """The attribution's content when the writer's words are part of it ("described Trump as a “con artist”"
    -> 'Trump as a “con artist”'): the reported content trimmed of blanks and of the punctuation around it."""
    if item.content is None:
        return {}
    low, high = _trim_content(text, *item.content)
    low, high = min(low, start), max(high, end)
    if _letters(text, low, start) + _letters(text, end, high) == 0:
        return {}  # the quotation itself, with its marks
    return {"content_start": low, "content_end": high}


def _trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in P.CONTENT_EDGE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in P.CONTENT_EDGE):
        end -= 1
    return start, end


def _canonical(cast: LazyCast, sentences: Sentences, attribution: Attribution) -> str | None:
    if attribution.is_pronoun:
        index = sentences.index_at(attribution.start) or 0
        return cast.get().resolve(attribution.mention, attribution.start, index)
    if attribution.name:
        return cast.get().canonical(attribution.name)
    return attribution.mention
