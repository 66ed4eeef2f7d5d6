"""Builds the decoding fixtures in this folder: real news-like text in the encodings (and lies) found on the web.

Run from the repository root: python tests/cases/decode/make_cases.py. The bytes are committed; this script says
how they were made. The texts are the expected output, kept in texts.json beside the fixtures.
"""

from __future__ import annotations

import codecs
import gzip
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

TEXTS = {
    "ja": [
        "【東京】政府は２５日の閣議で、物価高への対応を柱とする総合経済対策を決定した。財政支出は約２１兆円に上る。",
        "岸田首相は記者団に「賃上げの流れを地方や中小企業にも広げたい」と述べ、年内の補正予算成立を目指す考えを示した。",
        "野党からは「規模ありきで効果が見えない」との批判も出ている。",
    ],
    "zh": [
        "新华社北京11月25日电（记者王晓明）国家统计局25日发布数据显示，前三季度全国规模以上工业企业利润同比增长百分之三点二。",
        "国家统计局工业司首席统计师表示：“工业企业效益持续恢复，但外部环境依然复杂严峻。”",
        "分行业看，电子、汽车和电气机械行业利润增长较快，对全部工业利润增长贡献明显。",
    ],
    "fr": [
        "Le maire de Lyon a présenté mardi un plan « vélo » de 50 millions d’euros pour l’été prochain.",
        "« Nous voulons que chaque élève puisse aller à l’école à bicyclette », a déclaré l’élu, très ému.",
        "L’opposition dénonce un projet « précipité » et réclame une étude d’impact complète — sans succès.",
    ],
    "ru": [
        "Правительство России во вторник одобрило проект бюджета на следующий год, сообщили в пресс-службе кабинета.",
        "«Мы сохраняем все социальные обязательства», — заявил министр финансов на заседании.",
    ],
}


def page(paragraphs: list[str], *, declared: str | None, lang: str, http_equiv: bool = False) -> str:
    if declared is None:
        meta = ""
    elif http_equiv:
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
    else:
        meta = f'<meta charset="{declared}">'
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head>{meta}<title>{paragraphs[0][:20]}</title></head>\n'
            f"<body><article>\n{body}\n</article></body></html>\n")


# file name → (language, encoding of the bytes, charset the page declares, http-equiv form?)
CASES = {
    "ja-shift_jis-declared.html": ("ja", "shift_jis", "Shift_JIS", True),
    "ja-shift_jis-undeclared.html": ("ja", "shift_jis", None, False),
    "ja-euc-jp-declares-utf-8.html": ("ja", "euc_jp", "utf-8", False),
    "zh-gb18030-declared.html": ("zh", "gb18030", "GB2312", False),
    "zh-gb18030-undeclared.html": ("zh", "gb18030", None, False),
    "zh-gb18030-declares-iso-8859-1.html": ("zh", "gb18030", "iso-8859-1", False),
    "fr-cp1252-declares-utf-8.html": ("fr", "cp1252", "utf-8", False),
    "fr-cp1252-undeclared.html": ("fr", "cp1252", None, False),
    "fr-utf-8-declares-iso-8859-1.html": ("fr", "utf-8", "iso-8859-1", True),
    "ru-cp1251-declares-iso-8859-1.html": ("ru", "cp1251", "iso-8859-1", False),
    "ru-cp1251-undeclared.html": ("ru", "cp1251", None, False),
}


def main() -> None:
    for name, (lang, encoding, declared, http_equiv) in CASES.items():
        (HERE / name).write_bytes(page(TEXTS[lang], declared=declared, lang=lang, http_equiv=http_equiv).encode(encoding))
    # Byte-order marks: the BOM wins over a wrong declaration.
    (HERE / "fr-utf-8-bom-declares-iso-8859-1.html").write_bytes(
        codecs.BOM_UTF8 + page(TEXTS["fr"], declared="iso-8859-1", lang="fr").encode("utf-8"))
    (HERE / "ja-utf-16-le-bom.html").write_bytes(
        codecs.BOM_UTF16_LE + page(TEXTS["ja"], declared="utf-16", lang="ja").encode("utf-16-le"))
    # A UTF-8 page with one stray windows-1252 byte (a pasted apostrophe): still UTF-8, one U+FFFD.
    stray = page(TEXTS["fr"], declared="utf-8", lang="fr").replace("</article>", "<p>It\x00s here</p></article>")
    (HERE / "fr-utf-8-stray-byte.html").write_bytes(stray.encode("utf-8").replace(b"\x00", b"\x92"))
    (HERE / "zh-utf-8.html.gz").write_bytes(gzip.compress(page(TEXTS["zh"], declared="utf-8", lang="zh")
                                                          .encode("utf-8"), mtime=0))
    (HERE / "texts.json").write_text(json.dumps(TEXTS, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
