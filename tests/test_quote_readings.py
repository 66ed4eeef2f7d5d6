"""The quotation stage's shortcuts give what the plain way gives: the cast's regex reading of a sentence equals its
reading word by word, word_offsets cuts the words `tokens` cuts, and the mark scanner's regex skips only
apostrophes that change nothing.

The real sentences are the seed story's and PolNeAR dev's (US political news); the made-up ones hold the cases
the regex reading must get right or hand over: initials, titles before names, a sentence ending on "Mt.", name
particles, quoted phrases, leading pronouns, headlines in title case, accented and Cyrillic names, handles,
capitals after a hyphen or an apostrophe.
"""

from __future__ import annotations

import json

import pytest
from conftest import POLNEAR

from dateline.stages import quote_cast, quote_patterns
from dateline.stages.quote_marks import MARK, scan_line
from dateline.stages.quote_speakers import tokens, word_offsets
from dateline.stages.quotes import _lines, _near_quotes, _sentences

MADE_UP = [
    "U.S. officials said Mr. Smith met Gov. Jeb Bush and Sen. Chuck Schumer (D-N.Y.) on Tuesday.",
    "He said the team climbed Mt. Everest last year, and she said it was hard.",
    "Osama bin Laden was named by Ursula von der Leyen, who said “it is over” and left.",
    "She told reporters that Hillary Clinton, the Democratic nominee, would win, her aide said.",
    "Donald Trump Wins New Hampshire Primary As Clinton Falls Behind",
    "Élise Ölberg and Øyvind Åsheim met Владимир Путин in Москва, he said.",
    "The anti-Trump and pro-Clinton groups met @Sok and #MeToo activists, he said.",
    "''We Go On,'' said O'Brien, and McDonald’s CEO, Mr. Easterbrook, agreed with the U.S.A. team.",
    "In mid-December the co-CEO said ’Tis the season; he, his wife and her son left.",
    "Hun Sen. He said Kim Sok’s lawyer, Choung Choungy, was “sick” and ‘absent’ from court.",
]


def readings(text: str) -> list[tuple[object, object]]:
    """(regex reading, word reading) of every sentence near a quotation in `text`, as find_quotes cuts them."""
    lines = _lines(text)
    spans = [scan_line(text, line.start, line.end) for line in lines]
    bounds = _sentences(text, lines, spans, _near_quotes(spans)).bounds
    quoted = [(span.start, span.end) for line_spans in spans for span in line_spans]
    scan = quote_cast._scan(text, bounds[0][0], bounds[-1][1]) if bounds else None
    return [(quote_cast._read_plain(scan, start, end, quoted), quote_cast._read_words(text, start, end, quoted))
            for start, end in bounds]


def polnear_dev_texts(limit: int) -> list[str]:
    path = POLNEAR / "quotes-dev.jsonl"
    if not path.exists():
        pytest.skip(f"PolNeAR not found at {POLNEAR} (set DATELINE_SHARED)")
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line, _ in zip(handle, range(limit))]


def test_regex_reading_equals_word_reading_on_real_sentences(seed_text: str) -> None:
    pairs = [pair for text in [seed_text] + polnear_dev_texts(40) for pair in readings(text)]
    plain = [(fast, slow) for fast, slow in pairs if fast is not None]
    assert len(pairs) > 1000
    assert len(plain) > 0.9 * len(pairs)  # the shortcut is taken by most sentences of English news
    assert [fast for fast, _ in plain] == [slow for _, slow in plain]
    assert any(runs for runs, _ in (slow for _, slow in plain))  # the readings found names: not empty on both sides


@pytest.mark.parametrize("sentence", MADE_UP)
def test_regex_reading_equals_word_reading_on_hard_cases(sentence: str) -> None:
    text = f"{sentence}\n\n“This is a quotation,” he said."
    for fast, slow in readings(text):
        assert fast is None or fast == slow


def read(sentence: str) -> tuple[object, bool]:
    """The cast's reading of one sentence, and whether the regex reading gave it."""
    fast = quote_cast._read_plain(quote_cast._scan(sentence, 0, len(sentence)), 0, len(sentence), [])
    slow = quote_cast._read_words(sentence, 0, len(sentence), [])
    assert fast is None or fast == slow
    return slow, fast is not None


def test_hard_cases_are_read_right() -> None:
    """What the readings find in a few of the hard cases, read by hand."""
    (runs, subject), by_regex = read("U.S. officials said on Tuesday that Mr. Smith had met with Gov. Jeb Bush and "
                                     "later with Sen. Chuck Schumer (D-N.Y.) in their offices.")
    # Titles stay in the run (the cast strips them); "Tuesday" is no name; "D-N.Y." is the words "D-N" . "Y" .,
    # a capital after an initial's full stop that the regex reading hands over to the word reading.
    assert [words for words, _, _ in runs] == [["U.S."], ["Mr.", "Smith"], ["Gov.", "Jeb", "Bush"],
                                               ["Sen.", "Chuck", "Schumer"], ["D-N"], ["Y"]]
    assert subject is None and not by_regex
    assert read("He said Osama bin Laden was there, and his son too.") == \
        (([(["Osama", "bin", "Laden"], 8, "m")], ("He", 0)), True)
    # A headline: no one is named in it.
    assert read("Donald Trump Wins New Hampshire Primary As Clinton Falls Behind") == (([], None), True)
    # A capital after a hyphen that follows a letter is inside a word ("anti-Trump", in lower case): no name, and
    # the regex reading tells so; after a hyphen that follows a full stop it may start one: read word by word.
    assert read("The anti-Trump groups met, he said.") == (([], None), True)
    assert read("The U.S.-Mexico talks ended, he said.")[1] is False
    # An old-style opening quote after a space is two marks: the capital after it starts a word, read by regex.
    assert read("He said ''Sok was there'' and left.") == (([(["Sok"], 10, None)], ("He", 0)), True)


def test_word_offsets_cut_the_words_tokens_cut(seed_text: str) -> None:
    texts = [seed_text] + MADE_UP + ["Mr.  Smith", "Mr.\u00a0Smith", "a\u3000b ''c'' d'' e'", "Obama''s", ""]
    for text in texts:
        for start, end in ((0, len(text)), (len(text) // 3, len(text) // 2), (1, len(text) - 1)):
            words, starts = word_offsets(text, start, max(start, end))
            found = tokens(text, start, max(start, end))
            assert words == [word.text for word in found] and starts == [word.start for word in found]


def test_apostrophes_skipped_by_the_mark_scanner_change_no_span() -> None:
    text = "“Don't,” Sok’s lawyer said of the players’ union's ‘rules’ and O'Brien's 'plan'."
    spans = scan_line(text, 0, len(text))
    assert [text[span.start:span.end] for span in spans] == ["Don't,", "rules", "plan"]
    assert MARK.search("Don't stop Sok’s car") is None  # apostrophes only: no mark to scan


def test_plain_blocks_premises() -> None:
    """The regex reading relies on these: its capitals are all the upper-case letters of its blocks, and no letter
    of them but the ASCII ones lower-cases to a letter of "he", "his", "she", "her" (GENDERED_PRONOUN is ASCII)."""
    letters = [chr(code) for low, high in quote_patterns.PLAIN_BLOCKS for code in range(low, high)]
    assert set(quote_patterns.PLAIN_CAPITALS) == {letter for letter in letters if letter.isupper()}
    assert not [letter for letter in letters if not letter.isascii() and letter.lower() in set("heisr")]
    assert all(quote_patterns.NOT_PLAIN.search(letter) is None for letter in letters if letter not in "@#")
    assert "".join(char for char in map(chr, range(0x80)) if quote_patterns.NOT_PLAIN.search(char)) == "#@"
