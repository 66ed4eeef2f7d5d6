"""Article → Markdown: headline, byline, lead image with caption and credit, the structured body, who said what."""

from __future__ import annotations

import re
from collections import defaultdict

from dateline.article import Article, Block, Image, Quote

# Characters that would turn plain text into Markdown markup at the start of a line.
_LINE_START_MARKUP = re.compile(r"^([#>*+-]|\d+[.)])(\s)")


def to_markdown(article: Article) -> str:
    parts: list[str] = []
    if article.title:
        parts.append(f"# {_inline(article.title)}")
    if article.subtitle:
        parts.append(f"*{_inline(article.subtitle)}*")
    byline = _byline(article)
    if byline:
        parts.append(byline)
    if article.image and article.image.url and not _image_in_body(article):
        parts.append(_image(article.image))
    parts.extend(_block(block) for block in article.body)
    if article.quotes:
        parts.append(_who_said_what(article))
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


def _image(image: Image) -> str:
    alt = _inline(image.alt or image.caption or "")
    lines = [f"![{alt}]({image.url})"] if image.url else []
    caption = " ".join(bit for bit in (image.caption, f"({image.credit})" if image.credit else None) if bit)
    if caption:
        lines.append(f"*{_inline(caption)}*")
    return "\n".join(lines)


def _block(block: Block) -> str:
    if block.kind == "heading":
        return "#" * min(max(block.level or 2, 2), 6) + " " + _inline(block.text)
    if block.kind == "list":
        items = block.items or tuple(block.text.splitlines())
        return "\n".join(f"{n}. {_inline(item)}" if block.ordered else f"- {_inline(item)}"
                         for n, item in enumerate(items, 1))
    if block.kind == "quote":
        return "\n".join(f"> {_inline(line)}" if line else ">" for line in block.text.split("\n"))
    if block.kind == "table":
        return _table(block)
    if block.kind == "figure":
        return _image(block.image or Image(caption=block.text))
    if block.kind == "code":
        return "```\n" + block.text + "\n```"
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


def _who_said_what(article: Article) -> str:
    """Quotations grouped by speaker in order of first appearance: whole quotations as items, phrases quoted
    inside the writer's sentences (partial quotes) on one line after them."""
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for quote in article.quotes:
        by_speaker[quote.speaker or "Unattributed"].append(quote)
    lines = ["## Who said what"]
    for speaker, quotes in by_speaker.items():
        role = next((q.role for q in quotes if q.role), None)
        lines.append(f"\n**{_inline(speaker)}**" + (f" ({_inline(role)})" if role else ""))
        lines.extend(f"- “{_inline(q.text)}”" for q in quotes if not q.partial)
        phrases = [f"“{_inline(q.text)}”" for q in quotes if q.partial]
        if phrases:
            lines.append("- *in the text:* " + ", ".join(phrases))
    return "\n".join(lines)


def _inline(text: str) -> str:
    return " ".join(text.split())


def _escape_line_start(text: str) -> str:
    return _LINE_START_MARKUP.sub(r"\\\1\2", text)
