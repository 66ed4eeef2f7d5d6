"""Who said what: the seed story's quotations pinned, and each construction of news prose on real sentences.

The sentences are from PolNeAR train articles (US political news, 2015-2016) unless marked otherwise; the ones
for marks English news rarely uses (guillemets, „German“ pairs, British single marks) are written in the same
register.
"""

from __future__ import annotations

import tracemalloc

import pytest
from conftest import EXAMPLES

import dateline
from dateline.article import Quote
from dateline.stages.quote_patterns import MAX_QUOTE_TEXT_CHARS
from dateline.stages.quotes import find_quotes

SEED_FIRST = "Kim Sok, wanted by the Kingdom’s authorities"
SEED_LAST = "after he failed to appear on the same day."


@pytest.fixture(scope="module")
def seed_body(seed_text: str) -> str:
    """The seed story's 24 body paragraphs, joined with blank lines as Article.text joins blocks."""
    lines = [line for line in seed_text.splitlines() if line.strip()]
    first = next(i for i, line in enumerate(lines) if line.startswith(SEED_FIRST))
    last = next(i for i, line in enumerate(lines) if line.endswith(SEED_LAST))
    assert last - first + 1 == 24
    return "\n\n".join(lines[first:last + 1])


@pytest.fixture(scope="module")
def seed_quotes(seed_body: str) -> list[Quote]:
    return find_quotes(seed_body)


def only(quotes: list[Quote], fragment: str) -> Quote:
    found = [quote for quote in quotes if fragment in quote.text]
    assert len(found) == 1, (fragment, quotes)
    return found[0]


def assert_offsets(text: str, quote: Quote) -> None:
    """start/end point at the quotation's words, marks excluded; a one-part quotation's text is that slice."""
    assert text[quote.start].isalnum() or text[quote.start] == "["
    assert text[quote.end - 1] not in "\"“”'’»"
    assert quote.text.startswith(text[quote.start:quote.start + 12])


# -- the seed story ---------------------------------------------------------------------------------------------

def test_seed_full_quotations_cover_the_eight_quoted_paragraphs(seed_body: str, seed_quotes: list[Quote]) -> None:
    paragraphs = seed_body.split("\n\n")
    quoted = [i for i, paragraph in enumerate(paragraphs) if paragraph[0] in "“\""]
    assert len(quoted) == 8
    full = [quote for quote in seed_quotes if not quote.partial]
    speakers = {}
    for index in quoted:
        start = sum(len(p) + 2 for p in paragraphs[:index])
        covering = [q for q in full if q.start <= start + 1 < q.end]
        assert len(covering) == 1, paragraphs[index]
        speakers[index] = covering[0].speaker
    assert sorted(speakers.values()) == ["Kim Sok"] * 6 + ["Phay Siphan"] * 2


def test_seed_phay_siphan_quotes_and_role(seed_quotes: list[Quote]) -> None:
    for fragment in ("For [critics of the Cambodian government], they just want the chance",
                     "[Kim Sok] was just looking for the chance to move to a different country."):
        quote = only(seed_quotes, fragment)
        assert quote.speaker == "Phay Siphan"  # "[Kim Sok]" inside the quotation is not its speaker
        assert quote.role == "Council of Ministers spokesman"
        assert quote.speaker_mention == "Council of Ministers spokesman Phay Siphan"
        assert quote.cue == "said"
        assert not quote.partial


def test_seed_mixed_pair_and_pronoun(seed_body: str, seed_quotes: list[Quote]) -> None:
    # “…Cambodia." opens curly and closes straight; attributed by "Sok claimed that…" the paragraph before.
    quote = only(seed_quotes, "Before I go to bed")
    assert quote.text.endswith("over the interests of Cambodia.")
    assert seed_body[quote.end:quote.end + 1] == '"'
    assert (quote.speaker, quote.speaker_mention, quote.cue, quote.paragraph) == ("Kim Sok", "Sok", "claimed", 3)
    # "…,” he said." — "he" resolves to the last person in focus, Kim Sok, not Hun Sen or Phay Siphan.
    quote = only(seed_quotes, "My arrival here makes me pity my country")
    assert (quote.speaker, quote.speaker_mention) == ("Kim Sok", "he")
    assert quote.text.endswith("arrived at this difficult point")
    assert_offsets(seed_body, quote)


def test_seed_quotation_over_two_paragraphs_is_one(seed_body: str, seed_quotes: list[Quote]) -> None:
    quote = only(seed_quotes, "How could I get to [Finland] so fast?")
    assert "But I would like to use my right not to comment" in quote.text
    assert seed_body[quote.start:quote.end].count("\n\n") == 1
    assert seed_body[quote.end:].startswith(",” he said.")
    assert (quote.speaker, quote.speaker_mention, quote.paragraph, quote.partial) == ("Kim Sok", "he", 13, False)


def test_seed_partial_quotes_are_kim_soks(seed_body: str, seed_quotes: list[Quote]) -> None:
    for phrase in ("a real change", "100 per cent safe", "heaven for good people"):
        quote = next(q for q in seed_quotes if q.text == phrase)
        assert quote.partial
        assert quote.speaker == "Kim Sok"
        assert seed_body[quote.start:quote.end] == phrase
    # A charge quoted in a sentence where no one speaks is no one's quotation.
    assert not any("incitement to commit a felony" in q.text for q in seed_quotes)


# -- constructions ----------------------------------------------------------------------------------------------

def test_straight_marks_speaker_after() -> None:
    text = ('"There\'s no question that Trump excites people and motivates them to turn out to the polls, '
            'whether it\'s to vote for him or against him," Taylor said.')
    [quote] = find_quotes(text)
    assert quote.text.startswith("There's no question") and quote.text.endswith("or against him")
    assert (quote.start, quote.speaker, quote.cue, quote.paragraph) == (1, "Taylor", "said", 0)
    assert text[quote.end] == ","


def test_split_quote_with_inverted_cue_is_one_item() -> None:
    text = ("“One of the things I am surprised about is apparently how much the health issue has affected this race, "
            "or seems to be affecting it,” said Caddell. “Yesterday, there were two polls. Morning Consult and "
            "Rasmussen had very similar numbers.”")
    [quote] = find_quotes(text)
    assert (quote.start, quote.end) == (1, len(text) - 1)
    assert quote.speaker == "Caddell" and quote.cue == "said"
    assert "said Caddell" not in quote.text and quote.text.endswith("very similar numbers.")


def test_speaker_before_the_quote_with_role_in_apposition() -> None:
    text = ("“As we have said previously, we plan to compete hard in the remaining primary states, particularly "
            "California, while turning our attention to the threat a Donald Trump presidency poses,” Jennifer "
            "Palmieri, the Clinton campaign’s communications director, said in a statement.")
    [quote] = find_quotes(text)
    assert quote.speaker == "Jennifer Palmieri"  # Donald Trump is named inside the quotation
    assert quote.role == "the Clinton campaign’s communications director"
    assert quote.cue == "said in a statement"


def test_cue_before_the_quote_with_colon_and_title() -> None:
    text = ("So far, Sanders has shown little inclination to play a big role on that front. But Sen. Richard J. "
            "Durbin (D-Ill.), noting the size of Sanders's following, said, \"Let me tell you, he's got a heck of an "
            "email list.\"\n\nHe added: “There is nothing, nothing, nothing that we cannot accomplish.”")
    first, second = find_quotes(text)
    assert first.text == "Let me tell you, he's got a heck of an email list."
    assert first.speaker == "Richard J. Durbin" and first.speaker_mention == "Sen. Richard J. Durbin"
    assert (second.speaker, second.speaker_mention, second.cue, second.paragraph) == \
        ("Richard J. Durbin", "He", "added", 1)


def test_doubled_apostrophes_split_quote() -> None:
    # The NYT feed in PolNeAR writes quotation marks as two apostrophes.
    text = ("''The political message is that after decades of shrinking, we want to grow,'' Mr. Wiegold said. "
            "''But how that translates practically, nobody knows.''")
    [quote] = find_quotes(text)
    assert quote.speaker == "Wiegold" and quote.speaker_mention == "Mr. Wiegold"
    assert quote.start == 2 and text[quote.end:] == "''"


def test_quotation_introduced_by_the_paragraph_before() -> None:
    text = ("Caddell continued:\n\n"
            "\"The health issue overall is very much a partisan issue, but that doesn’t account for almost the same "
            "numbers here.\"")
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.cue, quote.paragraph) == ("Caddell", "continued", 1)


def test_according_to() -> None:
    text = ("According to the Daily Caller, “Labott also coordinated with Reines to post a favorable quote from "
            "Clinton’s testimony, which she gave just a week before she left office.”")
    [quote] = find_quotes(text)
    assert quote.speaker_mention == "the Daily Caller" and quote.cue == "According to"


def test_content_span_takes_in_the_writers_words() -> None:
    """PolNeAR's quotation is the attribution's content, over half of it quoted: here the quoted words are the
    predicate and the writer's subject is part of the content (a real sentence of PolNeAR train)."""
    text = "Sanders said on Twitter Thursday that the comment by Dr. Paul Song “was inappropriate and insensitive.”"
    [quote] = find_quotes(text)
    assert quote.text == "was inappropriate and insensitive." and not quote.partial
    assert text[quote.start:quote.end] == quote.text
    assert text[quote.content_start:quote.content_end] == \
        "that the comment by Dr. Paul Song “was inappropriate and insensitive.”"


def test_content_span_ends_before_an_adjunct_clause() -> None:
    text = "He insisted Curiel had “an inherent conflict of interest” in the case despite being American."
    [quote] = find_quotes(text)
    assert quote.text == "an inherent conflict of interest"
    content = text[quote.content_start:quote.content_end]
    assert content == "Curiel had “an inherent conflict of interest” in the case"


def test_content_span_takes_in_words_before_an_attribution_set_off_by_commas() -> None:
    text = "The streets were deserted, he added, ''but people need to connect somehow.''"
    [quote] = find_quotes(text)
    assert quote.text == "but people need to connect somehow." and quote.speaker_mention == "he"
    assert text[quote.content_start:quote.content_end] == text
    adverb = "Still, she added, “we also can’t ignore significant changes to the energy landscape.”"
    [quote] = find_quotes(adverb)
    assert quote.content_start is None  # "Still" is the writer's adverb, not part of what she said


def test_relative_clause_naming_a_quotation_is_full_from_the_relative_word() -> None:
    text = ("DeSantis said he has supported legislation that would target the power of regional accreditation "
            "bodies, which he called “a cartel for higher education.”")
    [quote] = find_quotes(text)
    assert quote.text == "a cartel for higher education." and not quote.partial and quote.speaker_mention == "he"
    assert text[quote.content_start:quote.content_end] == "which he called “a cartel for higher education.”"
    text = "In 2009, under what Mr. Hedge called ''the prior economy model,'' the Marsh Landing Country Club grew."
    [quote] = find_quotes(text)
    assert not quote.partial and quote.text == "the prior economy model"
    assert text[quote.content_start:quote.content_end] == "what Mr. Hedge called ''the prior economy model,''"


def test_relative_clause_with_as_a_before_the_quotation() -> None:
    text = ("But both gun-selling websites yanked the listing before bidding was to begin on what Zimmerman "
            "described as a \"piece of history.\"")
    [quote] = find_quotes(text)
    assert quote.text == "piece of history." and not quote.partial and quote.speaker == "Zimmerman"
    assert text[quote.content_start:quote.content_end] == 'what Zimmerman described as a "piece of history."'


def test_title_followed_by_a_relative_clause_and_a_quoted_label_are_not_quotations() -> None:
    text = ("''I also wanted to make clear to the reader the good that banks do as well as the bad,'' she said.\n\n"
            "''Opening Belle,'' which will be in bookstores on Tuesday, is a twist on a subgenre of contemporary "
            "fiction.\n\n\"Related:\"\n\nGOP Candidates Resoundingly Reject The Idea Of A Minimum Wage Hike.")
    quotes = find_quotes(text)
    assert [quote.text for quote in quotes if not quote.partial] == \
        ["I also wanted to make clear to the reader the good that banks do as well as the bad"]
    assert all("Opening Belle" not in quote.text and "Related" not in quote.text for quote in quotes)


def test_content_span_is_none_for_a_quoted_sentence() -> None:
    [quote] = find_quotes("“We will win this state,” Sanders said.")
    assert quote.content_start is None and quote.content_end is None


def test_organisation_speaker() -> None:
    text = ("“Counties outside the region should stick to their promises and not make thoughtless remarks about "
            "issues of territorial sovereignty,” the ministry said in a statement.")
    [quote] = find_quotes(text)
    assert quote.speaker == "the ministry" and quote.speaker_mention == "the ministry"


def test_she_resolves_to_the_woman_not_the_last_name() -> None:
    text = ("Donald Trump was attacked on Monday by Hillary Clinton, who said she would not debate him.\n\n"
            "“This is your campaign and it is a campaign to break down every barrier that holds you back,” she said.")
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.speaker_mention, quote.paragraph) == ("Hillary Clinton", "she", 1)


def test_short_name_becomes_the_fullest_form() -> None:
    text = ("Longtime Democratic pollster Pat Caddell spoke to Breitbart News Daily on Thursday.\n\n"
            "“This is in their heads. This is in their consciousness,” said Caddell, speaking of Clinton’s health.")
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.speaker_mention) == ("Pat Caddell", "Caddell")


def test_partial_quote_that_carries_the_content_is_scored_full() -> None:
    text = "Melania Trump tells Trump supporters that “he loves you.” She says they are going ahead to Nevada."
    [quote] = find_quotes(text)
    assert quote.text == "he loves you." and not quote.partial
    assert quote.speaker == "Melania Trump"


@pytest.mark.parametrize("text, expected", [
    # Guillemets (written in the register of the sentences above).
    ("«We have a plan for Europe and we will carry it out,» said Emmanuel Macron, the French president.",
     ("We have a plan for Europe and we will carry it out", "Emmanuel Macron", "the French president")),
    # „German“ pairs.
    ("„We will manage this,“ Chancellor Angela Merkel told reporters in Berlin.",
     ("We will manage this", "Angela Merkel", "Chancellor")),
    # British single marks, curly and straight.
    ("‘We are not going to back down on this,’ said the prime minister.",
     ("We are not going to back down on this", "the prime minister", None)),
    ("'It is a matter for the police now,' a spokesman for the council said.",
     ("It is a matter for the police now", "a spokesman for the council", None)),
])
def test_quote_mark_conventions(text: str, expected: tuple) -> None:
    [quote] = find_quotes(text)
    assert (quote.text, quote.speaker, quote.role) == expected
    assert_offsets(text, quote)


def test_apostrophes_are_not_quote_marks() -> None:
    text = "Sok’s lawyer said the players’ union was ’90s-style rock ’n’ roll, and it's not news."
    assert find_quotes(text) == []


def test_public_find_quotes_and_markdown() -> None:
    assert dateline.find_quotes is find_quotes
    article = dateline.Article(body=(dateline.Block("paragraph", "“It was quick because the risk was serious,” "
                                                   "Council of Ministers spokesman Phay Siphan said."),))
    article = article.__class__(body=article.body, quotes=tuple(find_quotes(article.text)))
    from dateline.writers.markdown import to_markdown

    markdown = to_markdown(article)
    assert "## Who said what" in markdown
    assert "**Phay Siphan** (Council of Ministers spokesman)" in markdown
    assert "“It was quick because the risk was serious”" in markdown


def test_colon_introduction_takes_the_sentence_subject() -> None:
    text = ("When Trump suggested that Cuba would sue the U.S. for reneging on the deal, Rubio fired back forcefully: "
            "“If they sue us in a court in Miami, they’re going to lose.”")
    [quote] = find_quotes(text)
    assert quote.speaker == "Rubio" and quote.text.startswith("If they sue us")


def test_participle_cue_takes_the_subject_not_a_leading_adverbial() -> None:
    text = ("Back in 1999, Mr. Trump expressed admiration for Mr. Clinton's retail political skills, telling CNBC: "
            "''I wish I could be like that. I just can't.''")
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.speaker_mention, quote.cue) == ("Trump", "Mr. Trump", "telling")


def test_name_in_apposition_after_a_description() -> None:
    text = ("\"Is President Obama going to finally mention the words radical Islamic terrorism?\" the presumptive GOP "
            "presidential nominee, Donald Trump, tweeted Sunday.")
    [quote] = find_quotes(text)
    assert quote.speaker == "Donald Trump"  # not Obama, who is named inside the quotation
    assert quote.role == "the presumptive GOP presidential nominee" and quote.cue == "tweeted"


def test_inverted_attribution_closing_a_run_on_sentence() -> None:
    text = ("''To see the number of cases that could change with this appointee is stunning,'' since so many of the "
            "most important cases were decided by 5-to-4 votes, said Lee Epstein, who teaches constitutional law.")
    [quote] = find_quotes(text)
    assert quote.speaker == "Lee Epstein" and quote.cue == "said"


def test_headline_and_title_quotes_are_not_quotations() -> None:
    text = ("Gillibrand on Hillary Releasing Her Goldman Sachs Speech Transcripts: ‘I Think She Will.’\n\n"
            "Hemsley, the co-author of \"Going Viral,\" about the rapid spread of information, said the days of a "
            "unifying story are gone.")
    assert [q for q in find_quotes(text) if not q.partial] == []


@pytest.mark.parametrize("text, speaker, cue", [
    ("«Nous ne céderons rien face à la menace terroriste», a déclaré Emmanuel Macron.", "Emmanuel Macron",
     "a déclaré"),
    ("„Wir schaffen das“, sagte Angela Merkel am Montag in Berlin.", "Angela Merkel", "sagte"),
    ("\"Es un día histórico para el país\", dijo el presidente.", "el presidente", "dijo"),
])
def test_other_languages_marks_and_commonest_cues(text: str, speaker: str, cue: str) -> None:
    # Written for this test in the register of French, German and Spanish wire copy.
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.cue) == (speaker, cue)


def test_extract_fills_quotes_with_offsets_into_article_text() -> None:
    html = (EXAMPLES / "thehill-meth-campaign.html").read_bytes()
    article = dateline.extract(html, url="https://thehill.com/homenews/state-watch/471206")
    noem = [q for q in article.quotes if q.speaker == "Kristi Noem" and q.cue == "tweeted"]
    assert noem and noem[0].text.startswith("Meth is IN SD.")
    for quote in article.quotes:
        if len(quote.text.split()) > 3 and "\n" not in article.text[quote.start:quote.end]:
            assert article.text[quote.start:quote.end].rstrip(",") == quote.text
    assert article.to_dict()["quotes"][0]["cue"] == "tweeted"
    off = dateline.extract(html, url="https://thehill.com/x", options=dateline.Options(quotes=False))
    assert off.quotes == ()


@pytest.mark.parametrize("text", ["", "\"", "“", "''", "He said: “", "« »", "“”\n\n„“"])
def test_degenerate_text_gives_no_quotations(text: str) -> None:
    assert find_quotes(text) == []


def test_role_in_apposition_after_an_inverted_cue() -> None:
    text = ("“She has two opportunities now to set expectations for a rate hike in December,” said Megan Greene, chief "
            "economist at Manulife. “And Fed members have been tripping all over themselves to say they would like to "
            "normalize policy.”")
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.role, quote.cue) == ("Megan Greene", "chief economist at Manulife", "said")
    assert quote.text.startswith("She has two opportunities") and "in December, And Fed members" in quote.text


# -- cost bounds ----------------------------------------------------------------------------------------------------

QUOTED_LINE = "“We will not accept this result,” said Maria Lopez, the county clerk."


def _listing(paragraphs: int) -> str:
    """A long page with no quotation: short paragraphs, as a flattened site dump or a listing page gives."""
    return "\n\n".join(f"Item {k}: the county listing for parcel {k}, nothing quoted here." for k in range(paragraphs))


def _peak_bytes(text: str) -> tuple[list[Quote], int]:
    tracemalloc.start()
    try:
        found = find_quotes(text)
        return found, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_long_text_without_quotes_costs_little_memory() -> None:
    text = _listing(200_000)  # 13 MB of text; tokenised whole it took gigabytes
    found, peak = _peak_bytes(text)
    assert found == []
    assert peak < 4_000_000


def test_one_quote_among_many_paragraphs_tokenises_only_its_neighbourhood() -> None:
    filler = _listing(200_000)
    cut = filler.index("\n\n", 400_000)
    found, peak = _peak_bytes(filler[:cut] + "\n\n" + QUOTED_LINE + filler[cut:])
    assert [(quote.speaker, quote.text) for quote in found] == [("Maria Lopez", "We will not accept this result")]
    assert peak < 16_000_000  # every line of the first megabyte tokenised would take over 40 MB


def test_quotation_past_the_text_cap_is_not_read() -> None:
    filler = _listing(200_000)
    assert len(filler) > MAX_QUOTE_TEXT_CHARS
    assert find_quotes(filler + "\n\n" + QUOTED_LINE) == []  # documented: the stage reads the first megabyte
    inside = filler[:filler.index("\n\n", MAX_QUOTE_TEXT_CHARS - 20_000)] + "\n\n" + QUOTED_LINE
    [quote] = find_quotes(inside)  # the same quotation just before the cap is read
    assert quote.speaker == "Maria Lopez" and inside[quote.start:quote.end] == "We will not accept this result"


# -- PolNeAR conventions (train split) -------------------------------------------------------------------------------

def test_quote_only_paragraph_after_an_attributed_quotation_continues_it() -> None:
    text = ("“Ted Cruz is the best conservative candidate since Ronald Reagan,” Viguerie tells Breitbart News in an "
            "exclusive interview.\n\n“He’s what we’ve waited for ever since Reagan. He checks all our boxes.”\n\n"
            "Viguerie is a pioneer of direct mail.")
    [quote] = find_quotes(text)
    assert quote.text.endswith("He checks all our boxes.") and text[quote.start:quote.end].count("\n\n") == 1
    assert (quote.speaker, quote.cue, quote.paragraph) == ("Viguerie", "tells", 0)


def test_part_led_in_by_its_own_cue_is_a_quotation_of_its_own() -> None:
    text = ("“I don’t want a fractured convention, we want this thing to bed early,” he said, adding, “We don’t want "
            "to be in Cleveland fighting for a nomination that’s already been decided.”")
    first, second = find_quotes(text)
    assert first.text.endswith("to bed early") and second.text.startswith("We don’t want to be in Cleveland")
    assert (first.speaker_mention, first.cue) == ("he", "said")
    assert (second.speaker_mention, second.cue) == ("he", "adding")


def test_relative_pronoun_is_the_mention_and_its_antecedent_the_speaker() -> None:
    text = ("“Donald Trump is a dictator in the making,” said Beck, who said there were “too many disturbing things "
            "for me to dismiss.”")
    first, second = find_quotes(text)
    assert (first.speaker, first.speaker_mention) == ("Beck", "Beck")
    assert (second.speaker, second.speaker_mention, second.cue) == ("Beck", "who", "said")


@pytest.mark.parametrize("text, speaker, mention, role", [
    ("“There’s just a passion for Donald, and his wife knocked it out of the park,” said Robert Antonacci of the "
     "New York delegation.", "Robert Antonacci", "Robert Antonacci", "of the New York delegation"),
    ("“If the Saudis did not participate [in the Sept. 11 attacks], they have nothing to worry about,” Sen. Chuck "
     "Schumer (D-N.Y.) said Tuesday.", "Chuck Schumer", "Sen. Chuck Schumer", "Sen."),
])
def test_speaker_with_a_role_after_the_name_or_a_party_in_brackets(text: str, speaker: str, mention: str,
                                                                    role: str) -> None:
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.speaker_mention, quote.role) == (speaker, mention, role)


def test_quotation_signed_on_the_line_after_it() -> None:
    text = ("Other news organizations have asked for copies as well.\n\n"
            "\"I went to Wall Street before the crash. I was the one saying you're going to wreck the economy.\"\n\n"
            "- Clinton.\n\n"
            "Clinton tends to overstate the significance of her visit to Wall Street some months before the crash.")
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.speaker_mention, quote.cue) == ("Clinton", "Clinton", "-")


def test_quotation_signed_on_its_own_line_after_a_dash() -> None:
    # A quote card (PolNeAR dev, HuffPost): each quotation signed on its line with a dash and the name.
    text = ("“During the debate Trump said Hispanics live in hell. He is ignorant of our culture and lives.”― "
            "Pamela Padilla \n“Maybe, we can build a wall around Donald Trump.” ― Steve Quinlan\n"
            "“The Donald has woken communities of color from our slumber.” ― Julie A. Diaz Martinez.")
    quotes = find_quotes(text)
    assert [(quote.speaker, quote.cue) for quote in quotes] == [
        ("Pamela Padilla", "―"), ("Steve Quinlan", "―"), ("Julie A. Diaz Martinez", "―")]


def test_dash_after_a_quotation_leading_into_narration_is_no_signature() -> None:
    text = ("\"Why are we going to keep giving them so much ammunition?\" - Democrats in Iowa who watched the "
            "Saturday debate said they were unimpressed.")
    # not signed by "Democrats…": a quoted paragraph no one is found to have said is no one's quotation
    assert find_quotes(text) == []


def test_transcript_quoted_turn_by_turn() -> None:
    # A TV transcript quoted paragraph by paragraph (PolNeAR dev, Breitbart): each turn is its speaker's quotation,
    # a turn may run over paragraphs, and a stage direction is no one's words.
    text = ("Partial transcript as follows:\n\n"
            "\"WALLACE: Do you really see those two as equivalent, Mark Cuban and Gennifer Flowers?\n\n"
            "\"PENCE: Well, look, you know, Mark Cuban has been out there saying some pretty tough stuff about my "
            "running mate.\n\n"
            "\"But the truth is that Donald Trump has a unique way of communicating to the American people.\n\n"
            "\"(CROSSTALK.)\n\n"
            "\"WALLACE: Governor, I don’t want to interrupt, but I want to try to get —.\n\n"
            "\"PENCE: And that’s why Donald Trump is on his way to the White House.\"")
    quotes = find_quotes(text)
    assert [(quote.speaker_mention, quote.cue, quote.text[:24]) for quote in quotes] == [
        ("WALLACE", ":", "Do you really see those "), ("PENCE", ":", "Well, look, you know, Ma"),
        ("WALLACE", ":", "Governor, I don’t want t"), ("PENCE", ":", "And that’s why Donald Tr")]
    assert quotes[1].text.endswith("communicating to the American people.")
    assert text[quotes[0].start:quotes[0].end].startswith("Do you really")


def test_participle_of_saying_a_few_words_before_the_next_part_starts_a_quotation() -> None:
    text = ("''We've started all those conversations,'' Mr. Manafort said, adding of Mr. Trump, ''He cares about the "
            "united team.''")
    quotes = find_quotes(text)
    assert [quote.text for quote in quotes] == ["We've started all those conversations",
                                                "He cares about the united team."]
    # a participle ending its clause with a full stop leads into nothing: one quotation
    text = ("\"Just for the record, I have won 10 [states]. He has won three or four,\" Trump said, referring to Cruz. "
            "\"Last week, in fact, on Tuesday, I was a half a million votes higher than him.\"")
    [quote] = find_quotes(text)
    assert quote.text.endswith("higher than him.") and quote.speaker == "Trump"


def test_that_clause_running_into_the_next_part_starts_a_quotation() -> None:
    text = ("A 29-year-old Berlin woman, meanwhile, received five months' probation in July after she had posted "
            "comments on Facebook about an alleged rape of a German woman by an asylum seeker. \"Filth out!\" she "
            "wrote, arguing that if tougher measures against refugees were not deployed, \"more asylum seekers' homes "
            "will burn.\"")
    quotes = find_quotes(text)
    assert [(quote.text, quote.partial) for quote in quotes] == [
        ("Filth out!", False), ("more asylum seekers' homes will burn.", True)]
    # a that-clause ending with its full stop leads into nothing: one quotation
    text = ("\"You're down to the number of people you can count and meet,\" Buchanan said, noting that Manafort did "
            "not lose a single Ford delegate. \"If you're not tough, you will lose.\"")
    [quote] = find_quotes(text)
    assert quote.text.endswith("you will lose.") and quote.speaker == "Buchanan"


def test_phrase_between_the_subject_and_a_later_cue_is_partial() -> None:
    # the cue after the quoted phrase ("and said…") reports what follows it; the phrase is the writer's borrowing
    text = ("Now, she said, the Christians and Muslims don't mix much. \"We don't go over there, and they don't come "
            "over here,\" she said. She blamed the violence on a \"disturbed person,\" not on his religion, and said "
            "it was unnerving to wonder why he drove two hours north to Orlando.")
    quotes = find_quotes(text)
    assert [(quote.text, quote.partial) for quote in quotes] == [
        ("We don't go over there, and they don't come over here", False), ("disturbed person", True)]
    text = "Trump blamed the problem of mass shootings on \"sickos\" and suggested building institutions to house them."
    assert [quote.partial for quote in find_quotes(text)] == [True]


def test_quoted_paragraph_no_one_is_found_to_have_said_is_dropped() -> None:
    # a pull quote of the article itself, campaign slogans: PolNeAR train annotates 15 of 40 such spans
    text = ("They think the progress on climate change is real, and likely to beget more in the future.\n\n"
            "\"Lurking behind this argument about the future is a dispute that’s really about the past.\"\n\n"
            "“Lose safety? Lose work? No to Schengen” (2005) — “Free pass for all? No.” (2007) — “Yes to minaret ban” "
            "(2009). (SVP/Global Risk Insights.)")
    assert find_quotes(text) == []
    # introduced by the sentence before it, the same paragraph is a quotation
    text = ("Ms. Clinton said in Iowa:\n\n"
            "\"Lurking behind this argument about the future is a dispute that’s really about the past.\"")
    [quote] = find_quotes(text)
    assert quote.speaker == "Clinton" and quote.speaker_mention == "Ms. Clinton"


def test_unattributed_quoted_paragraph_is_kept_in_a_language_the_attribution_rules_do_not_read() -> None:
    # a Portuguese blog post (scrapinghub dev page): the stage reads few Portuguese attributions, so finding none
    # says nothing; the quotation stays, its speaker unknown
    text = ("Outra coisa interessante aqui: a abordagem fônica é algo comum para o americano. Você encontra uma "
            "variedade de materiais para pais que querem preparar seus filhos para a alfabetização a partir, por "
            "exemplo, dos 3 anos.\n\n"
            "“Mas 3 anos, Prof. Carlos? Não é muito cedo? As crianças precisam brincar. Onde já se viu inseri-las no "
            "universo das letras, dos sons, etc.”\n\n"
            "Pois bem, aqui nos Estados Unidos isso é muito comum, e acontece de forma lúdica.")
    [quote] = find_quotes(text)
    assert quote.text.startswith("Mas 3 anos, Prof. Carlos?") and quote.speaker is None and not quote.partial


def test_subhead_or_headline_in_single_marks_is_no_quotation_in_a_text_quoting_with_double_marks() -> None:
    text = ("''We don't have silver bullets,'' he said.\n\n"
            "''When I learned about the impact of trade agreements, the theory was that workers would be 'released' "
            "into the labor market and hired back at slightly lower salaries,'' Mr. Autor said. ''That's not what "
            "happened.''\n\n"
            "'Pretty cool working there.'\n\n"
            "On a rainy Thursday afternoon this month, a dozen Carrier workers gathered at Sully's Bar & Grill.")
    quotes = find_quotes(text)
    assert [quote.text[-25:] for quote in quotes] == ["don't have silver bullets", "That's not what happened."]
    assert quotes[1].speaker == "Autor"
    # a linked headline quoting someone, in the same text
    assert find_quotes(text + "\n\nReid: 'Never, ever, ever underestimate Trump.'") == quotes
    # the story's headline quoting a phrase in single marks (Politico, 2015-11-11, PolNeAR train)
    headlined = find_quotes("Clinton blasts Trump over 'deportation force' idea.\n\n" + text)
    assert [quote.text for quote in headlined] == [quote.text for quote in quotes]
    # British style, single marks for every quotation: the same paragraph is a quotation, even with a title in
    # double marks elsewhere in the text
    text = ("Mr Autor, who wrote \"The China Shock\", said of the Carrier plant:\n\n'Pretty cool working there.'\n\n"
            "He added: 'We don't have silver bullets.'")
    assert [(quote.text, quote.speaker_mention) for quote in find_quotes(text) if not quote.partial] == [
        ("Pretty cool working there.", "who"), ("We don't have silver bullets.", "He")]


def test_cue_noun_in_the_attribution_does_not_split_the_quotation() -> None:
    text = ("\"You’ve got a city council and a mayor working hand-in-hand,\" she said in her remarks. \"And if your "
            "governor would start doing his job instead of following Donald Trump around holding his coat, maybe we "
            "could really get New Jersey’s economy moving again.\"")
    [quote] = find_quotes(text)
    assert quote.text.startswith("You’ve got") and quote.text.endswith("moving again.") and quote.cue == "said"
    # a cue word after a possessive is a noun too (written in the register of a PolNeAR dev sentence)
    text = ("“He acknowledged an openness to working with Democrats or Republicans in Congress,” White House press "
            "secretary Josh Earnest said at a briefing Monday before Bill Clinton’s comments. “And we have seen a "
            "sustained commitment on the part of Republicans to trying to tear down that law.”")
    [quote] = find_quotes(text)
    assert quote.text.endswith("tear down that law.") and quote.speaker == "Josh Earnest"


def test_title_credited_to_its_author_is_no_quotation() -> None:
    text = ("\"Met accused of whitewashing baby Jesus,\" by Post's Kathianne Boniello: \"A Manhattan man is suing the "
            "Met, claiming it’s committing sacrilege by depicting Jesus as a blond.\" http://bit.ly/1N4Ghaw.\n\n"
            "SHORT READS:\n\n"
            "—\"'Flesh and Bone' star refused to get a breast reduction,\" by the New York Post's Amy Spencer "
            "http://nyp.st/1l7lvhq.\n\n"
            "—\"Posthumous books could come with a lot of dollar signs,\" by Boston Globe's Joseph P. Kahn: "
            "http://bit.ly/1ICP930.\n\n"
            "One of his recent reads, ''This Kind of War,'' by T.R. Fehrenbach, is about the Korean War.")
    # nor is the excerpt after the credit's colon: the digest quoting the article it links to
    assert find_quotes(text) == []


def test_quoted_paragraph_continues_a_quotation_attributed_between_its_parts() -> None:
    text = ("“CNN has done an awful job this election,” Barkley said. “They have followed ratings and sound bites this "
            "entire cycle. They’ve become like Fox News.”\n\n"
            "“And it’s become sad that our company has sold its soul for ratings.”")
    [quote] = find_quotes(text)
    assert quote.text.startswith("CNN has done") and quote.text.endswith("sold its soul for ratings.")
    assert (quote.speaker, quote.paragraph) == ("Barkley", 0)


def test_attribution_sentence_the_speaker_walk_does_not_read_still_joins_the_parts() -> None:
    text = ("“But that was the first time in a long time, senator,” CBS This Morning co-Anchor DeMarco Morgan said. "
            "“She doesn’t do it that often.”\n\n"
            "“They have to decide whether to feed themselves or their kids,” Fight for $15 organizing director Kendall "
            "Fells told Fox News 6 in Milwaukee. “They care about two things.”")
    quotes = find_quotes(text)
    assert [(quote.text, quote.speaker_mention, quote.cue) for quote in quotes] == [
        ("But that was the first time in a long time, senator, She doesn’t do it that often.",
         "CBS This Morning co-Anchor DeMarco Morgan", "said"),
        ("They have to decide whether to feed themselves or their kids, They care about two things.",
         "Fight for $15 organizing director Kendall Fells", "told")]


def test_attribution_after_the_quotation_that_the_speaker_walk_does_not_read() -> None:
    text = ("“Hi Americans! Donald Trump may become the President of your country!” a welcome message on the website "
            "reads. “If that happens, might I suggest moving to Cape Breton Island!”")
    [quote] = find_quotes(text)
    assert (quote.text.endswith("Cape Breton Island!"), quote.speaker_mention, quote.cue) == (
        True, "a welcome message on the website", "reads")
    text = ("''It may have been Freddy's first attempt to make his own statement to his father,'' said his best friend "
            "at Lehigh, Bruce Turry, who, like several other former fraternity brothers, remembered Freddy claiming "
            "that his father was Jewish.")
    [quote] = find_quotes(text)
    assert (quote.speaker_mention, quote.cue) == ("his best friend at Lehigh, Bruce Turry", "said")


def test_pronoun_does_not_resolve_to_a_place() -> None:
    text = ("The candidate also continued to refute a Politico story about his claim that he’d been offered a full "
            "scholarship to West Point.\n\n"
            "“If a recruiter or somebody who’s trying to get you to come there, was trying to get you to do that, "
            "those are the words that they would use,” he said.")
    [quote] = find_quotes("Ben Carson spoke on Sunday.\n\n" + text)
    assert (quote.speaker_mention, quote.speaker) == ("he", "Ben Carson")


def test_transcript_turns_in_guillemets_with_french_spacing() -> None:
    text = ("Extrait de l’entretien accordé par Jean-Luc Mélenchon :\n\n"
            "« MÉLENCHON : Nous allons gagner cette élection.\n\n"
            "« LE JOURNALISTE : Vous en êtes sûr ?\n\n"
            "« MÉLENCHON : Absolument. »")
    quotes = find_quotes(text)
    assert [(quote.speaker, quote.speaker_mention, quote.text) for quote in quotes] == [
        ("Jean-Luc Mélenchon", "MÉLENCHON", "Nous allons gagner cette élection."),
        ("Le Journaliste", "LE JOURNALISTE", "Vous en êtes sûr ?"),
        ("Jean-Luc Mélenchon", "MÉLENCHON", "Absolument.")]


def test_one_quoted_paragraph_opening_with_a_capital_label_is_no_transcript() -> None:
    text = ("The campaign wrote in an email with the subject line:\n\n"
            "“EXCLUSIVE: In memo to Congress, Saudis insist they’re fighting terror.”")
    [quote] = find_quotes(text)
    assert quote.text.startswith("EXCLUSIVE: In memo") and quote.speaker_mention != "EXCLUSIVE"


def test_name_set_off_by_commas_before_the_cue() -> None:
    text = ("Tuesday at Baldwin Wallace University in Berea, OH, after winning Ohio in the Republican presidential "
            "primary, Gov.\u00a0John Kasich (R-OH), said, “I’m getting ready to rent a covered wagon.”")
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.speaker_mention) == ("John Kasich", "Gov.\u00a0John Kasich")


def test_phrase_quoted_inside_the_attribution_does_not_split_the_quotation() -> None:
    text = ("''It's pretty cool working there,'' she said, describing how she carefully puts together ''tubular "
            "mixers,'' batches of rods that control the air flow in Carrier furnaces. ''And when you do it for 60 "
            "hours a week, people are like family.''")
    full = [quote for quote in find_quotes(text) if not quote.partial]
    assert len(full) == 1 and full[0].text.endswith("people are like family.")
    assert (full[0].speaker_mention, full[0].cue) == ("she", "said")


def test_name_labelling_a_quotation_before_a_colon() -> None:
    text = ("Pollsters agree - Carl Bialik: “One of the biggest lessons was a simple one: Keep on contacting voters "
            "as late as possible.”")
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.cue) == ("Carl Bialik", ":")


def test_a_place_after_a_preposition_is_not_the_speaker() -> None:
    text = ("Here in Columbia, Sanders stepped up his emphasis on criminal justice issues, saying, \"We have got to "
            "achieve the day when young black men can walk down the street without being harassed.\"")
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.cue) == ("Sanders", "saying")


@pytest.mark.timeout(60)  # a guard, not a timing: when each quotation re-read its whole line this took minutes
def test_thousands_of_quotations_in_one_line_without_full_stops() -> None:
    text = " ".join(f"and Smith{k % 50} said the plan was “a real change for everyone here”" for k in range(3000))
    found = find_quotes(text)
    assert len(found) == 3000
    assert [quote.speaker for quote in found[:3]] == ["Smith0", "Smith1", "Smith2"]
    assert all(text[quote.start:quote.end] == "a real change for everyone here" for quote in found)


def test_blanks_after_the_opening_mark_are_not_in_the_offsets() -> None:
    """Fuzz regression: the quote text is stripped, so its start must skip the blanks after the mark too."""
    text = '"   We will win this election," said Ann Lee.'
    (quote,) = find_quotes(text)
    assert quote.text == "We will win this election"
    assert text[quote.start:quote.end] == quote.text


def test_apposition_with_commas_and_abbreviations_of_its_own() -> None:
    text = ("\"Both Donald Trump and (Texas Sen.) Ted Cruz scare me,\" Harry Bond, 30, of Raleigh, N.C., who was among "
            "those polled, said in a follow-up interview. \"We need people who will bring people together rather than "
            "further alienate everyone.\"")
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.speaker_mention, quote.cue) == ("Harry Bond", "Harry Bond", "said")
    assert quote.text.endswith("further alienate everyone.")  # the attribution between the parts joins them


def test_attribution_opening_a_sentence_leads_into_the_next_part() -> None:
    text = ("Brafman said, “The zeal with which this case was brought is uncharacteristic of any case that we have found.” He added, "
            "“In this case things happened in this prosecution that are not ordinary.”")
    first, second = find_quotes(text)
    assert first.text.endswith("that we have found.") and second.text.startswith("In this case")
    assert (second.speaker_mention, second.cue) == ("He", "added")


def test_title_opening_a_sentence_and_used_as_a_word_is_no_quotation() -> None:
    text = ("“Orange is the New Black” star Dascha Polanco opened up about her body-related insecurities.\n\n"
            "''The Big Short'' was nominated for a best picture Oscar.\n\n"
            "“Absolutely,” he said when asked by a reporter if there would be a contested convention.")
    [quote] = [quote for quote in find_quotes(text) if not quote.partial]
    assert (quote.text, quote.speaker_mention) == ("Absolutely", "he")


@pytest.mark.parametrize("text, mention, cue", [
    ("“The marketplace hasn’t failed the white working class,” he mocks. “The white working class has failed "
     "capitalism.”", "he", "mocks"),
    ("\"Today, the kingdom is one of the leading nations in combating terrorism,\" the Saudis state in the white paper, "
     "which was being shared with lawmakers on Thursday. \"Saudi Arabia shares the same terrorist enemies as the "
     "United States.\"", "the Saudis", "state"),
    ("\"We're going to start chipping away at the secretary's delegate lead,\" added his campaign manager Jeff Weaver, "
     "speaking to CNN after the senator spoke. \"We have a path to victory.\"", "his campaign manager Jeff Weaver",
     "added"),
])
def test_present_tense_and_possessive_attributions_join_the_parts(text: str, mention: str, cue: str) -> None:
    [quote] = find_quotes(text)
    assert (quote.speaker_mention, quote.cue) == (mention, cue)
    assert quote.start == text.index(quote.text[:10]) and text[quote.end:].strip(" .\"”") == ""


def test_inverted_cue_before_a_content_clause_names_no_speaker() -> None:
    text = "Smith was optimistic. He said the president would win “by a landslide, no doubt about it.”"
    [quote] = find_quotes(text)
    assert quote.speaker_mention == "He"


@pytest.mark.parametrize("gap, speaker, mention", [
    ("another\u00a0friend, Mariam Emara told CNN.", "Mariam Emara", "another\u00a0friend, Mariam Emara"),
    ("Edward-Isaac Dovere and Gabriel Debenedetti wrote.", "Gabriel Debenedetti",
     "Edward-Isaac Dovere and Gabriel Debenedetti"),
])
def test_speaker_led_by_a_description_or_a_second_name(gap: str, speaker: str, mention: str) -> None:
    text = f"“She is also a mother for three young boys,” {gap} “She was very helpful and supportive to everyone.”"
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.speaker_mention) == (speaker, mention)
    assert quote.text.endswith("supportive to everyone.")


def test_quotation_ending_its_sentence_after_a_verb_not_of_saying() -> None:
    text = ("Dr. Muhammad Babar pondered who, without Ali, might “testify for our innocence in this season of witch "
            "hunting.”\n\nAt one point the crowd reprised the caustic chant “Lock her up!”")
    [quote] = [quote for quote in find_quotes(text) if not quote.partial]
    assert quote.text.startswith("testify for our innocence")
    assert (quote.speaker, quote.speaker_mention) == ("Muhammad Babar", "Dr. Muhammad Babar")


def test_parts_separated_by_an_ellipsis_are_one_quotation() -> None:
    text = ("Republicans asked: \"Is it time for your strategy to change?\" . . . \"Have you underestimated their "
            "abilities?\" . . . \"Do you think you really understand this enemy?\"")
    [quote] = find_quotes(text)
    assert quote.text.startswith("Is it time") and quote.text.endswith("really understand this enemy?")


def test_single_marked_headline_with_no_one_speaking_is_no_quotation() -> None:
    text = ("'Carson is cratering' while Trump rises on tough talk\n\n"
            "‘We will not be bullied,’ the minister said on Monday.")
    [quote] = find_quotes(text)
    assert (quote.text, quote.speaker) == ("We will not be bullied", "the minister")


def test_inverted_attribution_with_a_verb_not_on_the_list() -> None:
    text = ("\"An awful lot of analysts said, 'No, don't do this,' and she took it upon herself to prove them wrong,\" "
            "remembered Roy Verley, HP's former chief corporate spokesman.")
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.cue, quote.role) == ("Roy Verley", "remembered", "HP's former chief corporate spokesman")


def test_doubled_apostrophe_quotation_opens_a_new_sentence() -> None:
    text = ("He has called China ''provocative and expansionist,'' accusing it of ''clearly militarizing'' the disputed "
            "waters of the Western Pacific. ''You'd have to believe in a flat earth to think otherwise,'' he said in "
            "one appearance before Congress.")
    full = [quote for quote in find_quotes(text) if not quote.partial]
    assert full[-1].text == "You'd have to believe in a flat earth to think otherwise"
    assert (full[-1].speaker_mention, full[-1].cue) == ("he", "said")


def test_given_name_that_is_also_a_boundary_word() -> None:
    text = ("\"When you have less than 20 percent in your polling with Hispanics, how much worse could it get?\" said "
            "Florida-based Republican strategist Al Cardenas, referring to Trump. \"It's not so much that Donald Trump "
            "is doing better with Latino voters.\"")
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.role) == ("Al Cardenas", "Florida-based Republican strategist")


def test_clause_without_a_verb_of_saying_leading_in_with_a_comma() -> None:
    text = ("“He’s fun, he’s an interesting guy,” the host said.\n\n"
            "But Joe Scarborough wanted to know, “How surprised are you that we woke up after Nevada?”")
    second = find_quotes(text)[-1]
    assert (second.speaker, second.speaker_mention, second.cue) == ("Joe Scarborough", "Joe Scarborough", "know")


def test_as_someone_puts_it() -> None:
    text = "As The Post's Dana Milbank puts it, \"Senate Republicans are unmoved, and liberal activists are uninspired.\""
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.speaker_mention, quote.role, quote.cue) == \
        ("Dana Milbank", "The Post's Dana Milbank", "The Post's", "puts it")


def test_conjunction_after_the_attribution_leads_into_the_second_part() -> None:
    # USA Today, 2016-03-22, and Politico, 2016-05-12 (PolNeAR train): each pair is one annotated quotation
    text = ('"This deal must come with vigorous enforcement," she said, and "clear consequences for any '
            'violations."\n\n“I don’t think it’s do or die, any endorsement in particular,” he said outside the '
            'building. But “Donald Trump’s candidacy is strengthened with an endorsement from the most powerful '
            'person.”')
    quotes = [quote for quote in find_quotes(text) if not quote.partial]
    assert [(quote.text, quote.speaker_mention) for quote in quotes] == [
        ("This deal must come with vigorous enforcement, clear consequences for any violations.", "she"),
        ("I don’t think it’s do or die, any endorsement in particular, Donald Trump’s candidacy is strengthened "
         "with an endorsement from the most powerful person.", "he")]
    # the attribution may run on over a long adjunct, in one clause (written in the register of a dev sentence)
    [long] = [quote for quote in find_quotes("Oz is “smart as hell,” Steve Mosko wrote in an email to the NFL "
                                             "Network’s Rich Eisen, and “full of s---.”") if not quote.partial]
    assert (long.text, long.speaker) == ("smart as hell, full of s---.", "Steve Mosko")
    # an attribution with a clause of its own after it is not joined
    apart = find_quotes('"You would not have had Bundy Ranch if not for Santilli," says J.J. MacNab, an expert on '
                        'militias, and "by 2014 the movement was ready."')
    assert [quote.text for quote in apart if not quote.partial][:1] == \
        ["You would not have had Bundy Ranch if not for Santilli"]


def test_contracted_pronoun_is_the_subject_of_a_participle_cue() -> None:
    # PolNeAR dev (AP's "The Latest", 2016-09-30): "He’s" is the pronoun with its clitic, not a name
    text = ("Donald Trump is urging his supporters to watch polling places.\n\n"
            "He’s claiming that voting fraud is “a big, big problem in this country” but “nobody has the guts to talk "
            "about it.”")
    [quote] = find_quotes(text)
    assert (quote.speaker_mention, quote.speaker, quote.cue) == ("He", "Donald Trump", "claiming")
    assert not quote.partial and quote.text.startswith("a big, big problem")


def test_quoted_sentence_with_lower_case_short_words_is_no_title() -> None:
    # Washington Post, 2016-07-22 (PolNeAR train): "Lock her up!" is a chant, not a title as "Orange is the New
    # Black" is: a title leaves only its articles, conjunctions and short prepositions in lower case
    text = ('As Trump attacked Clinton, the attendees chanted, "Lock her up!" as they had for previous speakers.')
    [quote] = find_quotes(text)
    assert (quote.text, quote.speaker, quote.cue, quote.partial) == ("Lock her up!", "the attendees", "chanted", False)
    titled = find_quotes("“Orange is the New Black” star Dascha Polanco opened up about her insecurities, she said.")
    assert not [quote for quote in titled if not quote.partial]


def test_part_closed_inside_the_writers_sentence_is_settled_in_it() -> None:
    # Washington Post, 2016-02-10 (PolNeAR train): the second part runs on into the writer's words and a cue of its
    # own; it is "the memo"'s content, writer's words included, not more of Mook's quotation
    text = ('"Attention will inevitably focus on the next two of the \'early four\' states: Nevada and South '
            'Carolina," Clinton campaign manager Robby Mook wrote. "We\'ve built first-rate organizations in each '
            'state and we feel very good about our prospects for success" there and in states that vote in March, '
            'the memo stated.')
    first, second = find_quotes(text)
    assert first.text.endswith("Nevada and South Carolina") and first.speaker == "Robby Mook"
    assert second.text.startswith("We've built") and second.speaker_mention == "the memo" and not second.partial
    assert text[second.content_start:second.content_end].endswith('success" there')  # cut at "and", a new clause


def test_quoted_sentence_set_off_by_dashes_is_full() -> None:
    # New York Times, 2016-08-17 and 2015-11-16 (PolNeAR train): an aside between dashes quotes a whole sentence
    text = ("Mr. Biden suggested Mr. Trump had demonstrated a fondness for brutal leaders like Saddam Hussein - "
            "''He would have loved Stalin,'' Mr. Biden said twice - and that he would be a danger to the country.\n\n"
            "Jack Dorsey, Twitter's chief executive, posted just two words on his social network - ''So terrible'' - "
            "with a link to one of the news reports.")
    quotes = find_quotes(text)
    assert [(quote.text, quote.speaker, quote.partial) for quote in quotes] == [
        ("He would have loved Stalin", "Biden", False), ("So terrible", "Jack Dorsey", False)]
    assert quotes[0].content_start is None  # the quoted sentence is the content, not the writer's words before it


def test_one_word_reply_after_a_verb_of_saying_is_no_title() -> None:
    # Washington Post, 2016-07-20 (PolNeAR train)
    text = ('Asked whether he would fire a speechwriter under these circumstances, Priebus said, "Probably."\n\n'
            'The host told ABC\'s "Good Morning America."')
    quotes = find_quotes(text)
    assert [(quote.text, quote.speaker, quote.partial) for quote in quotes] == [("Probably.", "Priebus", False)]


def test_abbreviated_title_ends_no_sentence() -> None:
    # Washington Post, 2016-09-08 (PolNeAR dev): "Del." (a state delegate) before the name is a title like "Sen.",
    # not a full stop: the attribution between the parts is one sentence and joins them
    text = ('"This is a big year for our potential United States senator, Bobby Scott!" Scott\'s niece, state Del. '
            'Marcia "Cia" Price (D-Newport News), shouted to the crowd. "The nation is watching Virginia. ... We have '
            'to show that we have his back."\n\n'
            'Sens. Ted Cruz and Marco Rubio both voted against it. "It is a bad bill," Cruz said.')
    first, second = find_quotes(text)
    assert first.text.startswith("This is a big year") and first.text.endswith("we have his back.")
    assert (first.speaker, first.role, first.cue) == ('Marcia "Cia" Price', "state Del.", "shouted")
    assert (second.speaker, second.speaker_mention) == ("Ted Cruz", "Cruz")  # "Sens." is no part of the name


def test_excerpt_after_a_credited_title_is_no_quotation() -> None:
    # Politico, 2015-12-11 (PolNeAR train): a newsletter quotes the story it links to after its credited headline
    text = ('FAREWELL—"The Living Room to close at the end of December," by Times\' Ben Sisario: "The Living Room, a '
            'no-frills nightclub that gave an early start to Norah Jones and the Lumineers, will close at the end of '
            'December, its owners announced on Tuesday." http://nyti.ms/1U0Xvbm.\n\n'
            '"We will miss it," Steve Rosenthal said: "It was our home."')
    quotes = find_quotes(text)
    assert [(quote.text, quote.speaker) for quote in quotes] == [
        ("We will miss it, It was our home.", "Steve Rosenthal")]


def test_narration_sentence_leading_in_with_a_colon_starts_a_new_quotation() -> None:
    # USA Today, 2016-07-29 and HuffPost, 2016-04-22 (PolNeAR train): after the attribution, a sentence of the
    # writer's own introduces the next part with a colon: a quotation of its own, of that sentence's subject (after
    # an opening phrase such as "In a Fox interview later that day,")
    text = ('Ohio Gov. John Kasich could "do some kind of executive order or something -- I don\'t care if it\'s '
            'constitutional at this point," said Stephen Loomis, president of the Cleveland Police Patrolmen\'s '
            'Association. Kasich resisted:  "Ohio governors do not have the power to arbitrarily suspend federal and '
            'state constitutional rights or state laws."\n\n'
            '“I certainly don’t think that he would be considered by anybody as a vice president,” Trump said in an '
            'MSNBC interview. In a Fox interview later that day, Trump went even further: “If he goes forward and '
            'loses, it’s the end of his career.”')
    quotes = [quote for quote in find_quotes(text) if not quote.partial]
    assert [(quote.text[:20], quote.speaker_mention, quote.cue) for quote in quotes] == [
        ("do some kind of exec", "Stephen Loomis", "said"), ("Ohio governors do no", "Kasich", ":"),
        ("I certainly don’t th", "Trump", "said"), ("If he goes forward a", "Trump", ":")]


def test_adding_a_further_statement_between_two_parts_splits_them() -> None:
    # Politico, 2016-03-10 (PolNeAR train): "adding that…" reports a further statement, and the next part is a
    # quotation of its own even after the clause's full stop; "referring to…" qualifies the first part: one quotation
    text = ("“First of all, I think I'm going to have the delegates, OK? Let's see what happens,” he said, adding that "
            "there shouldn’t be a focus on some artificial number. “I think that whoever gets the most delegates should "
            "win. That's what I think.”\n\n"
            "“It’s a disaster,” Trump said, referring to Cruz. “He will never win.”")
    quotes = find_quotes(text)
    assert [quote.text[:18] for quote in quotes] == ["First of all, I th", "I think that whoev", "It’s a disaster, H"]
    assert {quote.speaker_mention for quote in quotes} == {"he", "Trump"}


def test_quoted_sentence_led_in_by_the_cues_words_and_a_comma_is_the_content() -> None:
    # Washington Post, 2015-11-10 and New York Times, 2016-03-12 (PolNeAR train): the cue's object and adjuncts
    # before the comma ("told the Reuters news agency simply,", "said of the episode,") are not part of what was said
    text = ('Htay Oo, its acting chairman, told the Reuters news agency simply, "We lost."\n\n'
            "On the same day that footage emerged of an individual at a Trump rally punching a protester, Mr. Trump "
            "said of the episode, ''I don't like it,'' adding that ''they have anger that's unbelievable.''")
    quotes = find_quotes(text)
    assert [(quote.text, quote.speaker_mention, quote.partial) for quote in quotes][:2] == [
        ("We lost.", "Htay Oo", False), ("I don't like it", "Mr. Trump", False)]
    assert quotes[1].content_start is None  # the quoted sentence is the content
