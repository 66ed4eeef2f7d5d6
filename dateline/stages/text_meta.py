"""What the lines above the story say about it: headline, site name, standfirst, byline and date, image caption.

A flattened page keeps the page's <title> (often "Site - Headline" or a logo's alt text glued to it), the headline
(often twice: in the header and above the body), the image's alt text with its caption joined on the next line,
and a byline. All are found by shape, place and repetition, never by words of one language: the headline is the
title-shaped line above the story that best shares the lead's words and sits where headlines sit; the site name is
the name that several clues agree on (the page's title line, its copyright line, alt texts).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from dateline.article import Image, Provenance
from dateline.stages.text_blocks import Line
from dateline.stages.text_roles import Span

# How far above the story the headline, byline and caption may sit, in non-blank lines.
HEADER_WINDOW = 40
# A headline is a phrase, not a paragraph and not a single word.
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 2, 30
# The site's name: where it may be found (the first and last lines) and what each piece of evidence is worth; a
# name needs more than a short line at the top of the page.
SITE_TOP_LINES = 30
SITE_EDGE_LINES = 30
SITE_TITLE_LINE_SCORE = 3.0
SITE_COPYRIGHT_SCORE = 2.0
SITE_OWNER_SCORE = 1.0
SITE_TOP_LINE_SCORE = 1.0
SITE_SUFFIX_SCORE = 1.0
SITE_MIN_SCORE = 3.0
# A site name is a few words; an image's alt text is short too.
SITE_NAME_MAX_WORDS = 6
ALT_MAX_WORDS = 12
# A caption describes: a clause at least, not a label.
CAPTION_MIN_WORDS = 4
# Longer than this, the line joined under a short one is a paragraph under its heading, not a caption.
CAPTION_MAX_WORDS = 40
# A trailing photo credit is a few words after the caption's last sentence ("Photo supplied", "AFP").
CREDIT_MAX_WORDS = 6
# A byline names one to a few people.
BYLINE_MAX_WORDS = 12
# A standfirst sits between headline and body and reads as a sentence.
STANDFIRST_MIN_WORDS = 4
STANDFIRST_UNPUNCTUATED_MIN_WORDS = 8
STANDFIRST_WINDOW = 3
# How many of the story run's first lines may be its header (headline, standfirst, byline).
SPAN_HEAD_LINES = 5
# The page's <title> or logo line, which may carry the headline, is among its first lines.
TITLE_LINE_SEARCH = 10
# Headline scores: on top of the story run above a byline; repeated on the page; a phrase, not a name or label.
HEAD_OF_STORY_SCORE = 3
BYLINE_BELOW_SCORE = 2
REPEATED_SCORE = 2
PHRASE_SCORE = 1
PHRASE_MIN_WORDS = 4
# The share of a headline's words found in the story's first paragraphs weighs this much (set by comparing the
# titles found on the dev pages with their og:title: 3 → 62 misses of 181, 5 → 58, 8 → 70; ~20 are not in the text).
OVERLAP_SCORE = 5.0
LEAD_PARAGRAPHS = 5
NAME_MAX_WORDS = 4
NAME_PENALTY = 2
SHOUTED_PENALTY = 1

# Separators between a page title's parts: "Site - Headline", "Headline | Site", "Headline — Site".
# From the start of a blank run only (the lookbehind after its first blank): the same splits, linear in a long run,
# and as fast as the plain pattern on ordinary lines (a lookbehind first would cost the engine its scan for "\s").
_SEPARATOR = re.compile(r"\s(?<!\s\s)\s*[-|–—:·•»]\s+")
_WORD = re.compile(r"\w+")
# "Photo: Meg Kinnard, AP", "Foto: Peter Braun": a one-word label, a colon, then a name or two.
_LABELLED_NAME = re.compile(r"^[^\W\d_]{2,15}:\s+[^\W\d_][^:]{1,40}$")
# "© 2024 Der Nordkurier. Alle Rechte vorbehalten.", "ⓒ 한빛일보.", "Copyright © 2010 AUTORACING": the owner.
_COPYRIGHT_OWNER = re.compile(r"[©ⓒ]\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<owner>[^\W\d_][^|,.·•©]{1,60})")
_SUFFIX_SEPARATORS = (" - ", " | ", " – ", " — ")
_SEPARATOR_CHARS = " -|–—:·•»"
# A credit glued to the end of a caption: "… government. Photo supplied", "… (AFP)", "… Reuters/Jane Doe".
_CREDIT_TAIL = re.compile(r"^(?P<caption>.*[.!?…。)\]])\s+(?P<credit>[^.!?…。]{2,80})$")
_CREDIT_LABELLED = re.compile(r"^(?P<caption>.*?)\s*\(?(?P<credit>(?:[\w ]{1,20}):\s*[^:]{2,60}?)\)?$")
# A byline opens with "by" in some language, or is a name then a date.
_BY = re.compile(r"^(?:by|von|por|par|di|door|av|af|от|przez|tarafından)\s+(?P<names>.+)$", re.IGNORECASE)
# A dateline carries a date or a clock time; a bare year is as likely in a headline ("the 2020 campaign").
_CLOCK_OR_NUMERIC_DATE = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|"
                                    r"\b\d{4}[./-]\d{1,2}[./-]\d{1,2}\b")
_DIGIT = re.compile(r"\d")
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|\bund\b|\by\b|\bet\b|\be\b|&)\s*")
_DATE = re.compile(
    r"\b(?P<iso>(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2}))\b"
    r"|\b(?P<ymd>(?P<y5>\d{4})[./](?P<m5>\d{1,2})[./](?P<d5>\d{1,2}))\b"
    r"|\b(?P<dmy>(?P<d2>\d{1,2})[./](?P<m2>\d{1,2})[./](?P<y2>\d{4}))\b"
    r"|\b(?P<mon>[^\W\d_]{3,12})\.?\s+(?P<d3>\d{1,2}),?\s+(?P<y3>\d{4})\b"
    r"|\b(?P<d4>\d{1,2})\.?\s+(?:de\s+)?(?P<mon4>[^\W\d_]{3,12})\.?,?\s+(?:de\s+|del\s+)?(?P<y4>\d{4})\b"
    r"|(?P<y6>\d{4})\s*[年년]\s*(?P<m6>\d{1,2})\s*[月월]\s*(?P<d6>\d{1,2})\s*[日일]")
# Month names by their first three (or four) letters, in the languages whose dates read "15 March 2019", "March 15,
# 2019" or "12 de marzo de 2024"; CJK dates ("2024年3月12日") and numeric ones need none.
_MONTHS = {
    **{name: n for n, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                         "nov", "dec"), start=1)},
    "mär": 3, "mai": 5, "okt": 10, "dez": 12,  # German
    "ene": 1, "abr": 4, "ago": 8, "dic": 12,  # Spanish
    "fév": 2, "avr": 4, "aoû": 8, "déc": 12, "juin": 6, "juil": 7,  # French
    "fev": 2, "set": 9, "out": 10,  # Portuguese
    "gen": 1, "mag": 5, "giu": 6, "lug": 7, "ott": 10,  # Italian
    "mei": 5, "maa": 3,  # Dutch
    **{name: n for n, name in enumerate(("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт",
                                         "ноя", "дек"), start=1)},  # Russian, genitive as in dates
    "май": 5,
}


@dataclass(frozen=True, slots=True)
class Meta:
    title: str | None = None
    subtitle: str | None = None
    site_name: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    image: Image | None = None
    roles: dict[int, str] = field(default_factory=dict)  # line index → role, for the lines used here
    body_start: int = 0  # the first line of the body (after a headline and byline on top of the story run)
    provenance: tuple[Provenance, ...] = ()  # the line each filled field was read from


def read(lines: list[Line], span: Span) -> Meta:
    roles: dict[int, str] = {}
    body_start = _span_head(lines, span)
    image = _caption(lines, span, roles)
    title_index = _headline(lines, span, body_start, roles)
    title = lines[title_index].text if title_index is not None else None
    if title is not None:
        for index, line in enumerate(lines):
            if line.text == title:
                roles[index] = "headline"
    site_name = _site_name(lines, title, roles)
    image = _site_alts(lines, span, site_name, roles) or image
    sources: dict[str, int] = {}  # field → the line index it was read from
    authors, published = _byline(lines, span, title_index, body_start, roles, sources)
    subtitle = _standfirst(lines, title_index, body_start, roles, sources)
    for index in range(span.start, body_start):
        roles.setdefault(index, "byline")
    return Meta(title=title, subtitle=subtitle, site_name=site_name, authors=authors, published=published,
                image=image, roles=roles, body_start=body_start,
                provenance=_provenance(lines, roles, sources, title_index, site_name, image))


def _provenance(lines: list[Line], roles: dict[int, str], sources: dict[str, int], title_index: int | None,
                site_name: str | None, image: Image | None) -> tuple[Provenance, ...]:
    """Where in the text each filled field came from: source "text", detail "line N"."""
    if title_index is not None:
        sources["title"] = title_index
    for name, role, value in (("site_name", "site-name", site_name), ("image", "caption", image)):
        index = min((i for i, given in roles.items() if given == role), default=None)
        if value and index is not None:
            sources[name] = index
    order = ("title", "subtitle", "site_name", "authors", "published", "image")
    return tuple(Provenance(name, "text", f"line {lines[sources[name]].number}") for name in order
                 if name in sources)


def _span_head(lines: list[Line], span: Span) -> int:
    """Where the body starts: after a byline or dateline among the span's first lines, when there is one.

    Some pages put headline, standfirst and byline right on top of the prose ("Headline / Lead. / Text: Name ·
    11 October 2018 / First paragraph"); the story run then starts at the headline.
    """
    for index in range(span.start + 1, min(span.start + SPAN_HEAD_LINES, span.end)):
        line = lines[index]
        if _bylineish(line):
            return index + 1
    return span.start


def _bylineish(line: Line) -> bool:
    """A short line naming authors ("By …", "Von …") or carrying a date."""
    if line.prose or line.words > BYLINE_MAX_WORDS:
        return False
    dated = _DIGIT.search(line.text) and (_DATE.search(line.text) or _CLOCK_OR_NUMERIC_DATE.search(line.text))
    return bool(dated or _byline_names(line.text))


def _header(span: Span, body_start: int) -> list[int]:
    """The indices of the lines above the body, nearest first."""
    return list(range(body_start - 1, max(-1, span.start - 1 - HEADER_WINDOW), -1))


def _title_shaped(line: Line) -> bool:
    return not (line.item or line.continuation or line.bare) and \
        TITLE_MIN_WORDS <= line.words <= TITLE_MAX_WORDS and not line.text.endswith((".", ",", ":"))


def _headline(lines: list[Line], span: Span, body_start: int, roles: dict[int, str]) -> int | None:
    """The headline: the best-scored title-shaped line above the body, nearest first on ties.

    A headline tells the story in brief, so it shares words with the story's first paragraphs (captions do too,
    but they read as sentences; names, credits and link labels do not); it sits on top of the story run or just
    above a byline; the page often repeats it (alone or inside its title line); it is a phrase, not a name.
    """
    top = [line.text for line in lines[:TITLE_LINE_SEARCH]]
    lead = _lead_words(lines, body_start, span)
    header = _header(span, body_start)
    bylines = {index: _bylineish(lines[index]) for index in range(max(0, header[-1] if header else 0),
                                                                  min(len(lines), body_start + 3))}
    best, best_score = None, 0.0
    for index in header:
        line = lines[index]
        if index in roles or not _title_shaped(line) or bylines[index] or credit_shaped(line.text):
            continue
        score = 1.0 + OVERLAP_SCORE * _overlap(line.text, lead)
        score += BYLINE_BELOW_SCORE if any(bylines.get(below) for below in range(index + 1, index + 4)) else 0
        score += HEAD_OF_STORY_SCORE if index == span.start < body_start else 0
        score += REPEATED_SCORE if line.repeats > 1 or _inside_other(line.text, top) else 0
        score += PHRASE_SCORE if line.words >= PHRASE_MIN_WORDS else 0
        score -= NAME_PENALTY if _name_shaped(line.text) else 0
        score -= SHOUTED_PENALTY if line.text.isupper() else 0  # a kicker or section label in capitals
        if score > best_score:
            best, best_score = index, score
    return best


def _lead_words(lines: list[Line], body_start: int, span: Span) -> frozenset[str]:
    """The words of the story's first paragraphs, lowercased."""
    prose = [line.text for line in lines[body_start:span.end + 1] if line.prose][:LEAD_PARAGRAPHS]
    return frozenset(_WORD.findall(" ".join(prose).lower()))


def _overlap(text: str, lead: frozenset[str]) -> float:
    """The share of a line's words (three letters or more; any length in CJK) that the lead also uses."""
    words = {word for word in _WORD.findall(text.lower()) if len(word) >= 3 or not word.isascii()}
    return len(words & lead) / len(words) if words else 0.0


def _name_shaped(text: str) -> bool:
    """Two or three capitalised words and nothing else: a person's or a section's name, not a headline."""
    words = text.split()
    return len(words) <= NAME_MAX_WORDS and all(word[:1].isupper() for word in words)


def credit_shaped(text: str) -> bool:
    """A photo credit: in brackets, or names joined by a slash ("(Reed Saxon / Associated Press)"), or labelled
    ("Photo: Meg Kinnard, AP"), or carrying a copyright sign."""
    return text.startswith("(") and text.endswith(")") or " / " in text or "©" in text or \
        bool(_LABELLED_NAME.match(text))


def _inside_other(text: str, others: list[str]) -> bool:
    return any(text in other and text != other for other in others)


def _site_name(lines: list[Line], title: str | None, roles: dict[int, str]) -> str | None:
    """The site's name, from the evidence that names it: scored candidates, the best if it has enough support.

    Candidates: what is left of a top line that carries the headline beside a separator ("Logo of X newspaper X -
    Headline" → X), the name in a copyright line ("© 2024 X. Alle Rechte vorbehalten." → X), short capitalised
    lines at the top, and a " - X" ending shared by several lines (image alt texts). A candidate named by more than
    one of these wins; a lone short line at the top ("Subscribe") does not have enough support.
    """
    scores, places = _site_candidates(lines, title)
    best = max(scores, key=lambda name: (scores[name], -places.get(name, len(lines))), default=None)
    if best is None or scores[best] < SITE_MIN_SCORE:
        return None
    if best in places:
        roles.setdefault(places[best], "site-name")
    return best


def _site_candidates(lines: list[Line], title: str | None) -> tuple[dict[str, float], dict[str, int]]:
    """Candidate names with their summed evidence, and the line each was first seen on."""
    scores: dict[str, float] = {}
    places: dict[str, int] = {}

    def add(name: str | None, score: float, index: int | None = None) -> None:
        if name and _capitalised(name) and 0 < len(name.split()) <= SITE_NAME_MAX_WORDS:
            scores[name] = scores.get(name, 0.0) + score
            if index is not None:
                places.setdefault(name, index)

    for index, line in enumerate(lines[:TITLE_LINE_SEARCH]):
        if title and title in line.text and line.text != title:
            add(_title_line_rest(line.text, title), SITE_TITLE_LINE_SCORE, index)
    for index, line in enumerate(lines[:SITE_TOP_LINES]):
        if not (line.item or line.bare or line.text == title):
            add(line.text, SITE_TOP_LINE_SCORE, index)
    add(_common_suffix(lines), SITE_SUFFIX_SCORE)
    owners = _copyright_names(lines)
    for name in list(scores):
        scores[name] += SITE_COPYRIGHT_SCORE if any(name.lower() in owner.lower() for owner in owners) else 0
    for owner in owners:
        add(owner, SITE_OWNER_SCORE)  # alone, too weak: the owner is often a parent company (Hearst, Vox Media)
    return scores, places


def _title_line_rest(text: str, title: str) -> str | None:
    parts = (part.strip(_SEPARATOR_CHARS) for part in _SEPARATOR.split(text.replace(title, " - ")))
    rest = " ".join(part for part in parts if part)
    return _repeated_phrase(rest) or rest


def _copyright_names(lines: list[Line]) -> list[str]:
    """The owners named in the page's copyright lines, near its end: "© 2005-2019 SlashGear, All Rights …"."""
    names = []
    for line in lines[-SITE_EDGE_LINES:]:
        match = _COPYRIGHT_OWNER.search(line.text)
        if match:
            names.append(match["owner"].strip())
    return names


def _repeated_phrase(text: str) -> str | None:
    """The longest run of words that occurs twice ("Logo of Phnom Penh Post newspaper Phnom Penh Post")."""
    words = text.split()
    for size in range(min(SITE_NAME_MAX_WORDS, len(words) // 2), 0, -1):
        counts = Counter(tuple(words[i:i + size]) for i in range(len(words) - size + 1))
        phrase, count = counts.most_common(1)[0] if counts else ((), 0)
        if count > 1 and any(word[:1].isupper() for word in phrase):
            return " ".join(phrase)
    return None


def _capitalised(text: str) -> bool:
    """Starts with a capital, or with a letter of a script without case (CJK, Arabic, Hebrew...)."""
    first = text[:1]
    return first.isupper() or (first.isalpha() and first.lower() == first.upper())


def _last_part(text: str) -> str | None:
    """What follows the last " - " (or " | ", " – ", " — ") of a line, if it has one."""
    for separator in _SUFFIX_SEPARATORS:
        if separator in text:
            return text.rpartition(separator)[2].strip() or None
    return None


def _common_suffix(lines: list[Line]) -> str | None:
    """A " - Name" ending shared by several lines (image alt texts, the page title) is the site's name."""
    counts = Counter(name for line in lines if line.words <= TITLE_MAX_WORDS and not line.prose
                     and (name := _last_part(line.text)) and len(name.split()) <= SITE_NAME_MAX_WORDS)
    name, count = counts.most_common(1)[0] if counts else ("", 0)
    return name if count > 1 else None


def _caption(lines: list[Line], span: Span, roles: dict[int, str]) -> Image | None:
    """The first image above or in the story: a short alt text with its caption joined on the next line."""
    first = None
    for index in range(max(0, span.start - HEADER_WINDOW), span.end + 1):
        line = lines[index]
        if index in roles or line.item or line.bare or line.continuation:
            continue
        alt_like = line.words <= ALT_MAX_WORDS and not line.terminal
        following = lines[index + 1] if index + 1 < len(lines) else None
        if alt_like and following is not None and following.joined_above and not following.item \
                and max(line.words, CAPTION_MIN_WORDS - 1) < following.words <= CAPTION_MAX_WORDS:
            roles[index] = "image-alt"
            roles[index + 1] = "caption"
            image = _split_credit(following.text)
            credit = lines[index + 2] if index + 2 < len(lines) else None
            if credit is not None and credit.joined_above and credit.words <= CREDIT_MAX_WORDS and not credit.item:
                roles[index + 2] = "credit"  # a credit on a line of its own under the caption
                image = Image(caption=image.caption, credit=image.credit or credit.text)
            first = first or image
    return first


def _site_alts(lines: list[Line], span: Span, site_name: str | None, roles: dict[int, str]) -> Image | None:
    """Image alt texts that only name the site ("Content image - Phnom Penh Post"); the caption of the first one
    when the text does not join it to its alt text (every block on the next line), as the line under it above the
    story."""
    if not site_name:
        return None
    suffix = f" - {site_name}"
    image = None
    for index in range(max(0, span.start - HEADER_WINDOW), span.end + 1):
        if index not in roles and lines[index].text.endswith(suffix) and lines[index].words <= ALT_MAX_WORDS:
            roles[index] = "image-alt"
            below = index + 1
            if image is None and below < span.start and below not in roles and not lines[below].item \
                    and lines[below].words >= CAPTION_MIN_WORDS:
                roles[below] = "caption"
                image = _split_credit(lines[below].text)
    return image


def _split_credit(text: str) -> Image:
    match = _CREDIT_TAIL.match(text)
    if match and len(match["credit"].split()) <= CREDIT_MAX_WORDS:
        return Image(caption=match["caption"], credit=match["credit"].strip("()[] "))
    match = _CREDIT_LABELLED.match(text)
    if match and match["caption"] and len(match["credit"].split()) <= CREDIT_MAX_WORDS:
        return Image(caption=match["caption"], credit=match["credit"])
    return Image(caption=text)


def _byline(lines: list[Line], span: Span, title_index: int | None, body_start: int, roles: dict[int, str],
            sources: dict[str, int]) -> tuple[tuple[str, ...], str | None]:
    """Authors and date from the short lines between the headline and the body."""
    authors: tuple[str, ...] = ()
    published = None
    start = title_index + 1 if title_index is not None and title_index < body_start else max(0, span.start - 6)
    for index in range(start, body_start):
        line = lines[index]
        if index in roles or line.words > BYLINE_MAX_WORDS:
            continue
        date = _DATE.search(line.text)
        names = _byline_names(line.text)
        if names and not authors:
            authors, sources["authors"] = names, index
            roles[index] = "byline"
        if date and published is None:
            published = _iso_date(date)
            roles[index] = "byline"
            if published:
                sources["published"] = index
    return authors, published


def _byline_names(text: str) -> tuple[str, ...]:
    """The names in a byline, which may share its line with a date ("October 9, 2018 | by Olivia Larsen")."""
    for part in _SEPARATOR.split(text):
        by = _BY.match(part.strip())
        if by:
            names = _DATE.sub("", by["names"]).strip(_SEPARATOR_CHARS + ",")
            return tuple(name.strip() for name in _NAME_SPLIT.split(names) if name.strip())
    return ()


def _iso_date(match: re.Match[str]) -> str | None:
    if match["iso"]:
        year, month, day = match["y"], match["m"], match["d"]
    elif match["ymd"]:
        year, month, day = match["y5"], match["m5"], match["d5"]
    elif match["dmy"]:
        year, month, day = match["y2"], match["m2"], match["d2"]
    elif match["y6"]:
        year, month, day = match["y6"], match["m6"], match["d6"]
    else:
        name = (match["mon"] or match["mon4"]).lower()
        month = _MONTHS.get(name[:4]) or _MONTHS.get(name[:3])
        if month is None:
            return None
        year, day = match["y3"] or match["y4"], match["d3"] or match["d4"]
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _standfirst(lines: list[Line], title_index: int | None, body_start: int, roles: dict[int, str],
                sources: dict[str, int]) -> str | None:
    """A sentence right under the headline, above the body, that the body did not take (its final stop is often
    left off: "Las comunidades del sur tendrán que cumplir nuevas restricciones")."""
    if title_index is None:
        return None
    for index in range(title_index + 1, min(body_start, title_index + 1 + STANDFIRST_WINDOW)):
        line = lines[index]
        if index in roles or line.item or _bylineish(line):
            continue
        if line.words >= (STANDFIRST_MIN_WORDS if line.terminal else STANDFIRST_UNPUNCTUATED_MIN_WORDS):
            sources["subtitle"] = index
            roles[index] = "standfirst"
            return line.text
    return None
