"""Article → Markdown: headline, byline, lead image with caption and credit, the structured body, who said what.

Text from the page is escaped so that it reads as the page's words, never as markup: a paragraph starting with
"1." stays a paragraph, "<script>" stays text, and a code block cannot be closed early by the code it holds.
"""

from __future__ import annotations

import re
from collections import defaultdict

from dateline.article import Article, Block, Image, Quote

# Characters that would turn plain text into Markdown markup at the start of a line ("# ", "- ", "1. ", "> ").
_LINE_START_MARKUP = re.compile(r"^(\d*)([#>*+.)-])(\s)")
# Characters that are markup anywhere in a line: emphasis, code, links, raw HTML, and the escape itself.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<])")
_BACKTICK_RUN = re.compile(r"`+")
_URL_ESCAPES = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"})
UNATTRIBUTED = "Unattributed"


def to_markdown(article: Article) -> str:
    parts: list[str] = []
    if article.title:
        parts.append(f"# {_inline(article.title)}")
    if article.subtitle:
        parts.append(f"*{_inline(article.subtitle)}*")
    parts.append(_byline(article))
    if article.image and article.image.url and not _image_in_body(article):
        parts.append(_image(article.image))
    parts.extend(_block(block) for block in article.body)
    if article.quotes:
        parts.append(_who_said_what(article.quotes))
    return "\n\n".join(part for part in parts if part) + "\n"


def _byline(article: Article) -> str:
    bits = []
    if article.authors:
        bits.append("By " + ", ".join(article.authors))
    if article.published:
        bits.append(article.published)
    if article.site_name:
        bits.append(article.site_name)
    return " · ".join(_inline(bit) for bit in bits)


def _image_in_body(article: Article) -> bool:
    return any(block.image and block.image.url == article.image.url for block in article.body)


def _image(image: Image, caption: str | None = None) -> str:
    """The picture, then its caption and credit in italics on the next line."""
    caption = image.caption or caption
    lines = []
    if image.url:
        lines.append(f"![{_inline(image.alt or caption or '')}]({_url(image.url)})")
    words = " ".join(bit for bit in (caption, f"({image.credit})" if image.credit else None) if bit)
    if words:
        lines.append(f"*{_inline(words)}*")
    return "\n".join(lines)


def _block(block: Block) -> str:
    if block.kind == "heading":
        return "#" * min(max(block.level or 2, 2), 6) + " " + _inline(block.text)  # the headline alone is "#"
    if block.kind == "list":
        items = block.items or tuple(block.text.splitlines())
        return "\n".join(f"{n}. {_inline(item)}" if block.ordered else f"- {_inline(item)}"
                         for n, item in enumerate(items, 1))
    if block.kind == "quote":
        return "\n".join(f"> {_escape_line_start(_inline(line))}" if line.strip() else ">"
                         for line in block.text.split("\n"))
    if block.kind == "table":
        return _table(block)
    if block.kind == "figure":
        return _image(block.image or Image(), caption=block.text)
    if block.kind == "code":
        return _code(block.text)
    return _escape_line_start(_inline(block.text))


def _table(block: Block) -> str:
    rows = block.rows or tuple(tuple(line.split("\t")) for line in block.text.splitlines())
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    cells = [[_inline(cell).replace("|", "\\|") for cell in row] + [""] * (width - len(row)) for row in rows]
    header, body = (cells[0], cells[1:]) if block.header else ([""] * width, cells)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def _code(text: str) -> str:
    fence = "`" * max(3, 1 + max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0))
    return f"{fence}\n{text}\n{fence}"


def _who_said_what(quotes: tuple[Quote, ...]) -> str:
    """Quotations grouped by speaker, speakers in the order they first speak and unattributed quotations last:
    whole quotations as items, phrases quoted inside the writer's sentences (partial quotes) on one line after them."""
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        by_speaker[quote.speaker or UNATTRIBUTED].append(quote)
    speakers = sorted(by_speaker, key=lambda speaker: speaker == UNATTRIBUTED)  # stable: first-speaking order kept
    lines = ["## Who said what"]
    for speaker in speakers:
        said = by_speaker[speaker]
        role = next((quote.role for quote in said if quote.role), None)
        lines.append(f"\n**{_inline(speaker)}**" + (f" ({_inline(role)})" if role else ""))
        lines.extend(f"- “{_inline(quote.text)}”" for quote in said if not quote.partial)
        phrases = [f"“{_inline(quote.text)}”" for quote in said if quote.partial]
        if phrases:
            lines.append("- *in the text:* " + ", ".join(phrases))
    return "\n".join(lines)


def _inline(text: str) -> str:
    """One line of page text: whitespace collapsed, markup characters escaped."""
    return _INLINE_MARKUP.sub(r"\\\1", " ".join(text.split()))


def _url(url: str) -> str:
    """Characters that would end a Markdown link destination early, percent-encoded as a browser would."""
    return url.translate(_URL_ESCAPES)


def _escape_line_start(text: str) -> str:
    """Escape a line start that Markdown would read as a list or heading ("1. x" → "1\\. x", "- x" → "\\- x").

    CommonMark escapes the punctuation, not the digits.
    """
    match = _LINE_START_MARKUP.match(text)
    if not match:
        return text
    digits, mark = match.group(1), match.group(2)
    is_markup = mark in ".)" if digits else mark in "#>*+-"
    return f"{digits}\\{text[len(digits):]}" if is_markup else text
