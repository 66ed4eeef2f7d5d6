"""The cast of a story: the people it names, their fullest names and their gender, to resolve speakers.

"Sok" and "he" become "Kim Sok": a short name maps to the fullest form the story uses that contains it, and a
pronoun to the nearest earlier person it can refer to — the first person named in the nearest sentence before
it (a sentence's first name is usually its subject), skipping people of the other gender.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import partial
from itertools import accumulate, islice, repeat
from math import inf
from operator import add, gt, itemgetter
from typing import Iterator, NamedTuple

from dateline.stages import quote_patterns as P
from dateline.stages.quote_speakers import capitalised, is_word, word_offsets


class Mention(NamedTuple):  # a tuple: a story has hundreds of mentions, made cheaply
    name: str  # titles stripped: "Hun Sen" for "Prime Minister Hun Sen"
    start: int
    sentence: int  # index of the sentence it is in
    gender: str | None  # "m"/"f" from a title ("Mrs."), else None


# A Mention made from a tuple of its fields in C, without the Python-level __new__ a NamedTuple has (one per run).
_mention = partial(tuple.__new__, Mention)
_UNREAD = object()  # a run whose person is not read yet (None is a read run naming no one)


@dataclass(slots=True)
class Cast:
    genders: dict[str, str] = field(default_factory=dict)  # canonical name → "m"/"f"
    speakers: set[str] = field(default_factory=set)  # canonical names seen as speakers
    # surname → {name as written (titles stripped) → mentions}: canonical() only looks at one surname's names
    by_surname: dict[str, dict[str, int]] = field(default_factory=dict)
    by_sentence: dict[int, list[Mention]] = field(default_factory=dict)
    # canonical() is asked the same names again and again (each pronoun looks back over the people before it): its
    # answers, by surname, dropped when a mention of that surname is added; and each name's words, titles stripped.
    canonicals: dict[str, dict[str, str]] = field(default_factory=dict)
    stripped: dict[str, list[str]] = field(default_factory=dict)

    def add(self, mention: Mention, surname: str | None = None) -> None:
        """Adds a mention; `surname` is its name's last word, when the caller knows it already."""
        name = mention.name
        if surname is None:
            surname = name.split()[-1]
        names = self.by_surname.get(surname)  # (not setdefault: it would make an empty dict or list every time)
        if names is None:
            names = self.by_surname[surname] = {}
        names[name] = names.get(name, 0) + 1
        self.canonicals.pop(surname, None)
        mentions = self.by_sentence.get(mention.sentence)
        if mentions is None:
            mentions = self.by_sentence[mention.sentence] = []
        mentions.append(mention)

    def canonical(self, name: str) -> str:
        """The fullest name of the story containing `name`'s words in order (most used, then first, on ties).
        The surname stays last: "Sok" → "Kim Sok", never a headline run like "Sanders New Hampshire"."""
        words = self.stripped.get(name)
        if words is None:
            words = self.stripped[name] = _strip_titles(name.split())
        if not words:
            return name
        known = self.canonicals.setdefault(words[-1], {})
        if name not in known:
            known[name] = self._fullest(words)
        return known[name]

    def _fullest(self, words: list[str]) -> str:
        best, best_key = " ".join(words), (len(words), 0)
        for full, count in self.by_surname.get(words[-1], {}).items():
            size = full.count(" ") + 1  # its words (a name is its words joined by one space): no split to count them
            if size >= len(words) and (size, count) > best_key and _in_order(words, full.split()):
                best, best_key = full, (size, count)
        return best

    def resolve(self, pronoun: str, offset: int, sentence: int) -> str | None:
        """The person a "he"/"she" at `offset` refers to, or None."""
        gender = "m" if pronoun.lower() in P.MALE_PRONOUNS else "f" if pronoun.lower() in P.FEMALE_PRONOUNS else None
        if gender is None:
            return None
        seen = 0
        for index in range(sentence, max(-1, sentence - P.PRONOUN_MAX_SENTENCES_BACK), -1):
            earlier = [m for m in self.by_sentence.get(index, ()) if m.start < offset]
            if not earlier:
                continue
            seen += 1
            people = [(m, self.canonical(m.name)) for m in earlier]
            people = [(m, name) for m, name in people if self._is_person(m, name)]
            # In one sentence, someone known to be "she" beats someone of unknown gender, whatever the order.
            for wanted in (gender, None):
                for mention, name in people:
                    if self.genders.get(name) == wanted:
                        return name
            if seen >= P.PRONOUN_SENTENCES:
                return None
        return None

    def _is_person(self, mention: Mention, name: str) -> bool:
        if mention.gender is not None:
            return True
        words = name.split()
        if words[0] in P.PLACE_FIRST_WORDS or words[-1] in P.PLACE_LAST_WORDS:
            return False  # "he" is not "New Hampshire", "the Western Pacific", "Wall Street"
        return len(words) >= 2 or name in self.speakers


# What the cast reads of one sentence: its name runs, each as (its words, the offset of the first, the gender of the
# pronoun after it), and its leading "he"/"she" as (the word, its offset), if any.
Run = tuple[list[str], int, "str | None"]
Reading = tuple[list[Run], "tuple[str, int] | None"]


def build_cast(text: str, sentences: list[tuple[int, int]], quoted: list[tuple[int, int]]) -> Cast:
    """Name runs outside quotations, sentence by sentence, with the gender of the pronoun that follows them.

    A sentence whose subject is "he" or "she" (the pronoun comes before any name) counts as a mention of the
    person the pronoun resolves to: "Sok said… He was sentenced… he continued" keeps Sok the one in focus.
    Every sentence near a quotation is read: most are plain and read by regex, their capitalised words only
    (_read_plain); the others are cut into words (_read_words). Both readings are the same where both apply.
    """
    cast = Cast()
    scan = _scan(text, sentences[0][0], sentences[-1][1]) if sentences else None
    people: dict[tuple[str, ...], tuple[str, str | None, str] | None] = {}  # _person of each run, by its words
    for index, (start, end) in enumerate(sentences):
        runs, subject = _read_plain(scan, start, end, quoted) or _read_words(text, start, end, quoted)
        if subject is not None:
            name = cast.resolve(subject[0], subject[1], index)
            if name:
                cast.add(Mention(name, subject[1], index, None))
        for words, first, gender_after in runs:
            _add_run(cast, people, words, first, gender_after, index)
    return cast


def _add_run(cast: Cast, people: dict, words: list[str], start: int, gender_after: str | None, sentence: int) -> None:
    key = tuple(words)
    person = people.get(key, _UNREAD)
    if person is _UNREAD:
        person = people[key] = _person(words)  # a story names the same people again and again: read each run once
    if person is None:
        return
    name, title_gender, surname = person
    cast.add(_mention((name, start, sentence, title_gender)), surname)
    gender = title_gender or gender_after
    if gender:
        cast.genders.setdefault(cast.canonical(name), gender)


def _person(words: list[str]) -> tuple[str, str | None, str] | None:
    """The name a run of capitalised words gives, titles stripped, the gender its title tells, and its surname (kept
    for Cast.add, which files every mention under it); None for no one (an organisation, or titles only)."""
    if len(words) == 1:  # most runs: one word, no title to strip but itself, no join (as below, without calls)
        word = words[0]
        if word in P.NOT_NAME_WORDS:
            return None
        name = word[:-2] if word.endswith(("’s", "'s")) else word
        return None if name in P.ORG_WORDS else (name, _title_gender(word), name)
    names = _strip_titles(words)
    if not names or _is_org(names):
        return None
    return " ".join(names), _title_gender(words[0]), names[-1]


# The reading of a sentence cut into words -------------------------------------------------------------------------

def _read_words(text: str, start: int, end: int, quoted: list[tuple[int, int]]) -> Reading:
    words, starts = word_offsets(text, start, end)
    if _title_case(words):
        return [], None  # a headline or a section title: every word capitalised, runs of names mean nothing
    if words and _overlaps(starts[0], starts[-1] + len(words[-1]), quoted):
        kept = [k for k, offset in enumerate(starts) if not _inside(offset, quoted)]
        words, starts = [words[k] for k in kept], [starts[k] for k in kept]
    runs = _name_runs(words)
    subject = _leading_pronoun(words, runs[0][0] if runs else len(words))
    return [(words[first:last + 1], starts[first], _next_pronoun_gender(words, last + 1)) for first, last in runs], \
        None if subject is None else (words[subject], starts[subject])


def _title_case(words: list[str]) -> bool:
    long_words = [word for word in words if len(word) > 3 and (word[0].isalnum() or word[0] in "@#")]  # is_word
    return len(long_words) >= 3 and sum(map(capitalised, long_words)) >= 0.8 * len(long_words)


def _leading_pronoun(words: list[str], limit: int) -> int | None:
    """The index of a "he" or "she" among the sentence's first three words and before its first name."""
    return next((k for k, word in enumerate(words[:min(limit, 3)]) if word.lower() in ("he", "she")), None)


def _name_runs(words: list[str]) -> list[tuple[int, int]]:
    """Runs of name-like words (capitalised, not NOT_NAME_WORDS) as (first, last) indexes; one name particle
    between two of them joins them ("Osama bin Laden")."""
    runs: list[tuple[int, int]] = []
    for k in [k for k, word in enumerate(words) if word[0].isupper() or word[0] in "@#"]:  # most words are not
        if not _name_like(words[k]):
            continue
        if runs and (k == runs[-1][1] + 1 or (k == runs[-1][1] + 2 and words[k - 1].lower() in P.NAME_PARTICLES)):
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k, k))
    return runs


def _name_like(word: str) -> bool:
    return is_word(word) and capitalised(word) and word not in P.NOT_NAME_WORDS


# The reading of a plain sentence, by regex ---------------------------------------------------------------------------
# Words partition the characters that are not spaces, so two words are next to each other when only spaces lie
# between them, and a quoted span between two words always leaves its opening mark between them. What cannot be
# told this way (a possible headline, a pronoun that may fall in a window of words) is read from the words there.

@dataclass(frozen=True, slots=True)
class _Scan:
    """One pass of each regex of the plain reading over the text of all the sentences, found by offset."""

    text: str
    capitals: list[tuple[str, int, int]]  # (word, start, end) of each capitalised word, in order
    capital_starts: list[int]
    long_before: list[int]  # how many of the capitals before each one are four letters or more (title case)
    odd: list[int]  # offsets of the capitals after a mark that may belong to the word before them (ODD_CAPITAL)
    pronouns: list[int]  # offsets where a gendered pronoun may be

    def plain(self, start: int, end: int) -> bool:
        """Whether text[start:end] is plain and its words are the words of the whole text there: it is cut at
        spaces, not inside a word (a sentence longer than MAX_SENTENCE_CHARS may be)."""
        text = self.text
        if start and not text[start - 1].isspace():
            return False
        if end < len(text) and not (text[end - 1].isspace() or text[end].isspace()):
            return False
        return bisect_left(self.odd, start) == bisect_left(self.odd, end) and \
            P.NOT_PLAIN.search(text, start, end) is None


def _scan(text: str, start: int, end: int) -> _Scan:
    # C-level maps over the matches, no Python step per capital (group 1, the word, starts where the match does)
    matches = list(P.CAPITAL_WORD.finditer(text, start, end))
    words = list(map(itemgetter(1), matches))
    starts = list(map(re.Match.start, matches))
    lengths = list(map(len, words))
    capitals = list(zip(words, starts, map(add, starts, lengths)))
    long_before = list(accumulate(map(gt, lengths, repeat(3)), initial=0))
    odd = [match.end() for match in P.ODD_CAPITAL.finditer(text, start, end)]
    odd = [offset for offset in odd if not _in_word(capitals, starts, offset)]
    pronouns = [match.start() for match in P.GENDERED_PRONOUN.finditer(text, start, end)]
    return _Scan(text, capitals, starts, long_before, odd, pronouns)


def _in_word(capitals: list[tuple[str, int, int]], starts: list[int], offset: int) -> bool:
    k = bisect_right(starts, offset) - 1
    return k >= 0 and capitals[k][2] > offset


def _read_plain(scan: _Scan | None, start: int, end: int, quoted: list[tuple[int, int]]) -> Reading | None:
    """The reading of a plain sentence (see quote_patterns.NOT_PLAIN), or None when it must be cut into words."""
    if scan is None or not scan.plain(start, end):
        return None
    text = scan.text
    first, last = bisect_left(scan.capital_starts, start), bisect_left(scan.capital_starts, end)
    capitals = scan.capitals[first:last]
    if capitals and _read_past(text, capitals[-1], end):
        return None
    long_capitals = scan.long_before[last] - scan.long_before[first]
    if long_capitals >= 3 and _maybe_title(text, start, end, long_capitals) and \
            _title_case(P.WORD.findall(text, start, end)):
        return [], None  # a headline or a section title (as in _read_words)
    if capitals and _overlaps(start, end, quoted):
        capitals = [capital for capital in capitals if not _inside(capital[1], quoted)]
    runs = _plain_runs(text, capitals)
    first_pronoun = bisect_left(scan.pronouns, start)
    if first_pronoun == len(scan.pronouns) or scan.pronouns[first_pronoun] >= end:
        return [(run[0], run[1], None) for run in runs], None  # no pronoun: no subject, no gender
    return [(words, first, _plain_gender_after(scan, after, end, quoted, capitals, last))
            for words, first, after, last in runs], \
        _plain_subject(scan, start, end, quoted, runs[0][1] if runs else end)


def _maybe_title(text: str, start: int, end: int, long_capitals: int) -> bool:
    """Whether the sentence may be in title case, judged from its capitalised words of four letters or more and a
    lower bound on its long words that are not: 80% of three long words or more must be capitalised, so at least
    three, and the others no more than a quarter of them."""
    if long_capitals < 3:
        return False
    enough = long_capitals // 4 + 1  # this many long words not capitalised rule title case out: stop there
    if enough == 1:  # (fewer than eight long capitals, most sentences: one search, no iterator)
        return P.LOWER_LONG.search(text, start, end) is None
    return next(islice(P.LOWER_LONG.finditer(text, start, end), enough - 1, None), None) is None


def _read_past(text: str, last: tuple[str, int, int], end: int) -> bool:
    """Whether the sentence's last capitalised word was read with text after the sentence: it runs past its end,
    or it is a title with its full stop ("Mt.") that is one word only when a capital follows."""
    word, _, word_end = last
    return word_end > end or (word.endswith(".") and not text[word_end:end].strip())


def _plain_runs(text: str, capitals: list[tuple[str, int, int]]) -> list[list]:
    """The name runs among the capitalised words, as (words, start, end, index of the next capital): a name word
    joins the run before it when only spaces lie between them, or one name particle ("Osama bin Laden")."""
    runs: list[list] = []
    run: list = []  # the last run, as a list grown in place: [words, start, end, index of the next capital]
    for index, (word, start, end) in enumerate(capitals):
        if word in P.NOT_NAME_WORDS:
            continue
        if run:
            # the common gap, one space, told without a call
            joined = _NOTHING if start - run[2] == 1 and text[run[2]] == " " else _joining(text, run[2], start)
            if joined is not None:
                run[0] += joined
                run[0].append(word)
                run[2], run[3] = end, index + 1
                continue
        run = [[word], start, end, index + 1]
        runs.append(run)
    return runs


_NOTHING: list[str] = []  # what joins two name words one space apart (never changed)


def _joining(text: str, start: int, end: int) -> list[str] | None:
    """What joins two name words across text[start:end]: nothing (only spaces), a name particle, or None."""
    if end - start == 1 and text[start] == " ":
        return []  # the common case, one space
    # Split in C, at most in two: no word (spaces only), one word, or more; one word joins when it is a particle
    # (a particle is all letters, so no mark hides in it).
    words = text[start:end].split(None, 1)
    if not words:
        return []
    return words if len(words) == 1 and words[0].lower() in P.NAME_PARTICLES else None


def _plain_subject(scan: _Scan, start: int, end: int, quoted: list[tuple[int, int]], first_name: int) \
        -> tuple[str, int] | None:
    """The leading "he" or "she": one of the first three words, before the first name."""
    k = bisect_left(scan.pronouns, start)
    if k == len(scan.pronouns) or scan.pronouns[k] >= first_name:
        return None
    if not _overlaps(start, scan.pronouns[k], quoted) and len(scan.text[start:scan.pronouns[k]].split(None, 3)) >= 3:
        return None  # three runs of words before it, each a word at least: the pronoun is the fourth or later
    for word, offset in _words_outside(scan.text, start, end, quoted, 3):
        if offset >= first_name:
            return None
        if word.lower() in ("he", "she"):
            return word, offset
    return None


def _plain_gender_after(scan: _Scan, after: int, end: int, quoted: list[tuple[int, int]],
                        capitals: list[tuple[str, int, int]], following: int) -> str | None:
    """_next_pronoun_gender of the words after a run (ending at `after`, capitals[following] the first capital after
    it): none when no gendered pronoun follows before the next name, else read from the words."""
    k = bisect_left(scan.pronouns, after)
    if k == len(scan.pronouns) or scan.pronouns[k] >= end:
        return None
    name = end
    for word, offset, _ in islice(capitals, following, None):  # (the next capital mostly: no copy, no generator)
        if word.lower() not in P.PRONOUNS and word not in P.NOT_NAME_WORDS:
            name = offset
            break
    if name < scan.pronouns[k]:
        return None  # a name comes first: _next_pronoun_gender stops there
    if not _overlaps(after, scan.pronouns[k], quoted) and \
            len(scan.text[after:scan.pronouns[k]].split(None, 12)) >= 12:
        return None  # twelve runs of words before it, a word at least each: past what _next_pronoun_gender reads
    simple = _simple_gender_after(scan.text, after, scan.pronouns[k], end, quoted)
    if simple is not None:
        return simple or None
    return _next_pronoun_gender([word for word, _ in _words_outside(scan.text, after, end, quoted, 12)], 0)


def _simple_gender_after(text: str, after: int, pronoun: int, end: int, quoted: list[tuple[int, int]]) -> str | None:
    """_next_pronoun_gender in the common case, "Sok said he…": only lower-case words and plain punctuation (no
    pronoun: `pronoun` is the first place one may be) lie between the run and a pronoun that is a word of its own;
    its gender if it is one of the twelve words after the run, "" if it is further; None when the case is not so
    simple (then the words are cut)."""
    if not text[pronoun - 1].isspace() or _overlaps(after, pronoun + 3, quoted):
        return None
    word = P.PRONOUN_WORD.match(text, pronoun, end)
    if word is None or P.SIMPLE_TEXT.fullmatch(text, after, pronoun) is None:
        return None
    if len(P.SIMPLE_WORD.findall(text, after, pronoun)) >= 12:
        return ""
    return "m" if word.group().lower() in ("he", "his") else "f"


def _words_outside(text: str, start: int, end: int, quoted: list[tuple[int, int]], count: int) \
        -> list[tuple[str, int]]:
    """The first `count` words of text[start:end] not starting inside a quoted span, with their offsets."""
    matches: Iterator[re.Match] = P.WORD.finditer(text, start, end)
    if _overlaps(start, end, quoted):
        matches = _unquoted_words(text, start, end, quoted)
    return [(match.group(), match.start()) for match in islice(matches, count)]


def _unquoted_words(text: str, start: int, end: int, quoted: list[tuple[int, int]]) -> Iterator[re.Match]:
    """WORD's matches in text[start:end] not starting inside a quoted span, as one pass over it gives them, without
    reading a quotation's words one by one: at the first word inside a span the pass starts again from the span's
    last space. No word holds a space and WORD looks behind nothing, so from a space the pass cuts the words after
    it as the pass over the whole text does."""
    k = bisect_right(quoted, (start, inf)) - 1
    k = k if k >= 0 and quoted[k][1] > start else k + 1  # the first span ending after `start`
    pos = start
    while True:
        for match in P.WORD.finditer(text, pos, end):
            offset = match.start()
            while k < len(quoted) and quoted[k][1] <= offset:
                k += 1  # spans ending before this word: it is not inside them
            if k == len(quoted) or offset < quoted[k][0]:
                yield match
                continue
            space = text.rfind(" ", offset, quoted[k][1])  # inside quoted[k]: resume from its last space
            if space > offset:
                pos = space
                break
        else:
            return


def _strip_titles(words: list[str]) -> list[str]:
    if len(words) == 1:  # most runs: one word, no title to strip but itself
        word = words[0]
        return [] if word in P.NOT_NAME_WORDS else [word[:-2] if word.endswith(("’s", "'s")) else word]
    k = 0
    while k < len(words) - 1 and _is_title(words[k]):
        k += 1
    # A place or body before the title ("South Dakota Gov. Kristi Noem"): the name is what follows the last title,
    # when that is a full name of two words or more (so "Martin Luther King Jr." keeps its "King").
    for i in range(len(words) - 3, k - 1, -1):  # (most runs are a name of one or two words: no title inside)
        if _is_title(words[i]):
            k = i + 1  # the last title before the last two words
            break
    words = [w for w in words[k:] if w not in P.NOT_NAME_WORDS]
    return [w[:-2] if w.endswith(("’s", "'s")) else w for w in words]


def _is_title(word: str) -> bool:
    return word in P.TITLE_WORDS or word.rstrip(".") in P.TITLE_WORDS


def _is_org(names: list[str]) -> bool:
    return not P.ORG_WORDS.isdisjoint(names)


def _title_gender(word: str) -> str | None:
    word = word.rstrip(".")
    return "m" if word in ("Mr", "Mister", "Sir", "King", "Prince", "Father", "Lord") else \
        "f" if word in ("Mrs", "Ms", "Miss", "Madam", "Queen", "Princess", "Sister", "Lady", "Dame") else None


def _next_pronoun_gender(words: list[str], k: int) -> str | None:
    """The gender of the first subject or possessive pronoun after a sentence's subject, if no name comes first
    ("Sok claimed that though he was…"); "him" is left out: it is usually someone else ("Hun Sen threatened to
    have him arrested")."""
    for word in words[k:k + 12]:
        lower = word.lower()
        if capitalised(word) and lower not in P.PRONOUNS and word not in P.NOT_NAME_WORDS:
            return None
        if lower in ("he", "his"):
            return "m"
        if lower in ("she", "her"):
            return "f"
    return None


def _overlaps(start: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    """Whether any quoted span (sorted, not overlapping) overlaps text[start:end]: most sentences hold none, and
    then no word of them needs looking up."""
    k = bisect_right(quoted, (start, inf)) - 1
    if k >= 0 and quoted[k][1] > start:
        return True
    return k + 1 < len(quoted) and quoted[k + 1][0] < end


def _inside(offset: int, quoted: list[tuple[int, int]]) -> bool:
    """Whether the offset is inside one of the quoted spans (sorted, not overlapping)."""
    k = bisect_right(quoted, (offset, inf)) - 1
    return k >= 0 and quoted[k][0] <= offset < quoted[k][1]


def _in_order(short: list[str], full: list[str]) -> bool:
    it = iter(full)
    return all(word in it for word in short)
