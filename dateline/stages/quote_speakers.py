"""Attribution: the cue and the words naming the speaker, found in the text around a quotation.

Works on words (`Token`s) of the text outside quote marks. Three places are searched, as news prose puts them:
right after a quotation (“…,” he said / said Smith), right before one (Smith said: “…” / According to X, “…”),
and anywhere in a sentence (for a phrase quoted inside it, or a paragraph that introduces the quoted paragraphs
that follow). The speaker phrase is walked outwards from the cue: a pronoun, a name with the role written before
it ("Council of Ministers spokesman Phay Siphan") or after it between commas, or a description ("the ministry").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from itertools import accumulate
from operator import sub

from dateline.stages import quote_patterns as P


def is_word(word: str) -> bool:
    """A word, not a punctuation mark."""
    return word[0].isalnum() or word[0] in "@#"


def capitalised(word: str) -> bool:
    """A capital first, or a handle or hashtag ("@Sok", "#MeToo")."""
    return word[0].isupper() or (word[0] in "@#" and len(word) > 1)


class Token:
    """A word or punctuation mark of the text with its offsets; the tests on it are computed once."""

    __slots__ = ("text", "start", "end", "lower", "is_word", "capitalised")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.lower = text.lower()
        # is_word() and capitalised(), inlined: a Token is made for every word read (no call per test)
        self.is_word = text[0].isalnum() or text[0] in "@#"
        self.capitalised = text[0].isupper() or (text[0] in "@#" and len(text) > 1)

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start})"


@dataclass(frozen=True, slots=True)
class Attribution:
    mention: str  # the speaker as written: "he", "Sok", "Council of Ministers spokesman Phay Siphan"
    start: int  # offsets of the mention in the text
    end: int
    cue: str
    cue_start: int  # offsets of the cue: the reported content lies on its other side from the speaker
    cue_end: int
    name: str | None = None  # the name inside the mention, titles and role left out ("Phay Siphan")
    role: str | None = None

    @property
    def is_pronoun(self) -> bool:
        return self.mention.lower() in P.PRONOUNS


def tokens(text: str, start: int, end: int) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in P.WORD.finditer(text, start, end)]


def word_offsets(text: str, start: int, end: int) -> tuple[list[str], list[int]]:
    """The words of text[start:end] as `tokens` cuts them, as plain strings with their start offsets: for a pass
    over many sentences (the cast reads every sentence near a quotation) that looks at few of the words closely.
    One regex pass and C-level maps, no object per word: a third of the cost of `tokens`."""
    pieces = P.SPACED_WORD.findall(text, start, end)
    words = list(map(str.lstrip, pieces))  # a word never starts with a space: lstrip leaves it whole
    ends = accumulate(map(len, pieces), initial=start)
    next(ends)  # the pieces tile the text from `start`: each one ends where the next one's spaces begin
    return words, list(map(sub, ends, map(len, words)))


def cue_at(words: list[Token], i: int) -> int:
    """How many words the cue starting at words[i] spans (0 when there is none). A capitalised word inside a
    sentence is a name, not a cue ("the United States has become…")."""
    if words[i].lower not in P.CUE_STARTS:
        return 0
    if i and words[i].capitalised and words[i].lower not in P.ACCORDING_TO:
        return 0
    for parts in P.CUE_PHRASES_BY_FIRST.get(words[i].lower, ()):
        if i + len(parts) <= len(words) and all(words[i + k].lower == part for k, part in enumerate(parts)):
            return len(parts)
    return 1 if words[i].lower in P.CUE_WORDS else 0


def after_quote(text: str, words: list[Token]) -> Attribution | None:
    """The attribution that follows a quotation: ", he said", " said Smith", ", the ministry said in a statement"."""
    i = _skip_marks(words, 0)
    i = _skip_adverbs(words, i)
    if i >= len(words):
        return None
    size = cue_at(words, i)
    if size:
        return _speaker_after(text, words, i, size)
    depth = 0  # inside brackets a full stop ends no sentence: "Sen. Chuck Schumer (D-N.Y.) said"
    for j in range(i + 1, min(len(words), i + P.MAX_SPEAKER_WORDS + P.MAX_ROLE_WORDS)):
        depth += (words[j].text == "(") - (words[j].text == ")")
        if words[j].text in ".;:!?" and depth <= 0 and not (words[j].text == "." and _abbreviation_stop(words, j)):
            break
        size = cue_at(words, j)
        if size:
            return _run_on_attribution(text, words, i, j, size)
    return _unlisted_verb(text, words, i)


def _run_on_attribution(text: str, words: list[Token], i: int, j: int, size: int) -> Attribution | None:
    """The cue at words[j] with its speaker, when they start the tail or close its sentence after a comma
    ('"…" and against the Brady law, Clinton said.', 'Clinton “drew well” in 2008, said professor Paul Beck.')."""
    found = _speaker_before(text, words, j, size, lo=i)
    closes = j + size >= len(words) or words[j + size].text in ".;!?"
    if found is not None:
        first = _first_index(words, found.start)
        if first > i and all(word.text in P.TITLE_WORDS for word in words[i:first]):
            # “…,” Mr Farage told: the title without its full stop was left out of the name, not of the mention
            return dataclasses.replace(found, mention=text[words[i].start:found.end], start=words[i].start)
        if first == i or (words[first - 1].text == "," and closes):
            return found
        return _led_by(text, words, i, first, found)
    if words[j - 1].text == ",":
        inverted = _inverted(text, words, j, size)
        if inverted is not None and _sentence_ends_after(words, _first_index(words, inverted.end) - 1):
            return inverted
    return None


def _abbreviation_stop(words: list[Token], j: int) -> bool:
    """Whether the full stop words[j] ends an abbreviation, not the sentence: "Jr." or "Inc." right after the name,
    or a stop followed by a comma or a lower-case word ("of Allentown, Pa., said", "Sen. Rand Paul (R-Ky.), who")."""
    following = words[j + 1] if j + 1 < len(words) else None
    return _after_suffix(words, j) or (following is not None and words[j - 1].end == words[j].start and
                                       (following.text == "," or following.is_word and following.text[0].islower()))


def _led_by(text: str, words: list[Token], i: int, first: int, found: Attribution) -> Attribution | None:
    """The speaker found before the cue, when what precedes it from the tail's start belongs to it: a description
    set off by a comma ("another friend, Mariam Emara told CNN": the description is the role) or another name
    and "and" ("Edward-Isaac Dovere and Gabriel Debenedetti wrote": both are the mention)."""
    lead = words[i:first - 1]
    if not lead or found.name is None:
        return None
    mention = text[words[i].start:found.end]
    if words[first - 1].text == "," and len(lead) <= P.MAX_SPEAKER_WORDS and _is_description(lead) \
            and not any(word.lower in P.FUNCTION_WORDS for word in lead):
        role = text[lead[0].start:lead[-1].end]
        return dataclasses.replace(found, mention=mention, start=words[i].start, role=found.role or role)
    if words[first - 1].lower == "and" and len(lead) <= 4 and all(_name_word(word) for word in lead) \
            and lead[0].text not in P.NOT_NAME_WORDS:
        return dataclasses.replace(found, mention=mention, start=words[i].start)
    return None


def _after_suffix(words: list[Token], j: int) -> bool:
    """Whether words[j] is the full stop of "Jr." or "Inc." written right after it."""
    return words[j - 1].text in P.NAME_SUFFIXES and words[j - 1].end == words[j].start


def _sentence_ends_after(words: list[Token], k: int) -> bool:
    """Whether the phrase ending at words[k] closes its sentence, allowing an apposition ", a research firm."."""
    rest = words[k + 1:]
    return not rest or rest[0].text in ".;!?" or (rest[0].text == "," and not any(w.text in ".;!?" for w in rest[:-1]))


def _unlisted_verb(text: str, words: list[Token], i: int) -> Attribution | None:
    """“…,” the nominee riffed: right after a quotation, a speaker and a past-tense verb not on the cue list are
    an attribution all the same (news prose has hundreds of such verbs). Inverted too: “…,” reacted Trump."""
    if _past_tense(words[i]):
        found = _speaker_after(text, words, i, 1)
        end = _first_index(words, found.end) if found is not None else 0
        if found is not None and found.name is not None and (end >= len(words) or words[end].text in ".,;!?"):
            return found
    for j in range(i + 1, min(len(words), i + P.MAX_SPEAKER_WORDS)):
        word = words[j]
        if not word.is_word:
            return None
        if word.capitalised or word.lower in P.FUNCTION_WORDS:
            continue
        if word.lower.endswith("ed") or _present_cue(words, i, j):
            found = _speaker_before(text, words, j, 1, lo=i)
            return found if found is not None and _first_index(words, found.start) == i else None
    return None


def _past_tense(word: Token) -> bool:
    return word.is_word and not word.capitalised and word.lower.endswith("ed") and word.lower not in P.FUNCTION_WORDS


def _present_cue(words: list[Token], i: int, j: int) -> bool:
    """A present-tense verb after its subject, as features and ads are written: “…,” he mocks. / “…,” they
    conclude. / the Saudis state in the white paper. Plural nouns end in -s too ("an HBO series"), so a -s form
    counts only after a pronoun or a name and closing the sentence, a bare form only after a plural subject."""
    word, subject = words[j], words[i:j]
    if word.lower in P.CUE_LEMMA_WORDS:
        plural = subject[0].lower in P.PLURAL_PRONOUNS if len(subject) == 1 else \
            subject[0].lower in P.DETERMINERS and subject[-1].lower.endswith("s") and len(subject) <= 3
        return plural and _clause_ends(words, j + 1)
    named = (len(subject) == 1 and subject[0].lower in P.PRONOUNS) or all(_name_word(w) for w in subject)
    closes = j + 1 >= len(words) or words[j + 1].text in ".,;!?"
    return named and closes and word.lower.endswith("s") and not word.lower.endswith(("ss", "us", "is"))


def _clause_ends(words: list[Token], k: int) -> bool:
    """Whether the clause ends at words[k]: the end, a stop or a comma, or an adjunct ("in the white paper")."""
    return k >= len(words) or not words[k].is_word or words[k].lower in P.BOUNDARY_WORDS


def before_quote(text: str, words: list[Token]) -> Attribution | None:
    """The attribution that leads into a quotation: "Smith said:", "He added that", "According to X,"."""
    end = len(words)
    while end and words[end - 1].text in ",:—–-":
        end -= 1
    for j in range(end - 1, max(-1, end - P.MAX_CUE_DISTANCE), -1):
        size = cue_at(words, j)
        if size:
            return _at_cue(text, words, j, size)
    return None


def labelled(text: str, words: list[Token]) -> Attribution | None:
    """A quotation labelled with its speaker's name before a colon, the name opening the line or following a dash
    or "from": "Pollsters agree - Carl Bialik: “…”", "More from Jones: “…”", "Sanders: “…”"."""
    colon = len(words) - 1
    if colon < 1 or words[colon].text != ":" or not words[colon - 1].capitalised:
        return None
    found = _phrase_ending_at(text, words, colon - 1, 0, (":", words[colon].start, words[colon].end))
    if found is None or found.name is None or found.start != text.find(found.name, found.start):
        return None
    first = _first_index(words, found.start)
    if first == 0 or words[first - 1].text in "-–—" or words[first - 1].lower == "from":
        return found
    return None


def in_sentence(text: str, words: list[Token], near: int, main_clause: bool = False) -> Attribution | None:
    """The attribution of a sentence with a quoted phrase in it: the cue nearest before `near` (a text offset);
    with `main_clause`, the first cue of the sentence ("Phay Siphan said on Sunday that Sok had criticised…")."""
    cues = [j for j, word in enumerate(words) if word.lower in P.CUE_STARTS and cue_at(words, j)]
    before = [j for j in cues if words[j].start < near]
    if main_clause:
        start = _main_clause_start(words, len(words))
        before = [j for j in before if j >= start]
    order = before if main_clause else sorted(before, reverse=True)
    for j in order + [j for j in cues if words[j].start >= near]:
        found = _at_cue(text, words, j, cue_at(words, j))
        if found:
            return found
    return None


def _at_cue(text: str, words: list[Token], j: int, size: int) -> Attribution | None:
    if words[j].lower in P.ACCORDING_TO:
        return _speaker_after(text, words, j, size)
    if words[j].lower.endswith("ing") or (j and words[j - 1].lower == "to"):  # "interjected to say:"
        return _participle_subject(text, words, j, size)
    found = _speaker_before(text, words, j, size, lo=0)
    if found is not None and words[j].lower in P.NOUN_LIKE_CUES and not found.is_pronoun and \
            (found.name is None or found.mention.endswith(("’s", "'s"))):
        return None  # "the two lengthy investigative reports", "Trump’s remarks": a noun, not a cue
    if found is None and j and words[j - 1].lower in ("and", "but", "then"):
        # "Priebus, who…, arrived at a breakfast… and acknowledged that…": a second verb of the subject
        cue = (text[words[j].start:words[j + size - 1].end], words[j].start, words[j + size - 1].end)
        return sentence_subject(text, words, j, cue)
    return found or _inverted(text, words, j, size)


def _participle_subject(text: str, words: list[Token], cue: int, size: int) -> Attribution | None:
    """"…,” he said, adding, “…”" / "He issued a statement, saying, “…”": a participle's speaker is the one of the
    cue before it in the sentence, or else the sentence's subject (its first pronoun or name)."""
    cue_span = (text[words[cue].start:words[cue + size - 1].end], words[cue].start, words[cue + size - 1].end)
    for k in range(cue - 1, -1, -1):
        k_size = cue_at(words, k)
        found = _speaker_before(text, words, k, k_size, lo=0) if k_size and not words[k].lower.endswith("ing") \
            else None
        if found:
            return Attribution(found.mention, found.start, found.end, *cue_span, found.name, found.role)
    return sentence_subject(text, words, cue, cue_span)


def _main_clause_start(words: list[Token], end: int) -> int:
    """Where the main clause starts: after a leading subordinate or participial clause and its comma ("When Trump
    suggested…, Rubio fired back", "Holding signs…, the protesters chanted"), else at the start."""
    if len(words) > 2 and end > 3 and words[1].is_word and not words[1].capitalised and words[2].text == ",":
        return 3  # "Hours later, Trump returned the compliment": a two-word adverbial opens the sentence
    if not words or not (words[0].lower in P.SUBORDINATORS or words[0].lower.endswith(("ing", "ed"))):
        return 0
    return next((k + 1 for k in range(end) if words[k].text == ","), 0)


def sentence_subject(text: str, words: list[Token], end: int, cue: tuple) -> Attribution | None:
    """The subject of the sentence words[:end]: the first pronoun or name followed by what reads as its verb
    (a lower-case word that is not a preposition), else the first pronoun or name at all.
    "Back in 1999, Mr. Trump expressed admiration…" → Mr. Trump; "Rubio fired back forcefully: “…”" → Rubio."""
    start = _main_clause_start(words, end)
    described = _described_subject(text, words, start, end, cue)
    if described is not None:
        return described
    candidates = []
    k = start
    while k < end:
        word = words[k]
        last = k
        if word.capitalised and word.is_word and word.text not in P.NOT_NAME_WORDS and not _contraction(word):
            while last + 1 < end and _name_word(words[last + 1]):
                last += 1
        elif not (word.lower in P.PRONOUNS and word.lower != "it" or _pronoun_contraction(word)):
            k += 1
            continue
        after = _skip_adverbs(words, last + 1)  # "He then adopted…", "She even brandished…"
        following = words[after] if after < end else None
        verb_next = following is not None and (following.text == "," or following.is_word and not following.capitalised
                                               and (following.lower in P.AUXILIARIES
                                                    or following.lower not in P.BOUNDARY_WORDS
                                                    and following.lower not in P.FUNCTION_WORDS))
        candidates.append((not verb_next, k, last))
        k = last + 1
    for _, first, last in sorted(candidates):
        if words[first].lower in P.PRONOUNS:
            return Attribution(words[first].text, words[first].start, words[first].end, *cue)
        if _pronoun_contraction(words[first]):  # "He’s claiming that…": the pronoun, its clitic left out
            pronoun = _clitic_head(words[first].text)
            return Attribution(pronoun, words[first].start, words[first].start + len(pronoun), *cue)
        found = _phrase_ending_at(text, words, last, 0, cue)
        if found is not None:  # "Amid responses…" is capitalised but no name
            return found
    return None


def _described_subject(text: str, words: list[Token], start: int, end: int, cue: tuple) -> Attribution | None:
    """A main clause opening with a description and its verb: "The president noted that…, and added: “…”"."""
    if start >= end or words[start].lower not in ("the", "a", "an"):
        return None
    for k in range(start + 2, min(end, start + 5)):
        word = words[k]
        if not word.is_word or word.capitalised or word.lower in P.FUNCTION_WORDS or word.lower in P.BOUNDARY_WORDS:
            return None
        if word.lower.endswith("ed") or word.lower in P.CUE_WORDS:
            found = _phrase_ending_at(text, words, k - 1, start, cue)
            return found if found is not None and found.name is None and found.start == words[start].start else None
    return None


def _inverted(text: str, words: list[Token], cue: int, size: int) -> Attribution | None:
    """"said Smith": only verbs of saying invert; after "called" or "told" comes the one spoken to or about."""
    return None if words[cue].lower in P.OBJECT_CUES else _speaker_after(text, words, cue, size)


def _speaker_before(text: str, words: list[Token], cue: int, size: int, lo: int) -> Attribution | None:
    """The speaker phrase ending right before the cue (adverbs allowed between): "Sok also claimed"."""
    j = cue - 1
    while j >= lo and (words[j].lower in P.CUE_ADVERBS or words[j].lower in P.TIME_WORDS
                       or words[j].lower in P.REFLEXIVES) \
            and not (words[j].capitalised and words[j].lower in ("will", "may", "still", "first")):
        j -= 1
    if j < lo:
        return None
    cue_text = (text[words[cue].start:words[cue + size - 1].end], words[cue].start, words[cue + size - 1].end)
    if words[j].text == ",":
        return _apposition_before(text, words, j, lo, cue_text) or _name_set_off(text, words, j, lo, cue_text) \
            or _apposition_before(text, words, j, lo, cue_text, nearest=False)
    return _phrase_before(text, words, j, lo, cue_text)


def _name_set_off(text: str, words: list[Token], comma: int, lo: int, cue: tuple) -> Attribution | None:
    """"…after winning Ohio, Gov. John Kasich (R-OH), said": a name between commas, the whole of what lies
    between them, with no apposition after it."""
    found = _phrase_before(text, words, comma - 1, lo, cue) if comma - 1 >= lo else None
    if found is None or found.name is None or len(found.name.split()) < 2:
        return None  # one word between commas is as often a place ("in Columbus, Ohio, said") as a name
    first = _first_index(words, found.start)
    return found if first == lo or words[first - 1].text == "," else None


def _phrase_before(text: str, words: list[Token], j: int, lo: int, cue: tuple) -> Attribution | None:
    """The speaker phrase whose last word is words[j]: a pronoun, a name with what precedes it, a description."""
    if words[j].text == "." and j - 1 >= lo and _after_suffix(words, j):
        j -= 1  # "James B. Comey Jr."
    head = words[j]
    if head.lower in P.PRONOUNS:
        return Attribution(head.text, head.start, head.end, *cue)
    if head.lower in P.RELATIVE_PRONOUNS:
        return _relative(text, words, j, lo, cue)
    if head.text == ")":  # "Sen. Richard J. Durbin (D-Ill.)": the party and state are left out
        j = _matching_paren(words, j, lo)
        if j is None:
            return None
    return _phrase_ending_at(text, words, j, lo, cue)


def _relative(text: str, words: list[Token], j: int, lo: int, cue: tuple) -> Attribution | None:
    """"said Beck, who said there were “…”": the mention is the relative pronoun as written, the speaker its
    antecedent — the name or description right before it (and its comma)."""
    k = j - 1 if j - 1 >= lo and words[j - 1].text == "," else j
    if k - 1 < lo:
        return None
    antecedent = _phrase_before(text, words, k - 1, lo, cue)
    if antecedent is None or antecedent.is_pronoun or antecedent.mention.lower() in P.RELATIVE_PRONOUNS:
        return None
    head = words[j]
    return Attribution(head.text, head.start, head.end, *cue, antecedent.name or antecedent.mention, antecedent.role)


def _phrase_ending_at(text: str, words: list[Token], j: int, lo: int, cue: tuple) -> Attribution | None:
    head = words[j]
    if not head.is_word or head.lower in P.BOUNDARY_WORDS or head.lower in P.CUE_WORDS:
        return None
    first = j
    if head.capitalised:
        while first - 1 >= lo and _name_word(words[first - 1]):
            first -= 1
        while first < j and words[first].text in P.NOT_NAME_WORDS:
            first += 1
        if words[first].text in P.NOT_NAME_WORDS and words[first].lower not in P.PRONOUNS:
            return None
        name_first = first
        if j - name_first >= 3 and all(word.text.isupper() for word in words[name_first:j + 1]):
            return None  # "VOTERS CARE MORE ABOUT…": a headline in capitals, not a name
        owner = next((k for k in range(j - 1, name_first - 1, -1) if _possessive(words[k])), None)
        if owner is not None:
            name_first = owner + 1  # "The Post's Dana Milbank", "CNN's Jake Tapper": the owner is the role
        first = _role_start(words, first, lo)
        if first == name_first and first - 1 >= lo and words[first - 1].lower in P.PLACE_PREPOSITIONS:
            return None  # "a town hall meeting in Columbus, Ohio, said": a place, not a speaker
        # A job title written before the name is a role too ("Chancellor Angela Merkel"), an honorific is not.
        role_end = name_first
        while role_end < j and words[role_end].text in P.TITLE_WORDS and words[role_end].text not in P.HONORIFICS:
            role_end += 1
        name = text[words[name_first].start:head.end]
        role = text[words[first].start:words[role_end - 1].end] if first < role_end else None
        if role and words[role_end - 1].lower in P.FUNCTION_WORDS:
            role = None  # "a series of South Dakotans", "one of"
        return Attribution(text[words[first].start:head.end], words[first].start, head.end, *cue, name, role)
    first = _role_start(words, j + 1, lo)
    if first > j or not _is_description(words[first:j + 1]):
        return None
    return Attribution(text[words[first].start:head.end], words[first].start, head.end, *cue)


def _is_description(phrase: list[Token]) -> bool:
    """A speaker described, not named: "the ministry", "a senior official", "Trump’s campaign", "officials"."""
    head = phrase[-1].lower
    if head in P.FUNCTION_WORDS or (head in P.DETERMINERS and len(phrase) == 1) or not phrase[-1].is_word:
        return False
    possessive = any(word.lower.endswith(("’s", "'s", "s’", "s'")) for word in phrase[:-1])
    return phrase[0].lower in P.DETERMINERS or possessive or (head in P.BARE_SPEAKERS and len(phrase) <= 3)


def _role_start(words: list[Token], first: int, lo: int) -> int:
    """Walk back over the role or description before a name: "Council of Ministers spokesman", "the ministry"."""
    k = first
    while k - 1 >= lo and first - (k - 1) <= P.MAX_SPEAKER_WORDS:
        word = words[k - 1]
        if not word.is_word or word.lower in P.BOUNDARY_WORDS or word.lower in P.CUE_WORDS:
            break
        if word.capitalised and word.text in P.NOT_NAME_WORDS and word.lower not in P.DETERMINERS:
            break
        k -= 1
        if word.lower in P.DETERMINERS:
            # "a spokesman for the council": the phrase goes on before "of"/"for" when a noun precedes it
            if k - 2 >= lo and words[k - 1].lower in ("of", "for") and words[k - 2].is_word \
                    and words[k - 2].lower not in P.FUNCTION_WORDS and words[k - 2].lower not in P.CUE_WORDS:
                k -= 1
                continue
            if k - 1 >= lo and words[k - 1].lower in P.DETERMINERS and words[k - 1].lower not in P.SUBORDINATORS:
                # "the two", "all the"; not "As the…" (Portuguese "as" is an article, English "as" opens a clause)
                k -= 1
            break
    return k


def _apposition_before(text: str, words: list[Token], comma: int, lo: int, cue: tuple,
                       nearest: bool = True) -> Attribution | None:
    """"Jennifer Palmieri, the Clinton campaign’s communications director, said": the name before the commas.
    An apposition may hold commas of its own ("Harry Bond, 30, of Raleigh, N.C., who was among those polled,
    said"): with `nearest` False, the commas before the nearest one are tried too, nearest first, for a name."""
    commas = [k for k in range(comma - 2, max(lo, comma - P.MAX_ROLE_WORDS - 1) - 1, -1) if words[k].text == ","]
    if nearest:
        return _apposition_from(text, words, commas[0], comma, lo, cue) if commas else None
    for k in commas[1:]:
        found = _apposition_from(text, words, k, comma, lo, cue)
        if found is not None and found.name is not None:
            return found
    return None


def _apposition_from(text: str, words: list[Token], k: int, comma: int, lo: int, cue: tuple) -> Attribution | None:
    """The speaker before the comma words[k], with words[k + 1:comma] as its apposition."""
    found = _phrase_before(text, words, k - 1, lo, cue) if k - 1 >= lo else None
    if found is not None and found.is_pronoun:
        return found  # "he, once again, pledged"
    role_words = words[k + 1:comma]
    if found is not None and found.name is None and all(_name_word(word) for word in role_words):
        # "Another delegate on the Cruz slate, Jim Poolman, said": the name is between the commas
        name = text[role_words[0].start:role_words[-1].end]
        mention = text[found.start:role_words[-1].end]
        return Attribution(mention, found.start, role_words[-1].end, *cue, name, found.mention)
    if found is not None and found.name is None and not found.is_pronoun and _clause(role_words[0]):
        return found  # "An Israeli official, speaking on the condition of anonymity, said"
    if found is None or found.name is None or _place_abbreviation(found.name) or \
            found.mention.split()[0] in P.FUNCTION_WORDS:
        return None  # "N.C.", "of Raleigh": the place in the apposition, the name is further back
    role = text[role_words[0].start:role_words[-1].end] if _reads_as_role(role_words[0]) else None
    return Attribution(found.mention, found.start, found.end, *cue, found.name, found.role or role)


def _place_abbreviation(name: str) -> bool:
    """"N.C.", "Pa.", "Mass.": a name ending in a full stop (not "Jr.") is a state or country after a town, as in
    "Harry Bond, 30, of Raleigh, N.C., who…"; no one's name is written that way."""
    return name.endswith(".") and name.split()[-1].rstrip(".") not in P.NAME_SUFFIXES


def _speaker_after(text: str, words: list[Token], cue: int, size: int) -> Attribution | None:
    """The speaker phrase right after the cue: "said Smith", "said the ministry", "according to police"."""
    i = _skip_adverbs(words, cue + size)
    cue_text = (text[words[cue].start:words[cue + size - 1].end], words[cue].start, words[cue + size - 1].end)
    if i >= len(words) or not words[i].is_word:
        return None
    if words[i].lower in P.PRONOUNS:
        if i + 1 < len(words) and words[i + 1].is_word:
            return None  # "said she was going to…": the pronoun is the subject of what was said
        return Attribution(words[i].text, words[i].start, words[i].end, *cue_text)
    if not _continues_phrase(words[i]) or (words[i].lower in P.FUNCTION_WORDS and
                                           words[i].lower not in P.POSSESSIVE_DETERMINERS):
        return None  # "said that…", "said in…": the content or an adjunct follows, not a speaker
    last = i
    while last + 1 < len(words) and last + 1 - i < P.MAX_SPEAKER_WORDS and _continues_phrase(words[last + 1]):
        last += 1
    if any(word.lower in P.AUXILIARIES and not word.capitalised for word in words[i:last + 1]):
        return None  # "said the president would win…", "said his campaign was…": the content, not a speaker
    if words[i].lower in P.POSSESSIVE_DETERMINERS and last + 1 < len(words) and words[last + 1].is_word:
        return None  # "said his stance on abortion…": a possessive phrase is a speaker only when it ends the clause
    while last > i and (words[last].lower in P.DETERMINERS or words[last].lower in ("of", "for")):
        last -= 1
    if words[i].capitalised and not words[last].capitalised:
        # "said Robert Antonacci of the New York delegation": the name, with what follows it as the role
        name_last = i
        while name_last + 1 <= last and _name_word(words[name_last + 1]) and words[name_last + 1].capitalised:
            name_last += 1
        if words[name_last + 1].lower in P.NAME_LINKS and words[i].text not in P.NOT_NAME_WORDS:
            name = text[words[i].start:words[name_last].end]
            return Attribution(name, words[i].start, words[name_last].end, *cue_text, name,
                               text[words[name_last + 1].start:words[last].end])
    name_first = last
    while name_first - 1 >= i and _name_word(words[name_first - 1]):
        name_first -= 1
    if not words[last].capitalised:
        if not _is_description(words[i:last + 1]):
            return None
        return Attribution(text[words[i].start:words[last].end], words[i].start, words[last].end, *cue_text)
    name = text[words[name_first].start:words[last].end]
    role = text[words[i].start:words[name_first - 1].end] if name_first > i else None
    role = role or _apposition_after(text, words, last + 1)
    return Attribution(text[words[i].start:words[last].end], words[i].start, words[last].end, *cue_text, name,
                       role)


def _apposition_after(text: str, words: list[Token], comma: int) -> str | None:
    """", chief economist at Manulife." after an inverted attribution, when it reads as a role."""
    if comma >= len(words) or words[comma].text != ",":
        return None
    k = comma + 1
    while k < len(words) and k - comma <= P.MAX_ROLE_WORDS and words[k].text not in ",.;:!?()":
        k += 1
    chunk = words[comma + 1:k]
    if not chunk or k - comma > P.MAX_ROLE_WORDS or chunk[0].lower in P.BOUNDARY_WORDS:
        return None
    clause = chunk[0].lower.endswith(("ing", "ed")) and not chunk[0].capitalised
    if clause or any(word.lower in P.CUE_WORDS for word in chunk):
        return None
    return text[chunk[0].start:chunk[-1].end]


def _possessive(word: Token) -> bool:
    return word.text.endswith(("’s", "'s", "s’", "s'"))


def _contraction(word: Token) -> bool:
    """"It’s", "That's", "He’d": a pronoun or function word with a clitic, never a name."""
    head = word.lower.replace("’", "'").split("'")[0]
    return head != word.lower and (head in P.PRONOUNS or head in P.FUNCTION_WORDS or head in ("that", "there"))


def _clitic_head(text: str) -> str:
    return text.replace("’", "'").split("'")[0]


def _pronoun_contraction(word: Token) -> bool:
    """A third-person pronoun with a clitic ("He’s", "she'd", "They’ve"): the subject of the verb after it. Not
    "it’s", as often a dummy subject ("It’s time…") as someone speaking, nor "I’m", the writer's own voice."""
    head = _clitic_head(word.lower)
    return head != word.lower and head in P.CONTRACTED_SUBJECTS


def _clause(first: Token) -> bool:
    """An apposition that is a clause, not a role: "speaking on the condition…", "who spoke anonymously…"."""
    return not first.capitalised and (first.lower.endswith("ing") or first.lower in P.RELATIVE_PRONOUNS)


def _reads_as_role(first: Token) -> bool:
    """An apposition is a role when it opens like a noun phrase ("the director of…", "Clinton’s spokesman"), not
    a clause ("who has been…", "wanted by the authorities…")."""
    return first.lower in P.DETERMINERS or (first.capitalised and first.text not in P.NOT_NAME_WORDS)


def _continues_phrase(word: Token) -> bool:
    return word.is_word and (word.lower not in P.BOUNDARY_WORDS or word.text in P.BOUNDARY_NAMES) \
        and word.lower not in P.CUE_WORDS and word.lower not in P.TIME_WORDS


def _name_word(word: Token) -> bool:
    return (word.capitalised and word.is_word) or word.lower in P.NAME_PARTICLES


def _matching_paren(words: list[Token], j: int, lo: int) -> int | None:
    for k in range(j - 1, max(lo - 1, j - 8), -1):
        if words[k].text == "(":
            return k - 1 if k - 1 >= lo else None
    return None


def _skip_marks(words: list[Token], i: int) -> int:
    """Past the punctuation, but a double quote mark (a loop, not a test per word: it runs for every quotation)."""
    while i < len(words) and not words[i].is_word and words[i].text not in "\"“”":
        i += 1
    return i


def _skip_adverbs(words: list[Token], i: int) -> int:
    while i < len(words) and words[i].lower in P.CUE_ADVERBS and words[i].lower not in ("has", "had", "have") \
            and not words[i].capitalised:  # "Will wrote": a name, not the modal
        i += 1
    return i


def _first_index(words: list[Token], offset: int) -> int:
    return next((k for k, word in enumerate(words) if word.start >= offset), len(words))
