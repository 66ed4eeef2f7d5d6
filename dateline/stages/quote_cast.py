"""The cast of a story: the people it names, their fullest names and their gender, to resolve speakers.

"Sok" and "he" become "Kim Sok": a short name maps to the fullest form the story uses that contains it, and a
pronoun to the nearest earlier person it can refer to — the first person named in the nearest sentence before
it (a sentence's first name is usually its subject), skipping people of the other gender.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from dateline.stages import quote_patterns as P
from dateline.stages.quote_speakers import Token


@dataclass(frozen=True, slots=True)
class Mention:
    name: str  # titles stripped: "Hun Sen" for "Prime Minister Hun Sen"
    start: int
    sentence: int  # index of the sentence it is in
    gender: str | None  # "m"/"f" from a title ("Mrs."), else None


@dataclass(slots=True)
class Cast:
    mentions: list[Mention] = field(default_factory=list)  # in text order
    genders: dict[str, str] = field(default_factory=dict)  # canonical name → "m"/"f"
    speakers: set[str] = field(default_factory=set)  # canonical names seen as speakers
    # surname → {name as written (titles stripped) → mentions}: canonical() only looks at one surname's names
    by_surname: dict[str, dict[str, int]] = field(default_factory=dict)
    by_sentence: dict[int, list[Mention]] = field(default_factory=dict)

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        names = self.by_surname.setdefault(mention.name.split()[-1], {})
        names[mention.name] = names.get(mention.name, 0) + 1
        self.by_sentence.setdefault(mention.sentence, []).append(mention)

    def canonical(self, name: str) -> str:
        """The fullest name of the story containing `name`'s words in order (most used, then first, on ties).
        The surname stays last: "Sok" → "Kim Sok", never a headline run like "Sanders New Hampshire"."""
        words = _strip_titles(name.split())
        if not words:
            return name
        best, best_key = " ".join(words), (len(words), 0)
        for full, count in self.by_surname.get(words[-1], {}).items():
            full_words = full.split()
            if len(full_words) >= len(words) and _in_order(words, full_words) and (len(full_words), count) > best_key:
                best, best_key = full, (len(full_words), count)
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


def build_cast(text: str, sentences: list[list[Token]], quoted: list[tuple[int, int]]) -> Cast:
    """Name runs outside quotations, sentence by sentence, with the gender of the pronoun that follows them.

    A sentence whose subject is "he" or "she" (the pronoun comes before any name) counts as a mention of the
    person the pronoun resolves to: "Sok said… He was sentenced… he continued" keeps Sok the one in focus.
    """
    cast = Cast()
    for index, words in enumerate(sentences):
        if _title_case(words):
            continue  # a headline or a section title: every word capitalised, runs of names mean nothing
        outside = [word for word in words if not _inside(word.start, quoted)] \
            if words and _overlaps(words[0].start, words[-1].end, quoted) else words
        runs = _name_runs(outside)
        subject = _leading_pronoun(outside, runs[0][0] if runs else len(outside))
        if subject is not None:
            name = cast.resolve(subject.text, subject.start, index)
            if name:
                cast.add(Mention(name, subject.start, index, None))
        for first, last in runs:
            _add_run(cast, outside, first, last, index)
    return cast


def _title_case(words: list[Token]) -> bool:
    long_words = [word for word in words if word.is_word and len(word.text) > 3]
    return len(long_words) >= 3 and sum(word.capitalised for word in long_words) >= 0.8 * len(long_words)


def _add_run(cast: Cast, words: list[Token], first: int, last: int, sentence: int) -> None:
    title_gender = _title_gender(words[first].text)
    names = _strip_titles([word.text for word in words[first:last + 1]])
    if not names or _is_org(names):
        return
    mention = Mention(" ".join(names), words[first].start, sentence, title_gender)
    cast.add(mention)
    gender = title_gender or _next_pronoun_gender(words, last + 1)
    if gender:
        cast.genders.setdefault(cast.canonical(mention.name), gender)


def _leading_pronoun(words: list[Token], limit: int) -> Token | None:
    return next((word for word in words[:min(limit, 3)] if word.lower in ("he", "she")), None)


def _name_runs(words: list[Token]) -> list[tuple[int, int]]:
    runs, k = [], 0
    while k < len(words):
        if words[k].capitalised and words[k].is_word and words[k].text not in P.NOT_NAME_WORDS:
            first = k
            while k + 1 < len(words) and (_name_like(words[k + 1]) or _particle_inside(words, k + 1)):
                k += 1
            runs.append((first, k))
        k += 1
    return runs


def _name_like(word: Token) -> bool:
    return word.is_word and word.capitalised and word.text not in P.NOT_NAME_WORDS


def _particle_inside(words: list[Token], k: int) -> bool:
    return words[k].lower in P.NAME_PARTICLES and k + 1 < len(words) and _name_like(words[k + 1])


def _strip_titles(words: list[str]) -> list[str]:
    k = 0
    while k < len(words) - 1 and _is_title(words[k]):
        k += 1
    # A place or body before the title ("South Dakota Gov. Kristi Noem"): the name is what follows the last title,
    # when that is a full name of two words or more (so "Martin Luther King Jr." keeps its "King").
    last = max((i for i in range(k, len(words) - 2) if _is_title(words[i])), default=None)
    if last is not None:
        k = last + 1
    words = [w for w in words[k:] if w not in P.NOT_NAME_WORDS]
    return [w[:-2] if w.endswith(("’s", "'s")) else w for w in words]


def _is_title(word: str) -> bool:
    return word in P.TITLE_WORDS or word.rstrip(".") in P.TITLE_WORDS


def _is_org(names: list[str]) -> bool:
    return any(word in P.ORG_WORDS for word in names)


def _title_gender(word: str) -> str | None:
    word = word.rstrip(".")
    return "m" if word in ("Mr", "Mister", "Sir", "King", "Prince", "Father", "Lord") else \
        "f" if word in ("Mrs", "Ms", "Miss", "Madam", "Queen", "Princess", "Sister", "Lady", "Dame") else None


def _next_pronoun_gender(words: list[Token], k: int) -> str | None:
    """The gender of the first subject or possessive pronoun after a sentence's subject, if no name comes first
    ("Sok claimed that though he was…"); "him" is left out: it is usually someone else ("Hun Sen threatened to
    have him arrested")."""
    for word in words[k:k + 12]:
        if word.capitalised and word.lower not in P.PRONOUNS and word.text not in P.NOT_NAME_WORDS:
            return None
        if word.lower in ("he", "his"):
            return "m"
        if word.lower in ("she", "her"):
            return "f"
    return None


def _overlaps(start: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    """Whether any quoted span (sorted, not overlapping) overlaps text[start:end]: most sentences hold none, and
    then no word of them needs looking up."""
    k = bisect_right(quoted, (start, float("inf"))) - 1
    if k >= 0 and quoted[k][1] > start:
        return True
    return k + 1 < len(quoted) and quoted[k + 1][0] < end


def _inside(offset: int, quoted: list[tuple[int, int]]) -> bool:
    """Whether the offset is inside one of the quoted spans (sorted, not overlapping)."""
    k = bisect_right(quoted, (offset, float("inf"))) - 1
    return k >= 0 and quoted[k][0] <= offset < quoted[k][1]


def _in_order(short: list[str], full: list[str]) -> bool:
    it = iter(full)
    return all(word in it for word in short)
