"""Long runs of one character (30,000 spaces, commas, dots, quote marks...) in every field a page can carry: each
page is extracted in bounded time, with its story intact. Regexes that retried the whole run from each of its
characters made such pages take from seconds to minutes (an author <meta> of 15,000 commas: two minutes; a line of
30,000 dots: eight seconds in the quote stage). A hang here fails by the timeout; nothing is timed otherwise.
"""

from __future__ import annotations

import json

import pytest

from dateline import extract, find_quotes

from conftest import REPO

# A hang is inside one regex call, in C: only the thread method of pytest-timeout stops it (it ends the run).
pytestmark = pytest.mark.timeout(60, method="thread")

RUN = 30_000
RUNS = {
    "spaces": " ", "commas": ", ", "dots": ".", "no-break spaces": "\u00a0", "curly quotes": "“", "letters": "a",
    "capitals": "A ", "digits": "1", "dashes": "- ", "colons": ": ", "parentheses": "(", "at signs": "@",
}
SLOTS = ("title", "meta", "h1", "byline", "caption", "paragraph", "item", "jsonld", "time", "quote")
STORY = "".join(f"<p>Paragraph {i} of the story, with words, a comma and a full stop at its end.</p>" for i in range(12))
SEED = (REPO / "examples" / "phnompenhpost-kim-sok.txt").read_text(encoding="utf-8")


def _run(unit: str) -> str:
    return (unit * (RUN // len(unit) + 1))[:RUN]


def _page(slot: str, run: str) -> str:
    """A small article page with `run` in one slot and a plain word in every other."""
    fields = dict.fromkeys(SLOTS, "plain") | {slot: run}
    jsonld = json.dumps({"@type": "NewsArticle", "headline": fields["jsonld"], "author": {"name": fields["jsonld"]},
                         "datePublished": fields["jsonld"]})
    return (f"<html><head><title>{fields['title']}</title><meta property='og:title' content='{fields['meta']}'>"
            f"<meta name=author content='{fields['meta']}'><script type='application/ld+json'>{jsonld}</script>"
            f"</head><body><article><h1>{fields['h1']}</h1><div class=byline>By {fields['byline']}</div>"
            f"<time>{fields['time']}</time><figure><img src=a.jpg><figcaption>{fields['caption']} "
            f"(Photo: {fields['caption']})</figcaption></figure>{STORY}"
            f"<p>“{fields['quote']},” Kim Sok said. “It is {fields['quote']}.”</p>"
            f"<p>{fields['paragraph']}</p><ul><li>{fields['item']}</li></ul></article></body></html>")


@pytest.mark.parametrize("slot", SLOTS)
@pytest.mark.parametrize("name", sorted(RUNS))
def test_html_page_with_a_long_run(slot: str, name: str) -> None:
    article = extract(_page(slot, _run(RUNS[name])))
    assert "Paragraph 0 of the story" in article.text and "Paragraph 11 of the story" in article.text
    assert all(len(author) < 200 for author in article.authors)


@pytest.mark.parametrize("line", [3, 12, 20, 40])
@pytest.mark.parametrize("name", sorted(RUNS))
def test_text_page_with_a_long_run(line: int, name: str) -> None:
    lines = SEED.split("\n")
    text = "\n".join(lines[:line] + ["Kim said " + _run(RUNS[name]) + " at the end"] + lines[line:])
    article = extract(text, kind="text")
    assert "Kim Sok" in article.text and any(quote.speaker == "Kim Sok" for quote in article.quotes)
    assert any(quote.speaker == "Kim Sok" for quote in find_quotes(text))
