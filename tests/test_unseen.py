"""Rules found by the held-out multilingual check (bench/unseen.py, docs/unseen.md), on small pages written in the
shapes seen there (tests/cases/unseen/): non-English class vocabulary and prompts, Blogger and WordPress markup,
soft hyphens, and sentence ends of scripts without Latin punctuation."""

from __future__ import annotations

import pytest

from conftest import case_bytes
from dateline import Options, extract
from dateline.stages import patterns as P
from dateline.stages.content_scan import _match_names

FAST = Options(quotes=False)


def page(name: str):
    return extract(case_bytes(f"unseen/{name}"), kind="html", options=FAST)


def paragraphs(article) -> list[str]:
    return [block.text for block in article.body if block.kind == "paragraph"]


def test_blogger_post_inside_its_blog_widget_is_the_article():
    article = page("blogger-post.html")
    assert article.is_article
    texts = paragraphs(article)
    assert texts[0].startswith("Veteran actress Ada Nwosu, who won a best actress award in 2008")
    assert texts[-1].endswith("her fans filled the comments with praise.")
    assert "Popular Posts" not in article.text and "Footballer opens a school" not in article.text
    assert "Blog Archive" not in article.text and "Powered by Blogger" not in article.text


def test_spip_forum_thread_is_comments_not_the_story():
    article = page("spip-forum.html")
    texts = paragraphs(article)
    assert any(text.startswith("Le dernier roman de l’écrivain") for text in texts[:2])
    assert texts[-1].endswith("donne au livre sa conclusion inattendue.")
    assert "commentaires" not in article.text
    assert "Je ne partage pas" not in article.text and "La traduction est remarquable" not in article.text


def test_wordpress_post_with_share_plugin_class_and_german_vocabulary():
    article = page("wordpress-hentry-de.html")
    assert article.is_article  # "enable-pin-share" on the <article> did drop it: hentry names the post
    texts = paragraphs(article)
    assert texts[0].startswith("Zuerst dachte ich")
    assert texts[-1].startswith("Als das Paket kam")  # "Lesen Sie auch: ..." after it is a prompt
    assert "verheimlichen" in article.text and "Größenvarianten" in article.text  # soft hyphens removed
    assert "\u00ad" not in article.text
    assert "Sonderpreis" not in article.text  # <div class="werbung">
    assert "Kommentare" not in article.text and "Liebe Franzi" not in article.text
    assert "Herbst-Look" not in article.text


def test_chinese_dated_lead_ending_with_a_full_stop_is_a_sentence():
    texts = paragraphs(page("chinese-dated-lead.html"))
    assert texts[0] == "2023年11月17日，国务院总理在北京人民大会堂会见了来访的法国总统。"
    assert texts[-1] == "会见后，双方共同见证了多项合作文件的签署。"  # the editor credit after it is dropped


@pytest.mark.parametrize("names, role", [
    ("kommentare", "comments"), ("comentarios-lista", "comments"), ("forum", "comments"),
    ("teilen-buttons", "share"), ("partage", "share"), ("box-werbung", "advertisement"),
    ("publicidad", "advertisement"), ("mehr-zum-thema", "related"), ("lire-aussi", "related"),
    ("articulos-relacionados", "related"), ("articoli-correlati", "related"),
    # WordPress taxonomy classes name the story's subject, not the element's role
    ("post type-post category-marketing-werbung tag-kommentare", None),
    ("widget BlogArchive", "sidebar"), ("tag-list", "tags"),
])
def test_class_vocabulary_in_other_languages(names, role):
    assert _match_names(names)[0] == role


def test_blogger_post_widget_may_be_content_but_its_sidebar_widgets_not():
    assert _match_names("widget Blog")[2] is True  # "widget" names a sidebar, "Blog" a possible wrapper
    assert _match_names("widget BlogArchive")[2] is False


@pytest.mark.parametrize("line, prompt", [
    ("Lesen Sie auch: Die Bahn erhöht die Preise", True), ("À lire aussi : la réforme des retraites", True),
    ("Lee también: el Gobierno aprueba el presupuesto", True), ("Leggi anche: il nuovo governo", True),
    ("27 commentaires", True), ("Kommentarfeed | Kommentare geschlossen", True), ("【责任编辑：王明】", True),
    ("阅读下一篇：", True), ("(Avec AFP)", True), ("™ & © 2013 Cable News Network, Inc.", True),
    ("kokobj@yna.co.kr\n(END)", True), ("(END)", True),
    ("関連キーワード", True), ("会員の方はこちら", True), ("この記事は会員限定です。登録すると続きをお読みいただけます。", True),
    ("Cet article est réservé aux abonnés.", True), ("相关新闻", True),
    ("相关负责人表示，将继续推进改革。", False),  # "the official in charge said": a sentence, not "related"
    ("He said it was only for subscribers of the old plan that prices rose.", False),
    ("Commenting on the result, the minister said the vote was fair.", False),
    ("Lesen war seine Leidenschaft, sagte sie.", False),
])
def test_closing_prompts_in_other_languages(line, prompt):
    assert bool(P.PROMPT.search(line)) is prompt


def test_h1_holding_the_headline_and_a_site_link_gives_the_headline_alone():
    article = page("spanish-h1-site-link.html")
    assert article.title == "El Gobierno aprueba el plan de vivienda"
    assert paragraphs(article)[0].startswith("El Consejo de Gobierno aprobó este viernes")


@pytest.mark.parametrize("raw, expected", [
    ("Dana A. Ford, James S.A. Corey, Chien-Ming Wang, and Tom Watkins",
     ("Dana A. Ford", "James S.A. Corey", "Chien-Ming Wang", "Tom Watkins")),  # the serial comma
    ("Ana Pérez, Luis Gil, y Marta Ruiz", ("Ana Pérez", "Luis Gil", "Marta Ruiz")),
    ("Andrew Smith", ("Andrew Smith",)), ("Ivan Petrov", ("Ivan Petrov",)),  # names starting like a connector
])
def test_a_connector_after_the_last_comma_is_not_part_of_the_name(raw, expected):
    from dateline.stages.meta_authors import clean_authors

    assert clean_authors([raw]) == expected


@pytest.mark.parametrize("text, day", [
    ("2018年6月19日 5:50", "2018-06-19"), ("更新时间：2023年11月17日 10:21", "2023-11-17"),
    ("2018년 6월 19일", "2018-06-19"), ("2018年13月40日", None),
])
def test_chinese_japanese_korean_dates(text, day):
    from dateline.stages.meta_dates import parse_date

    assert parse_date(text) == day


def test_date_in_a_publish_cell_written_the_chinese_way():
    article = page("chinese-dated-lead.html")
    assert article.published == "2023-11-17"
    assert any(p.field == "published" and p.detail == "span.article-publish" for p in article.provenance)


def test_byline_reads_neither_hidden_parts_nor_a_print_link():
    import lxml.html

    from dateline.stages.meta_authors import clean_authors
    from dateline.stages.meta_sources import element_text

    byline = lxml.html.fromstring(
        '<div id="Byline"><a class="PrintLink" href="/print">Print</a><br/>By '
        '<span class="author"><a href="/u/jd">Jane Doe</a></span>'
        '<span style="display:none; visibility:hidden;">The Daily Courier</span> '
        '<br/>on December 27, 2014 at 12:06 PM</div>')
    text = element_text(byline, lines=True)
    assert "The Daily Courier" not in text and "on December 27, 2014" in text
    assert clean_authors([text]) == ("Jane Doe",)


def test_infinite_scroll_feed_gives_the_first_story_not_the_longest():
    texts = paragraphs(page("infinite-scroll-feed.html"))
    assert texts[0].startswith("Die Partei behauptet, nichts vom Versand")
    assert texts[-1].startswith("Die Partei ließ über ihre Anwälte mitteilen")
    assert not any("Spendenskandal" in text or "Mieter" in text for text in texts)


@pytest.mark.parametrize("line, alone", [
    ("kokobj@yna.co.kr", True), ("www.example.com/story", True),
    ("Write to the desk at news@example.com for corrections.", False),
])
def test_a_paragraph_that_is_only_an_address_is_not_a_sentence(line, alone):
    assert bool(P.URL_ONLY.match(line)) is alone


def test_short_japanese_teaser_is_an_article_and_its_wrappers_do_not_win():
    article = page("paywalled-teaser-ja.html")
    assert article.is_article  # 210 characters of Japanese: a story's opening, not a login wall
    texts = paragraphs(article)
    assert texts[0].startswith("６月12日の歴史的な米朝首脳会談を巡って")
    assert "Schlagzeile" not in article.text  # the rails around it


@pytest.mark.parametrize("text", ["هل يعود الحوار بين الطرفين؟", "सरकार ने नई योजना की घोषणा की।",
                                  "ဒီနေ့ မိုးရွာတယ်။", "2023年11月17日，会见了来访的法国总统。"])
def test_sentence_ends_of_other_scripts(text):
    from dateline.stages.content import _is_sentence

    assert P.SENTENCE_END.search(text) and _is_sentence(text)


@pytest.mark.parametrize("line, link_line", [
    ("LINE ไอดี = @prachatai", True), ("ทวิตเตอร์ https://twitter.com/prachatai", True),
    ("Facebook: https://facebook.com/paper", True), ("Instagram @paper", True),
    ("More details are at https://example.org", False), ("The minister said so.", False),
])
def test_closing_social_link_lines_in_any_language(line, link_line):
    assert bool(P.LINK_LINE.match(line)) is link_line


@pytest.mark.parametrize("line", ["Labels: Gist", "Schlagwörter : Mode, Taschen, " + "Reisen, " * 60, "Tags: a, b",
                                  "Mots-clés : politique", "Etiquetas: economía"])
def test_tag_lines_of_any_length(line):
    assert P.TAG_LINE.match(line)


@pytest.mark.parametrize("line, byline", [
    ("作者：张三", True), ("来源：新华社", True), ("Autor: Angelika Leitner", True), ("بقلم محمد علي", True),
    ("记者从国家统计局获悉，2023年前三季度经济增长5.2%。", False), ("Autorität ist wichtig", False),
])
def test_leading_byline_words_in_other_languages(line, byline):
    assert bool(P.BYLINE_LEAD.match(line)) is byline


@pytest.mark.parametrize("label", ["Annonce", "Anuncio", "Reklam", "إعلان", "โฆษณา"])
def test_advertisement_labels_in_other_languages(label):
    assert P.AD_LABEL.match(label)


@pytest.mark.parametrize("text, day", [
    ("الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)", "2013-08-28"),  # Levantine/Egyptian names
    ("٢٨ أغسطس ٢٠١٣", "2013-08-28"),  # Arabic-Indic digits
    ("5 كانون الثاني 2020", "2020-01-05"), ("19 Nov 2019", "2019-11-19"),
    ("19 listopada 2019", "2019-11-19"), ("5 Mart 2020", "2020-03-05"), ("3. října 2018", "2018-10-03"),
])
def test_month_names_in_more_languages(text, day):
    from dateline.stages.meta_dates import parse_date

    assert parse_date(text) == day
