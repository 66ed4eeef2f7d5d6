"""Writers on a hand-built Article holding every block kind: exact output, byte-stable JSON."""

from __future__ import annotations

import json

from dateline.article import Article, Block, Image, Provenance, Quote, Removed
from dateline.writers import WRITERS, to_json, to_markdown, to_text

LEAD = Image(url="https://example.com/img/harbour.jpg", caption="The harbour wall after the storm.",
             credit="Photo: Ana Ruiz/Reuters", alt="A broken sea wall")

BODY = (
    Block(kind="paragraph", text="The council voted on Tuesday to rebuild the harbour wall, at a cost of €4.2m."),
    Block(kind="heading", text="What happens next", level=2),
    Block(kind="list", text="Tenders open in May\nWork starts in June", items=("Tenders open in May",
                                                                              "Work starts in June")),
    Block(kind="list", text="Survey\nVote", items=("Survey", "Vote"), ordered=True),
    Block(kind="quote", text="We cannot wait for another flood.\n— Mayor Ana Ruiz"),
    Block(kind="table", text="Year\tCost\n2023\t€1.1m\n2024\t€3.1m",
          rows=(("Year", "Cost"), ("2023", "€1.1m"), ("2024", "€3.1m")), header=True),
    Block(kind="figure", text="Workers inspect the breach.",
          image=Image(url="https://example.com/img/breach (1).jpg", caption="Workers inspect the breach.",
                      credit="City of Porto")),
    Block(kind="code", text="print('```')"),
    Block(kind="paragraph", text="1. This line only looks like a list, and *this* is not emphasis <b>."),
)

QUOTES = (
    Quote(text="We cannot wait for another flood.", start=10, end=43, speaker="Ana Ruiz", role="mayor",
          speaker_mention="Ruiz", cue="said", paragraph=0),
    Quote(text="It is money well spent.", start=50, end=73, speaker=None, paragraph=0),
    Quote(text="The wall is older than the town hall.", start=80, end=117, speaker="Ana Ruiz", paragraph=0),
    Quote(text="Costs will rise.", start=120, end=136, speaker="João Silva", role="engineer", paragraph=0),
    Quote(text="a sound investment", start=140, end=158, speaker="Ana Ruiz", paragraph=0, partial=True),
    Quote(text="long overdue", start=160, end=172, speaker="Ana Ruiz", paragraph=0, partial=True),
)

ARTICLE = Article(
    title="Harbour  wall to be rebuilt", subtitle="The council acts after the winter floods",
    site_name="Porto Gazette", authors=("Maria Costa", "João Silva"), published="2024-03-05T09:30:00+00:00",
    modified="2024-03-05T11:00:00+00:00", language="en", description="The council votes to rebuild.",
    url="https://example.com/news/harbour-wall", section="Local", tags=("floods", "harbour"), image=LEAD,
    body=BODY, is_article=True, confidence=0.93, quotes=QUOTES,
    removed=(Removed(role="share", text="Share on Facebook", origin="/html/body/div[2]"),),
    provenance=(Provenance(field="title", source="json-ld", detail="NewsArticle.headline"),),
    source_kind="html",
)


def test_markdown_header_byline_and_lead_image():
    markdown = to_markdown(ARTICLE)
    assert markdown.startswith(
        "# Harbour wall to be rebuilt\n\n"
        "*The council acts after the winter floods*\n\n"
        "By Maria Costa, João Silva · 2024-03-05T09:30:00+00:00 · Porto Gazette\n\n"
        "![A broken sea wall](https://example.com/img/harbour.jpg)\n"
        "*The harbour wall after the storm. (Photo: Ana Ruiz/Reuters)*\n\n"
        "The council voted on Tuesday to rebuild the harbour wall, at a cost of €4.2m.\n\n")


def test_markdown_body_blocks():
    markdown = to_markdown(ARTICLE)
    for snippet in (
        "\n\n## What happens next\n\n",
        "\n\n- Tenders open in May\n- Work starts in June\n\n",
        "\n\n1. Survey\n2. Vote\n\n",
        "\n\n> We cannot wait for another flood.\n> — Mayor Ana Ruiz\n\n",
        "\n\n| Year | Cost |\n|---|---|\n| 2023 | €1.1m |\n| 2024 | €3.1m |\n\n",
        "\n\n![Workers inspect the breach.](https://example.com/img/breach%20%281%29.jpg)\n"
        "*Workers inspect the breach. (City of Porto)*\n\n",
        "\n\n````\nprint('```')\n````\n\n",
        "\n\n1\\. This line only looks like a list, and \\*this\\* is not emphasis \\<b>.\n\n## Who said what\n",
    ):
        assert snippet in markdown, snippet


def test_markdown_who_said_what_groups_by_speaker_unattributed_last():
    section = to_markdown(ARTICLE).split("## Who said what\n", 1)[1]
    assert section == (
        "\n**Ana Ruiz** (mayor)\n"
        "- “We cannot wait for another flood.”\n"
        "- “The wall is older than the town hall.”\n"
        "- *in the text:* “a sound investment”, “long overdue”\n"
        "\n**João Silva** (engineer)\n"
        "- “Costs will rise.”\n"
        "\n**Unattributed**\n"
        "- “It is money well spent.”\n")


def test_markdown_table_without_header_and_ragged_rows():
    table = Block(kind="table", text="a\tb|c\nd", rows=(("a", "b|c"), ("d",)))
    assert to_markdown(Article(body=(table,))) == "|  |  |\n|---|---|\n| a | b\\|c |\n| d |  |\n"


def test_markdown_lead_image_not_repeated_when_the_body_shows_it():
    figure = Block(kind="figure", text="The harbour wall after the storm.", image=LEAD)
    markdown = to_markdown(Article(title="T", image=LEAD, body=(figure,)))
    assert markdown.count("harbour.jpg") == 1


def test_markdown_of_an_empty_article_is_one_newline():
    assert to_markdown(Article()) == "\n"


def test_text_is_headline_then_the_scored_body():
    text = to_text(ARTICLE)
    assert text.startswith("Harbour wall to be rebuilt\n\nThe council voted on Tuesday")
    assert text == "Harbour wall to be rebuilt\n\n" + ARTICLE.text + "\n"
    assert "\n\nTenders open in May\nWork starts in June\n\n" in text
    assert "\n\nYear\tCost\n2023\t€1.1m\n2024\t€3.1m\n\n" in text


def test_json_is_sorted_stable_and_round_trips():
    first, second = to_json(ARTICLE), to_json(ARTICLE)
    assert first == second
    data = json.loads(first)
    assert list(data) == sorted(data)
    assert data == ARTICLE.to_dict()  # to_dict() is already plain JSON values: lists, not tuples
    assert "€4.2m" in first and "João" in first  # non-ASCII kept as is
    assert data["body"][2] == {"kind": "list", "text": "Tenders open in May\nWork starts in June",
                               "items": ["Tenders open in May", "Work starts in June"], "origin": None}
    assert data["body"][6]["image"]["credit"] == "City of Porto"
    assert "removed" not in data
    assert json.loads(to_json(ARTICLE, include_removed=True))["removed"] == [
        {"role": "share", "text": "Share on Facebook", "origin": "/html/body/div[2]"}]


def test_json_compact_form_has_no_newlines():
    assert "\n" not in to_json(ARTICLE, indent=None)


def test_writers_table_names_every_format():
    assert set(WRITERS) == {"json", "markdown", "text"}
    assert all(WRITERS[name](ARTICLE).endswith("\n") or name == "json" for name in WRITERS)
