"""The seed page end to end through the public API: the flattened Phnom Penh Post story → the whole record.

The stages have their own tests (test_text_content.py, test_quotes.py); this pins what a user gets from
`dateline.extract(text)` and `dateline extract FILE`, with every stage in the chain.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import dateline
from conftest import EXAMPLES

SEED = EXAMPLES / "phnompenhpost-kim-sok.txt"
TITLE = "Kim Sok to keep up fight ‘for change’ from Finland"
CAPTION = ("Kim Sok in a cafe in Tampere, Finland, yesterday after being granted political asylum by the "
           "Finnish government.")


@pytest.fixture(scope="module")
def article() -> dateline.Article:
    return dateline.extract(SEED.read_text(encoding="utf-8"), options=dateline.Options(include_removed=True))


def test_metadata_and_image(article):
    assert article.source_kind == "text" and article.is_article
    assert (article.title, article.site_name) == (TITLE, "Phnom Penh Post")
    assert (article.image.caption, article.image.credit) == (CAPTION, "Photo supplied")


def test_body_is_the_24_paragraphs_unchanged(article):
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    first = lines.index(next(line for line in lines if line.startswith("Kim Sok, wanted by")))
    expected = lines[first:first + 24]
    assert expected[-1].endswith("after he failed to appear on the same day.")
    assert [block.text for block in article.body] == expected
    assert article.text == "\n\n".join(expected)
    for boilerplate in ("MOST VIEWED", "Logo of Phnom Penh Post", "Content image", "World Bank", TITLE):
        assert boilerplate not in article.text


def test_removed_blocks_say_why(article):
    roles = {removed.role for removed in article.removed}
    assert {"site-name", "headline", "image-alt", "teaser-list"} <= roles
    teasers = " ".join(removed.text for removed in article.removed if removed.role == "teaser-list")
    assert "Central bank to shun small US banknotes" in teasers


def test_who_said_what(article):
    full = [quote for quote in article.quotes if not quote.partial]
    siphan = [quote for quote in full if quote.speaker == "Phay Siphan"]
    assert [quote.text[:20] for quote in siphan] == ["For [critics of the ", "[Kim Sok] was just l"]
    assert {quote.role for quote in siphan} == {"Council of Ministers spokesman"}
    assert {quote.speaker for quote in full} == {"Kim Sok", "Phay Siphan"}
    partial = {quote.text: quote.speaker for quote in article.quotes if quote.partial}
    for phrase in ("a real change", "100 per cent safe", "heaven for good people"):
        assert partial[phrase] == "Kim Sok"
    for quote in article.quotes:  # offsets point into Article.text, quote marks excluded
        assert article.text[quote.start:quote.start + 10] == quote.text[:10]


def test_cli_json_and_markdown():
    run = [sys.executable, "-m", "dateline", "extract", str(SEED)]
    record = json.loads(subprocess.run(run, capture_output=True, check=True, text=True).stdout)
    assert record["title"] == TITLE and record["image"]["credit"] == "Photo supplied"
    assert record["quotes"][0]["speaker"] == "Kim Sok" and "removed" not in record
    markdown = subprocess.run(run + ["--format", "markdown"], capture_output=True, check=True, text=True).stdout
    assert markdown.startswith(f"# {TITLE}")
    assert "## Who said what" in markdown and "Council of Ministers spokesman" in markdown
