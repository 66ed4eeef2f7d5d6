"""Decoding real bytes: right declarations, lying declarations, none at all, BOMs, gzip, CJK and Cyrillic pages.

Fixtures in tests/cases/decode/ are made by make_cases.py there; texts.json holds the text each page must yield.
"""

from __future__ import annotations

import codecs
import gzip
import json

import pytest

from dateline.errors import BinaryInputError, EmptyInputError, InputTooLargeError
from dateline.inputs.decode import codec_name, decode
from dateline.inputs.load import load
from dateline.options import Options

from conftest import CASES, EXAMPLES

DECODE = CASES / "decode"
TEXTS = json.loads((DECODE / "texts.json").read_text(encoding="utf-8"))


def _decoded(name: str, **kwargs) -> tuple[str, str]:
    return decode((DECODE / name).read_bytes(), **kwargs)


# fixture → the codec it must be read with (several lie about it or say nothing)
EXPECTED_CODEC = {
    "fr-cp1252-declares-utf-8.html": "cp1252",
    "fr-cp1252-undeclared.html": "cp1252",
    "fr-utf-8-declares-iso-8859-1.html": "utf-8",
    "fr-utf-8-bom-declares-iso-8859-1.html": "utf-8",
    "fr-utf-8-stray-byte.html": "utf-8",
    "ja-shift_jis-declared.html": "cp932",
    "ja-shift_jis-undeclared.html": "cp932",
    "ja-euc-jp-declares-utf-8.html": "euc_jis_2004",  # charset-normalizer's name for the EUC-JP superset
    "ja-utf-16-le-bom.html": "utf-16-le",
    "zh-gb18030-declared.html": "gb18030",
    "zh-gb18030-undeclared.html": "gb18030",
    "zh-gb18030-declares-iso-8859-1.html": "gb18030",
    "zh-utf-8.html.gz": "utf-8",
    "ru-cp1251-declares-iso-8859-1.html": "cp1251",
    "ru-cp1251-undeclared.html": "cp1251",
}


@pytest.mark.parametrize("name", sorted(EXPECTED_CODEC))
def test_every_paragraph_comes_out_intact(name):
    text, codec = _decoded(name)
    assert codec == EXPECTED_CODEC[name]
    for paragraph in TEXTS[name[:2]]:
        assert f"<p>{paragraph}</p>" in text


def test_stray_byte_in_utf8_page_costs_one_character_not_the_page():
    text, _ = _decoded("fr-utf-8-stray-byte.html")
    assert "<p>It\ufffds here</p>" in text
    assert text.count("\ufffd") == 1


def test_http_header_charset_is_used_when_the_bytes_agree():
    data = (DECODE / "ja-shift_jis-undeclared.html").read_bytes()
    text, codec = decode(data, content_type='text/html; charset="Shift_JIS"')
    assert codec == "cp932" and TEXTS["ja"][1] in text


def test_http_header_charset_that_lies_is_overruled():
    text, codec = _decoded("fr-utf-8-declares-iso-8859-1.html", content_type="text/html; charset=ISO-8859-1")
    assert codec == "utf-8" and "l’été prochain" in text


def test_a_real_page_reencoded_in_cp1252_under_its_utf8_meta():
    """remember8090.it (dev set), re-encoded to windows-1252 with its <meta charset="UTF-8"> left in place."""
    text, codec = _decoded("it-remember8090-cp1252-declares-utf-8.html.gz")
    assert codec == "cp1252"
    assert "per chi è sbarcato da Marte recentemente) il “venerdì nero” è l’ennesima consuetudine" in text
    assert "\ufffd" not in text


def test_gzip_with_several_members_is_read_whole():
    data = gzip.compress(b"<html><body><p>one</p>") + gzip.compress(b"<p>two</p></body></html>")
    text, _ = decode(data)
    assert text == "<html><body><p>one</p><p>two</p></body></html>"


def test_truncated_gzip_gives_the_part_it_holds():
    page = b"<html><body>" + b"".join(b"<p>Paragraph %d of the story.</p>" % n for n in range(2000)) + b"</body></html>"
    packed = gzip.compress(page)
    text, _ = decode(packed[: len(packed) // 2])
    assert text.startswith("<html><body><p>Paragraph 0 of the story.</p>")
    assert 0 < len(text) < len(page)


def test_corrupt_gzip_is_a_binary_input_error():
    with pytest.raises(BinaryInputError, match="gzip"):
        decode(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4)


def test_gzip_bomb_stops_at_the_limit():
    bomb = gzip.compress(b" " * 20_000_000)
    assert len(bomb) < 100_000
    with pytest.raises(InputTooLargeError, match="inflates past"):
        decode(bomb, max_bytes=5_000_000)


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_bom_wins_over_the_declaration(bom, codec):
    page = '<meta charset="windows-1252"><p>Zürich — «naïve» 東京</p>'
    text, used = decode(bom + page.encode(codec))
    assert used == codec and text == page


@pytest.mark.parametrize("data", [b"", b" \n\t ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"  \n"])
def test_nothing_to_decode_is_an_empty_input_error(data):
    with pytest.raises(EmptyInputError):
        load(data, options=Options())


@pytest.mark.parametrize("label,codec", [("ISO-8859-1", "cp1252"), ("latin1", "cp1252"), ("us-ascii", "cp1252"),
                                         ("GB2312", "gb18030"), ("gbk", "gb18030"), ("x-sjis", "cp932"),
                                         ("Shift_JIS", "cp932"), ("EUC-KR", "cp949"), ("utf8", "utf-8"),
                                         ("windows-874", "cp874"), ("no-such-charset", None)])
def test_labels_are_read_as_browsers_read_them(label, codec):
    assert codec_name(label) == codec


def test_loaded_document_carries_the_encoding_and_the_parsed_text():
    doc = load((DECODE / "zh-gb18030-declares-iso-8859-1.html").read_bytes(), options=Options())
    assert doc.kind == "html" and doc.encoding == "gb18030"
    assert ["".join(p.itertext()) for p in doc.tree.iter("p")] == TEXTS["zh"]


def test_xml_declaration_encoding_is_a_declaration_too():
    """ISO-8859-15 puts "€" and "œ" where windows-1252 has "¤" and "½": only the declaration can tell them apart."""
    french = "Le cœur du problème : l'œuvre coûte 5 € de plus par mois, a expliqué la ministre."
    page = f'<?xml version="1.0" encoding="ISO-8859-15"?>\n<html><body><p>{french}</p></body></html>'
    text, codec = decode(page.encode("iso-8859-15"))
    assert codec == "iso8859-15" and french in text


def test_a_real_utf8_page_decodes_to_exactly_its_text():
    """examples/thehill-meth-campaign.html: a real UTF-8 page with curly quotes and dashes, declared utf-8."""
    data = (EXAMPLES / "thehill-meth-campaign.html").read_bytes()
    text, codec = decode(data, content_type="text/html; charset=UTF-8")
    assert codec == "utf-8" and text == data.decode("utf-8")
    assert "launch of an anti-drug campaign with the slogan “Meth, we’re on it.”" in text


def test_meta_charset_after_a_long_inline_style_is_found():
    """Declared after 20 KB of inline CSS; ISO-8859-15's "€" and "œ" tell whether the declaration was read."""
    french = "Le cœur du problème : l'œuvre coûte 5 € de plus par mois."
    page = ("<html><head><style>" + "p { margin: 0 }\n" * 1300 + '</style><meta charset="iso-8859-15"></head>'
            f"<body><p>{french}</p></body></html>")
    text, codec = decode(page.encode("iso-8859-15"))
    assert codec == "iso8859-15" and french in text


@pytest.mark.parametrize("pad", [0, 1])
@pytest.mark.parametrize("language,codec", [("ja", "cp932"), ("zh", "gb18030")])
def test_long_undeclared_cjk_page_is_guessed_from_a_sample_cut_between_characters(language, codec, pad):
    """Pages longer than the guessing sample: a sample cut inside a two-byte character made the guess fail.
    The story is all two-byte characters with a newline between sentences; one of the two paddings puts the
    sample's end inside a character."""
    story = "\n".join(TEXTS[language][n % 3] for n in range(4000))
    page = f"<html><body>{' ' * pad}<p>{story}</p></body></html>".encode(codec)
    assert len(page) > 300_000
    text, used = decode(page)
    assert used == codec and TEXTS[language][2] in text and "\ufffd" not in text


LEGACY_PAGES = {  # language → (code page, a news sentence); none of these pages declares a charset
    "cs": ("cp1250", "Vláda v úterý schválila návrh rozpočtu na příští rok. Ministr financí řekl, že výdaje "
                     "na zdravotnictví vzrostou o pět procent."),
    "pl": ("cp1250", "Rząd przyjął we wtorek projekt budżetu na przyszły rok. Minister finansów powiedział, że "
                     "wydatki na zdrowie wzrosną o pięć procent."),
    "hu": ("cp1250", "A kormány kedden elfogadta a jövő évi költségvetés tervezetét. A pénzügyminiszter szerint "
                     "az egészségügyi kiadások öt százalékkal nőnek."),
    "tr": ("cp1254", "Hükümet bugün yeni ekonomik tedbirleri açıkladı. Maliye Bakanı, küçük işletmelerin "
                     "destekleneceğini söyledi; muhalefet ise planı eleştirdi."),
    "lt": ("cp1257", "Vyriausybė antradienį pritarė kitų metų biudžeto projektui. Finansų ministras sakė, kad "
                     "sveikatos apsaugos išlaidos didės."),
    "uk": ("cp1251", "Уряд України у вівторок схвалив проєкт бюджету на наступний рік, повідомили в пресслужбі."),
    "el": ("cp1253", "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα στήριξης της οικονομίας."),
    "fr": ("cp1252", "Le maire a présenté mardi un plan « vélo » de 50 millions d’euros pour l’été prochain."),
}


@pytest.mark.parametrize("language", sorted(LEGACY_PAGES))
def test_undeclared_legacy_page_is_read_in_its_languages_code_page(language):
    """The bytes alone cannot tell Czech in windows-1250 from French in windows-1252; the page's lang can."""
    codec, sentence = LEGACY_PAGES[language]
    page = f'<html lang="{language}"><head><title>x</title></head><body><p>{sentence}</p><p>{sentence}</p></body></html>'
    text, used = decode(page.encode(codec))
    assert used == codec and sentence in text


def test_undeclared_western_page_without_lang_is_windows_1252():
    codec, sentence = LEGACY_PAGES["fr"]
    text, used = decode(f"<html><body><p>{sentence}</p></body></html>".encode(codec))
    assert used == "cp1252" and sentence in text


def test_latin_page_declaring_a_cyrillic_code_page_is_not_read_as_cyrillic():
    codec, sentence = LEGACY_PAGES["fr"]
    page = f'<html lang="fr"><head><meta charset="windows-1251"></head><body><p>{sentence}</p>' * 4 + "</body></html>"
    text, used = decode(page.encode(codec))
    assert used == "cp1252" and sentence in text


def test_english_page_with_curly_quotes_keeps_its_cyrillic_declaration():
    """Too few non-ASCII bytes to judge: the declaration stands (windows-1251 has the same curly quotes)."""
    page = '<meta charset="windows-1251"><p>“Quoted,” he said — it’s fine.</p>'.encode("cp1251")
    text, used = decode(page)
    assert used == "cp1251" and "“Quoted,” he said — it’s fine." in text
