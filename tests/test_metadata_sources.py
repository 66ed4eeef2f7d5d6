"""The metadata stage, one source at a time: small pages that use one way of giving the metadata each, with the
values asserted. Plus the checks every source goes through: dates, authors, language, titles, junk."""

from __future__ import annotations

import datetime as dt

import pytest

from dateline import extract
from dateline.stages.meta_authors import clean_authors
from dateline.stages.meta_dates import date_from_url, parse_date
from dateline.stages.metadata import normalise_language, strip_site_name

BODY = "<p>" + "The council met on Tuesday to discuss the budget for the coming year. " * 4 + "</p>"


def page(head: str = "", body: str = "", *, lang: str = "") -> bytes:
    lang_attr = f' lang="{lang}"' if lang else ""
    return f"<!doctype html><html{lang_attr}><head><meta charset='utf-8'>{head}</head><body>{body}{BODY}</body></html>".encode()


def source_of(article, field: str) -> str | None:
    return next((p.source for p in article.provenance if p.field == field), None)


def test_jsonld_graph_with_author_references():
    """Yoast-style: the article, its page and its author are separate objects of one @graph, linked by @id."""
    head = """<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"WebSite","@id":"https://ex.com/#website","name":"Example Times"},
      {"@type":"WebPage","@id":"https://ex.com/a/#webpage","url":"https://ex.com/a/","datePublished":"2019-11-18T08:00:00+00:00"},
      {"@type":"NewsArticle","@id":"https://ex.com/a/#article","headline":"Council passes the budget",
       "author":{"@id":"https://ex.com/#/person/1"},"datePublished":"2019-11-19T10:30:00-05:00",
       "dateModified":"2019-11-19T12:00:00-05:00","articleSection":["Politics"],"keywords":["budget","council"],
       "publisher":{"@type":"Organization","name":"Example Times"},"image":{"@type":"ImageObject","url":"/img/council.jpg"}},
      {"@type":"Person","@id":"https://ex.com/#/person/1","name":"Jane Doe"}]}</script>"""
    article = extract(page(head), url="https://ex.com/a/")
    assert article.title == "Council passes the budget"
    assert article.authors == ("Jane Doe",)
    assert article.published == "2019-11-19T10:30:00-05:00"
    assert article.modified == "2019-11-19T12:00:00-05:00"
    assert article.section == "Politics"
    assert article.tags == ("budget", "council")
    assert article.site_name == "Example Times"
    assert article.image.url == "https://ex.com/img/council.jpg"
    assert source_of(article, "authors") == "json-ld" and source_of(article, "published") == "json-ld"


def test_jsonld_list_with_trailing_commas_raw_newlines_and_several_authors():
    head = """<script type="application/ld+json">[{"@type":"BreadcrumbList","itemListElement":[]},
      {"@type":["ReportageNewsArticle"],"headline":"Flood waters recede
      in the valley","author":[{"@type":"Person","name":"By JOHN SMITH"},{"@type":"Person","name":"Ana Lima"},],
      "datePublished":"2021-03-04",},]</script>"""
    article = extract(page(head))
    assert article.title == "Flood waters recede in the valley"
    assert article.authors == ("John Smith", "Ana Lima")
    assert article.published == "2021-03-04"


def test_malformed_jsonld_does_not_lose_the_other_sources():
    head = """<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>
      <meta property="og:title" content="Storm closes schools"><meta property="article:published_time" content="2020-01-05T07:00:00Z">"""
    article = extract(page(head))
    assert article.title == "Storm closes schools"
    assert article.published == "2020-01-05T07:00:00+00:00"
    assert source_of(article, "title") == "opengraph"


def test_opengraph():
    head = """<meta property="og:title" content="Rail strike called off | The Daily Bugle">
      <meta property="og:site_name" content="The Daily Bugle"><meta property="og:url" content="https://bugle.example/rail">
      <meta property="og:description" content="Unions and operators reach a deal."><meta property="og:locale" content="en_GB">
      <meta property="og:image" content="https://bugle.example/rail.jpg"><meta property="article:section" content="Transport">
      <meta property="article:tag" content="rail"><meta property="article:tag" content="strikes">
      <meta property="article:published_time" content="2019-11-20T09:22:35+00:00">
      <meta property="article:modified_time" content="2019-11-20T10:00:00+00:00">"""
    article = extract(page(head))
    assert article.title == "Rail strike called off"
    assert (article.site_name, article.url, article.language) == ("The Daily Bugle", "https://bugle.example/rail", "en-GB")
    assert article.description == "Unions and operators reach a deal."
    assert article.section == "Transport" and article.tags == ("rail", "strikes")
    assert article.published == "2019-11-20T09:22:35+00:00" and article.modified == "2019-11-20T10:00:00+00:00"
    assert article.image.url == "https://bugle.example/rail.jpg"
    assert source_of(article, "published") == "opengraph"


def test_twitter_card():
    head = """<meta name="twitter:title" content="Bridge reopens after repairs">
      <meta name="twitter:description" content="Traffic flows again."><meta name="twitter:image" content="/b.jpg">"""
    article = extract(page(head), url="https://news.example/bridge")
    assert article.title == "Bridge reopens after repairs"
    assert article.description == "Traffic flows again."
    assert article.image.url == "https://news.example/b.jpg"
    assert source_of(article, "title") == "twitter"


def test_parsely_meta():
    head = """<meta name="parsely-title" content="Harbour expansion approved"><meta name="parsely-author" content="Lee Chan">
      <meta name="parsely-author" content="Maria Gomez"><meta name="parsely-pub-date" content="2018-06-01T14:00:00Z">
      <meta name="parsely-section" content="Business"><meta name="parsely-tags" content="port,shipping">"""
    article = extract(page(head))
    assert article.title == "Harbour expansion approved"
    assert article.authors == ("Lee Chan", "Maria Gomez")
    assert article.published == "2018-06-01T14:00:00+00:00"
    assert article.section == "Business" and article.tags == ("port", "shipping")
    assert source_of(article, "authors") == "meta"


def test_sailthru_meta():
    head = """<meta name="sailthru.author" content="Tom Krisher, AP Auto Writer"><meta name="sailthru.date" content="2019-11-20 01:35:39">
      <meta name="sailthru.tags" content="autos, electric vehicles"><title>New SUVs highlight L.A. Auto Show</title>"""
    article = extract(page(head))
    assert article.authors == ("Tom Krisher",)
    assert article.published == "2019-11-20T01:35:39"
    assert article.tags == ("autos", "electric vehicles")


def test_dublin_core_meta():
    head = """<meta name="DC.title" content="Soil carbon in alpine meadows"><meta name="DC.creator" content="Müller, Anna">
      <meta name="DC.date" content="2017-05-12"><meta name="DC.language" content="de">"""
    article = extract(page(head))
    assert article.title == "Soil carbon in alpine meadows"
    assert article.published == "2017-05-12"
    assert article.language == "de"


def test_microdata():
    body = """<article itemscope itemtype="https://schema.org/NewsArticle">
      <meta itemprop="dateCreated" content="0001-01-01T00:00Z"><meta itemprop="datePublished" content="2019-11-20T10:43Z">
      <h1 itemprop="headline">Son of former president stabbed in Berlin</h1>
      <div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">By Karl Weber</span></div>
      </article>"""
    article = extract(page(body=body))
    assert article.title == "Son of former president stabbed in Berlin"
    assert article.authors == ("Karl Weber",)
    assert article.published == "2019-11-20T10:43:00+00:00"
    assert source_of(article, "published") == "microdata"


def test_page_byline_and_time():
    body = """<header><h1>Wildfire forces evacuations</h1>
      <div class="byline">By Maria Lopez and Sam Reed | Staff Writers</div>
      <time datetime="2019-08-02T16:45:00-07:00">Aug. 2, 2019</time></header>"""
    article = extract(page(body=body))
    assert article.title == "Wildfire forces evacuations"
    assert article.authors == ("Maria Lopez", "Sam Reed")
    assert article.published == "2019-08-02T16:45:00-07:00"
    assert source_of(article, "authors") == "page" and source_of(article, "title") == "page"


def test_byline_without_a_telling_class_just_after_the_headline():
    body = """<h1 class="article__title">What is the value of drugs at the border?</h1>
      <p class="article__meta">By <a href="/staff/md">Matthew Digby</a>, <a href="/staff/mdo">Minh Do</a>
      <span>on Monday, November 18th, 2019 at 11:08 a.m.</span></p>"""
    article = extract(page(body=body))
    assert article.authors == ("Matthew Digby", "Minh Do")
    assert article.published == "2019-11-18"


def test_site_name_only_author_is_replaced_by_the_page_byline():
    head = """<meta property="og:site_name" content="Sky News"><meta name="author" content="Sky News">
      <meta property="article:published_time" content="2019-11-20T06:37:00Z">"""
    body = """<h1>Mourinho agrees deal</h1><div class="article-author"><h3 class="author__name">Tom Gillespie</h3>
      <p>News reporter</p><span>@TomGillespie1</span></div>"""
    article = extract(page(head, body))
    assert article.authors == ("Tom Gillespie",)


def test_visible_headline_beats_the_seo_title():
    head = """<meta property="og:title" content="Disney+ glitches blamed on heavy demand says executive Kevin Mayer">"""
    body = "<h1>‘We had some issues,’ exec says on Disney+ glitches</h1>"
    assert extract(page(head, body)).title == "‘We had some issues,’ exec says on Disney+ glitches"


def test_a_teaser_h1_does_not_replace_the_title():
    head = """<meta property="og:title" content="The early reviews for Stadia are here">"""
    body = "<h1>Why don't you go fight for the reindeer?</h1>"
    assert extract(page(head, body)).title == "The early reviews for Stadia are here"


def test_lead_figure_caption_and_credit():
    head = """<meta property="og:image" content="https://ex.com/photos/flood-1200x630.jpg">"""
    body = """<article><h1>Flood</h1><figure><img src="https://ex.com/photos/flood-780x439.jpg" alt="A flooded street">
      <figcaption>Residents wade through the water on Monday. <span class="credit">Jane Roe/AP</span></figcaption>
      </figure></article>"""
    image = extract(page(head, body)).image
    assert image.url == "https://ex.com/photos/flood-1200x630.jpg"
    assert image.caption == "Residents wade through the water on Monday."
    assert image.credit == "Jane Roe/AP" and image.alt == "A flooded street"


def test_canonical_link_resolved_against_the_page_url():
    head = """<link rel="canonical" href="/story/42"><meta property="og:url" content="https://other.example/x">"""
    article = extract(page(head), url="https://news.example/amp/story/42?utm=x")
    assert article.url == "https://news.example/story/42"
    assert source_of(article, "url") == "meta"


def test_language_from_html_lang_first():
    head = """<meta http-equiv="content-language" content="fr"><meta property="og:locale" content="fr_FR">"""
    assert extract(page(head, lang="pt_BR")).language == "pt-BR"
    assert extract(page(head)).language == "fr"


def test_dates_in_scripts_and_the_future_are_never_taken():
    next_year = dt.date.today().year + 1
    head = f"""<script>var pubDate = "2019-04-01T10:00:00Z";</script>
      <meta property="article:published_time" content="{next_year}-01-01T00:00:00Z">"""
    article = extract(page(head, "<h1>A story with no trustworthy date at all</h1>"))
    assert article.published is None


def test_junk_never_crashes():
    head = """<script type="application/ld+json">{"@type":"NewsArticle","author":{"name":["x"]},"datePublished":12,
      "headline":{"@value":"Weird but fine"},"image":[null],"keywords":{"a":1}}</script>
      <meta property="article:published_time" content="2019-02-30T25:61:00+99:00">
      <meta name="author" content="https://www.facebook.com/someone"><meta property="og:locale" content="xx-invalid-locale">"""
    article = extract(page(head, '<time datetime="yesterday">yesterday</time>'))
    assert article.title == "Weird but fine"
    assert article.published is None and article.authors == ()


# --- the checks every source goes through ---------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("2019-11-19T13:03:00.000Z", "2019-11-19T13:03:00+00:00"),
    ("2019-11-19 08:03:00 -0500", "2019-11-19T08:03:00-05:00"),
    ("2019-11-19T08:03", "2019-11-19T08:03:00"),
    ("20191119", "2019-11-19"),
    ("Tue, 19 Nov 2019 13:03:00 GMT", "2019-11-19T13:03:00+00:00"),
    ("Nov. 19, 2019 8:03 am ET", "2019-11-19"),
    ("Monday, November 18th, 2019 at 11:08 a.m.", "2019-11-18"),
    ("18 NOV 2019", "2019-11-18"),
    ("publiziert am 25. September 2018", "2018-09-25"),
    ("19.11.2019", "2019-11-19"),
    ("11/19/2019", "2019-11-19"),
    ("0001-01-01T00:00Z", None),
    ("© 1887 The Company", None),
    ("5 minutes ago", None),
])
def test_parse_date(raw, expected):
    assert parse_date(raw, today=dt.date(2020, 1, 1)) == expected


def test_parse_date_rejects_dates_after_today():
    assert parse_date("2019-11-20", today=dt.date(2019, 11, 18)) is None
    assert parse_date("2019-11-19", today=dt.date(2019, 11, 18)) == "2019-11-19"  # one day of time-zone slack


def test_date_from_url():
    assert date_from_url("https://www.theguardian.com/world/2019/nov/18/hong-kong") == "2019-11-18"
    assert date_from_url("https://techcrunch.com/2019/11/18/wework/") == "2019-11-18"
    assert date_from_url("https://ex.com/articles/12345") is None


@pytest.mark.parametrize("raw, expected", [
    (["By JILL LAWLESS, Associated Press"], ("Jill Lawless",)),
    (["By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER\nAssociated Press"],
     ("Lisa Mascaro", "Mary Clare Jalonick", "Eric Tucker")),
    (["Jane Doe Published 3:45 PM ET Nov 19, 2019"], ("Jane Doe",)),
    (["By Mike Wuerthele and Malcolm Owen Monday, November 18, 2019, 04:05 pm PT"], ("Mike Wuerthele", "Malcolm Owen")),
    (["Tom Gillespie, news reporter"], ("Tom Gillespie",)),
    (["Staff"], ()),
    (["5 minutes ago"], ()),
    (["Ilana Muhlstein, MS, RDN"], ("Ilana Muhlstein",)),
    (["Finian Cunningham. Sputnik International"], ("Finian Cunningham",)),
    (["Sarah E. Needleman", "sarah e needleman"], ("Sarah E. Needleman",)),
    (["Reuters"], ("Reuters",)),
    (["https://www.facebook.com/someone"], ()),
    (["Por María García y José Pérez"], ("María García", "José Pérez")),
])
def test_clean_authors(raw, expected):
    assert clean_authors(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("en_US", "en-US"), ("EN-gb", "en-GB"), ("zh-Hant-TW", "zh-Hant-TW"), ("en-US,en;q=0.9", "en-US"),
    ("pt", "pt"), ("und", None), ("x-default", None), ("", None),
])
def test_normalise_language(raw, expected):
    assert normalise_language(raw) == expected


@pytest.mark.parametrize("title, site, host, expected", [
    ("Rail strike called off | The Daily Bugle", "The Daily Bugle", "bugle.example", "Rail strike called off"),
    ("Reuters.com - Oil prices fall", None, "www.reuters.com", "Oil prices fall"),
    # Not the site's name at the front (the headline merely starts with it); a short section label after "|" goes.
    ("The Guardian view on Hong Kong: a city on the brink | Editorial", "the Guardian", "www.theguardian.com",
     "The Guardian view on Hong Kong: a city on the brink"),
    ("Opinion | Republicans Are Following Trump to Nowhere", None, "www.nytimes.com",
     "Opinion | Republicans Are Following Trump to Nowhere"),
    ("Mourinho - the return", "Sky News", "news.sky.com", "Mourinho - the return"),
])
def test_strip_site_name(title, site, host, expected):
    assert strip_site_name(title, site, host) == expected


def test_explicit_byline_beats_a_cms_account_in_the_metadata():
    head = """<meta name="author" content="PMJS - Coordenadoria de TI">"""
    body = """<h1>Atendimento Domiciliar registra arrombamento em veículos</h1>
      <p class="info">Publicado por: Clarissa Borba em 05/10/2018</p>"""
    article = extract(page(head, body))
    assert article.authors == ("Clarissa Borba",)
    assert article.published == "2018-10-05"


def test_microdata_with_several_property_names_and_a_text_credit():
    body = """<header><h1>53-летняя модель боится стареть</h1><p><span itemprop="author creator">Текст: Лида Буслаева</span>
      · 11 октября 2018</p></header><div class="comments"><span itemprop="author">Гость</span></div>"""
    article = extract(page(body=body, lang="ru"))
    assert article.authors == ("Лида Буслаева",)
    assert article.published == "2018-10-11"
    assert article.language == "ru"


def test_date_in_the_words_beside_the_headline():
    body = """<div class="hero"><p><a class="author-link" href="/author/mb">Moritz Bachmann</a>
      <span class="about__block">publiziert am 25. September 2018</span></p><h1>Die elektronische Patientenakte</h1></div>"""
    article = extract(page(body=body, lang="de"))
    assert article.published == "2018-09-25"
    assert article.authors == ("Moritz Bachmann",)


def test_deeply_nested_jsonld_and_markup_do_not_crash():
    head = '<script type="application/ld+json">' + "[" * 50000 + "]" * 50000 + "</script><title>Nested</title>"
    article = extract(page(head, "<div>" * 5000 + "<h1>Still a headline here</h1>" + "</div>" * 5000))
    assert article.title in ("Still a headline here", "Nested")


def test_microdata_date_published_beats_an_earlier_date_created():
    body = """<article><meta itemprop="dateCreated" content="2018-09-25T20:52:55+03:00">
      <meta itemprop="datePublished" content="2018-09-24T16:45:00+03:00"><h1 itemprop="headline">Мастера вкуса</h1></article>"""
    assert extract(page(body=body)).published == "2018-09-24T16:45:00+03:00"


def test_a_time_without_zone_takes_the_zone_another_source_gives():
    body = """<h1>Browns player on the fight</h1><time datetime="2019-11-19 02:24:00 UTC">Nov 18, 2019 at 9:24 pm ET</time>
      <span itemprop="datePublished" content="2019-11-19 02:24:00"></span>"""
    article = extract(page(body=body))
    assert article.published == "2019-11-19T02:24:00+00:00"


def test_dek_after_the_headline_is_the_subtitle_and_not_a_repeat_of_it():
    body = """<header><h1>Rail strike called off</h1><p class="article-dek">Unions and operators reached a deal
      late on Sunday after three days of talks.</p></header>"""
    assert extract(page(body=body)).subtitle == ("Unions and operators reached a deal late on Sunday after three "
                                                 "days of talks.")
    repeated = """<header><h1>Rail strike called off after talks</h1>
      <p class="standfirst">Rail strike called off after talks</p></header>"""
    assert extract(page(body=repeated)).subtitle is None


def test_caption_label_and_credit_element_without_figcaption():
    head = """<meta property="og:image" content="https://ex.com/i/disney.jpg">"""
    body = """<article><h1>Disney+ glitches</h1><figure class="Figure"><img src="https://ex.com/i/disney.jpg" alt="Disney">
      <div class="Figure-caption">The Walt Disney Co. said demand led to problems.</div>
      <div class="Figure-credit">(Reed Saxon / Associated Press)</div></figure></article>"""
    image = extract(page(head, body)).image
    assert image.caption == "The Walt Disney Co. said demand led to problems."
    assert image.credit == "(Reed Saxon / Associated Press)"
    labelled = """<figure><img src="https://ex.com/i/disney.jpg"><figcaption><span>Image:</span>
      <span>Jose Mourinho has agreed a deal</span></figcaption></figure>"""
    image = extract(page(head, labelled)).image
    assert image.caption == "Jose Mourinho has agreed a deal" and image.credit is None


def test_element_text_reads_a_tail_after_the_text_of_its_elements_children():
    """Bylines as SlashGear and The Hill mark them up: the text after a nested element follows that element's
    words (a reader that took each tail as it met the element gave "- Chris Davies Nov 19" and "By\nTess Bonn")."""
    import lxml.html

    from dateline.stages.meta_sources import element_text

    byline = lxml.html.fromstring('<div class="byline"><span><a href="/a">Chris Davies</a></span> - '
                                  '<time>Nov 19, 2019</time><span style="display:none">Staff</span> CST</div>')
    assert element_text(byline, lines=True) == "Chris Davies -\nNov 19, 2019 CST"  # a <time> opens a line
    nested = lxml.html.fromstring("<p>Il <b>black <i>Friday</i></b> incombe <script>x()</script>su di noi</p>")
    assert element_text(nested) == "Il black Friday incombe su di noi"


# --- the speed work's invariants: shortcuts that must not change what is found ----------------------------------

def test_element_text_with_a_limit_keeps_the_full_texts_prefix():
    """A bounded read of a big container gives more than the limit, and the same first characters as a full read."""
    import lxml.html

    from dateline.stages.meta_sources import element_text

    root = lxml.html.fromstring("<div><p>By <b>Jane   Doe</b></p>" + "<p>word and  more words</p>" * 200
                                + "<script>var x = 1;</script></div>")
    full = element_text(root, lines=True)
    bounded = element_text(root, lines=True, limit=160)
    assert len(bounded) > 160 and full.startswith(bounded[:160]) and len(bounded) < len(full)
    assert bounded.startswith("By Jane Doe\nword and more words")
    assert element_text(root, limit=10_000) == element_text(root)


def test_the_whole_page_walk_skips_the_headers_region_and_the_head():
    import lxml.html

    from dateline.stages.meta_sources import _outside

    tree = lxml.html.fromstring("<html><head><title>t</title><meta name=x content=y></head><body><div id=a>"
                                "<p id=b>x</p><div id=r><span id=in>i</span></div><p id=c>c</p></div>"
                                "<p id=d>d</p></body></html>")
    region = tree.get_element_by_id("r")
    assert [e.get("id") or e.tag for e in _outside(tree, region)] == ["body", "a", "b", "c", "d"]
    assert [e.get("id") or e.tag for e in _outside(tree, None)] == ["body", "a", "b", "r", "in", "c", "d"]


def test_a_byline_far_from_the_headline_is_still_found_when_the_metadata_has_none():
    """The header has no byline; the whole-page search finds the one after the story (and the date beside it)."""
    filler = "".join(f"<li class='menu-item'><a href='/s{i}'>Section {i}</a></li>" for i in range(300))
    body = (f"<ul class='nav'>{filler}</ul><article><header><h1>Council passes the budget</h1></header>"
            f"<div class='story'>{BODY}</div></article><footer><div class='story-author'>Jane Doe</div>"
            "<span class='pub-date'>November 19, 2019</span></footer>")
    article = extract(page("<title>Council passes the budget</title>", body), url="https://ex.com/a")
    assert article.authors == ("Jane Doe",)
    assert article.published == "2019-11-19"


def test_a_by_line_after_the_headline_settles_the_byline_before_any_classed_element():
    """The "By ..." line after the h1 comes first among the page's bylines, so a classed author box further down
    (a related story's) is not read for it."""
    body = ("<h1>Council passes the budget</h1><p>By Jane Doe</p><time datetime='2019-11-19T10:30:00-05:00'>"
            "Nov 19</time>" + BODY + "<div class='author'>John Roe</div>")
    article = extract(page("<title>Council passes the budget</title>", body), url="https://ex.com/a")
    assert article.authors == ("Jane Doe",)
    assert article.published == "2019-11-19T10:30:00-05:00"


MALFORMED_URL_PAGE = ('<html><head><link rel="canonical" href="http://[example.com/a">'
                      '<meta property="og:image" content="http://[x/y.jpg"></head><body><article><h1>The title</h1>'
                      '<p>Body text of a story, long enough to be a paragraph here.</p></article></body></html>')


def test_unclosed_ipv6_bracket_in_urls_is_ignored_not_a_crash():
    """Fuzz regression: urlsplit raises ValueError on "http://[..." (page links and the caller's url= alike)."""
    article = extract(MALFORMED_URL_PAGE)
    assert article.url is None and article.image is None and article.title == "The title"
    assert extract(MALFORMED_URL_PAGE, url="http://[bad/").title == "The title"


def test_memoised_byline_split_and_date_parse_stay_correct() -> None:
    """split_byline and parse_date are memoised: a caller changing the list it got must not change the next
    answer, and the future check still uses the `today` of each call."""
    import datetime as dt

    from dateline.stages.meta_authors import split_byline
    from dateline.stages.meta_dates import parse_date

    names = split_byline("By Jane Doe and John Roe")
    names.append("Someone Else")
    assert split_byline("By Jane Doe and John Roe") == ["Jane Doe", "John Roe"]
    assert parse_date("Tue, 19 Nov 2019 08:30:00 GMT") == "2019-11-19T08:30:00+00:00"
    assert parse_date("2019-11-19", today=dt.date(2019, 11, 1)) is None  # the future, for that day
    assert parse_date("2019-11-19", today=dt.date(2019, 11, 20)) == "2019-11-19"
