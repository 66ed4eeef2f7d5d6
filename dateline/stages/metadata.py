"""Metadata stage: title, subtitle, site, authors, dates, language, description, canonical URL, section, tags, lead
image, and the provenance of each.

Fills: title, subtitle, site_name, authors, published, modified, language, description, url, section, tags, image,
provenance. Every source (meta_sources) is read into candidates; for each field the first candidate that passes
the field's check wins, sources taken in order of trust (JSON-LD, OpenGraph, Twitter, CMS <meta>, microdata, the
page). Three fields need more than "first valid": the title (the visible headline, confirmed by the metadata,
beats an SEO title), the authors (cross-checked against the page's byline), and the URL and language (where the
page's own markup — <link rel=canonical>, <html lang> — is the most direct statement).
"""

from __future__ import annotations

import dataclasses
import html
import re
from typing import Any, Callable, Iterable
from urllib.parse import urljoin, urlsplit

from dateline.article import Article, Image, Provenance
from dateline.document import Document
from dateline.options import Options
from dateline.stages import meta_sources as sources
from dateline.stages.meta_authors import clean_authors, is_org
from dateline.stages.meta_dates import date_from_url, is_zoneless_time, parse_date
from dateline.stages.meta_sources import Candidate, clean_text

# Separators between a headline and the site's name in <title>/og:title ("Story - Site", "Site | Story").
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]\s+|\s+::\s+|\s*\|\s*")
MAX_SITE_SUFFIX_WORDS = 6  # a longer segment after "|" is part of the headline, not the site's or section's name
SITE_NAME_SLACK = 8  # letters a title segment may add to the site's name and still be it ("Reuters.com", "BBC News")
# How alike the h1 and the metadata title must be for the h1 to count as the headline (token overlap of the
# shorter over the longer). 0.6 lets "Trump's health: X" match "Trump health X | Site" and keeps a logo h1 out.
TITLE_MATCH = 0.6
MAX_TITLE_CHARS = 400
MIN_HEADLINE_WORDS = 4  # a shorter lone h1 is a site or section name ("Editorial", "The Guardian")
# A lone h1 that rewords the metadata title shares at least 2 words of 4+ letters with it ("Disney+ glitches"); a
# teaser's h1 on a page whose headline is not an h1 shares none (digg.com dev page).
MIN_SHARED_WORDS = 2
MIN_SHARED_WORD = 4
MAX_TAGS = 30
MIN_SUBTITLE_WORDS = 4
_LANGUAGE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{4}))?(?:[-_]([a-zA-Z]{2}|\d{3}))?$")
_TOKENS = re.compile(r"\w+")
_IMAGE_SIZE = re.compile(r"(?:[-_.]\d{2,4}x\d{2,4}|[-_](?:large|medium|small|thumb|\d{2,4}w))$", re.IGNORECASE)


def run(doc: Document, article: Article, options: Options) -> Article:
    if doc.tree is None or not options.metadata:
        return article
    try:
        found = sources.scan(doc.tree, doc.jsonld, doc.landmarks)
    except (ValueError, TypeError):
        found = sources.Scan()
    candidates = _read((lambda: sources.from_jsonld(found.jsonld), lambda: sources.from_meta(found.metas),
                        lambda: sources.from_headlines(found)))
    lacking = _lacking(candidates)
    if lacking:
        # A substring test on the HTML is ~20x cheaper than the walk that finds no itemprop. (Not doc.html: that
        # decodes the page, when the test reads the bytes.)
        if (doc.utf8 is None and doc.decoded is None) or doc.mentions("itemprop"):
            microdata = _read((lambda: sources.from_microdata(doc.tree),))
            candidates += microdata
            lacking = _lacking(candidates) if microdata else lacking
        shown = _shown_by_headline(candidates)
        candidates += _read((lambda: sources.from_page(doc.tree, found.headline, lacking, shown),))
    return _fill(article, _choose(candidates, found, doc, doc.url or article.url))


def _choose(candidates: list[Candidate], found: sources.Scan, doc: Document, base: str | None) -> dict[str, Candidate]:
    """Field → the winning candidate: the first valid in order of trust, then the fields with their own rules."""
    ranked = _rank(candidates)
    chosen: dict[str, Candidate] = {}
    for field, check in _CHECKS.items():
        winner = _first_valid(_ranked(ranked, field), check, base)
        if winner is not None:
            chosen[field] = winner
    site_name = chosen["site_name"].value if "site_name" in chosen else None
    _choose_title(chosen, ranked, found, doc, site_name)
    _drop_repeated_title(chosen, "subtitle")
    _choose_authors(chosen, ranked, site_name)
    _choose_url(chosen, ranked, found, base)
    _choose_language(chosen, ranked, doc)
    _choose_image(chosen, ranked, base)
    for field in ("published", "modified"):
        _complete_zone(chosen, ranked, field)
    if "published" not in chosen:
        from_url = date_from_url(base)
        if from_url:
            chosen["published"] = Candidate("published", from_url, "url", "path")
    return chosen


def _read(readers: tuple[Callable[[], Iterable[Candidate]], ...]) -> list[Candidate]:
    """Every source in its own try: a malformed JSON-LD or a strange attribute never loses the other sources."""
    candidates: list[Candidate] = []
    for read in readers:
        try:
            candidates += list(read())
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError):
            continue
    return candidates


def _lacking(candidates: list[Candidate]) -> frozenset[str]:
    """The fields the structured sources leave open: no author (the site's own name is none) or only an
    organisation; no date, or only a bare <time>. Microdata and the byline/date elements cost a walk over every
    element: read only when something is open, and the whole page searched only for what is."""
    ranked = _rank(candidates)
    site = _first_valid(_ranked(ranked, "site_name"), _short_text, None)
    site_key = _key(site.value) if site else ""
    authors = next((names for c in _ranked(ranked, "authors") if c.source != "page"
                    for names in [tuple(n for n in _authors(c.value) if _key(n) != site_key)] if names), ())
    published = _first_valid(_ranked(ranked, "published"), _date, None)
    return frozenset(({"authors"} if not authors or _all_orgs(authors) else set())
                     | ({"published"} if published is None or published.source == "page" else set()))


Ranked = dict[str, list[Candidate]]


def _shown_by_headline(candidates: list[Candidate]) -> frozenset[str]:
    """The fields the page's cheap sources (a "By ..." line after the h1, a <time>) already settle: page candidates
    rank in the order read, so the page search's bylines and dates could only follow them. A date with a time
    but no zone settles nothing: a later one may complete it."""
    ranked = _rank([c for c in candidates if c.source == "page"])
    shown = {"authors"} if any(_authors(c.value) for c in _ranked(ranked, "authors")) else set()
    published = _first_valid(_ranked(ranked, "published"), _date, None)
    if published is not None and not is_zoneless_time(published.value):
        shown.add("published")
    return frozenset(shown)


def _rank(candidates: list[Candidate]) -> Ranked:
    """Field → its candidates in order of trust (a stable sort: document order within a source)."""
    ranked: Ranked = {}
    for candidate in sorted(candidates, key=lambda c: sources.SOURCE_RANK[c.source]):
        ranked.setdefault(candidate.field, []).append(candidate)
    return ranked


def _ranked(ranked: Ranked, field: str) -> list[Candidate]:
    return ranked.get(field, [])


def _first_valid(candidates: Iterable[Candidate], check: Callable[[Any, str | None], Any],
                 base: str | None) -> Candidate | None:
    for candidate in candidates:
        value = check(candidate.value, base)
        if value:
            return candidate._replace(value=value)
    return None


# --- the checks: raw value → clean value, or None to try the next candidate ------------------------------------

def _text(value: Any, base: str | None = None, *, limit: int = 2000) -> str | None:
    text = clean_text(html.unescape(value) if isinstance(value, str) and "&" in value else value)
    return text if text and len(text) <= limit else None


def _subtitle(value: Any, base: str | None = None) -> str | None:
    """A dek is a sentence; two words ("STREAM BIG") are a kicker or a section label."""
    text = _text(value)
    return text if text and len(text.split()) >= MIN_SUBTITLE_WORDS else None


def _short_text(value: Any, base: str | None = None) -> str | None:
    return _text(value, limit=120)


def _authors(value: Any, base: str | None = None) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else list(value or ())
    return clean_authors([html.unescape(v) for v in values if isinstance(v, str)])


def _date(value: Any, base: str | None = None) -> str | None:
    return parse_date(value)


def _tags(value: Any, base: str | None = None) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else list(value or ())
    tags: list[str] = []
    seen: set[str] = set()
    for item in values:
        for tag in str(item).split(","):
            tag = clean_text(html.unescape(tag))
            if tag and len(tag) <= 80 and tag.lower() not in seen:
                seen.add(tag.lower())
                tags.append(tag)
                if len(tags) == MAX_TAGS:
                    return tuple(tags)
    return tuple(tags)


def _section(value: Any, base: str | None = None) -> str | None:
    text = _text(value.split(",")[0] if isinstance(value, str) else value, limit=80)
    return None if text and text.startswith(("http", "/")) else text


def _url(value: Any, base: str | None = None) -> str | None:
    if not isinstance(value, str) or not value.strip() or len(value) > 4000:
        return None
    try:
        url = urljoin(base or "", value.strip())
        parts = urlsplit(url)
    except ValueError:  # "http://[junk": an unclosed IPv6 bracket, in the page or in the caller's url=
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def _path_and_host(url: str | None) -> tuple[str, str]:
    """The path and host name of a URL that may be malformed ("http://[junk" raises in urlsplit): ("", "") then."""
    try:
        parts = urlsplit(url or "")
        return parts.path, parts.hostname or ""
    except ValueError:
        return "", ""


def _image(value: Any, base: str | None = None) -> Image | None:
    if not isinstance(value, Image) or not value.url:
        return None
    url = _url(value.url, base)
    if not url:
        return None
    return value if url == value.url else dataclasses.replace(value, url=url)


def normalise_language(value: Any, base: str | None = None) -> str | None:
    """"en_US", "EN-us", "en-US,en;q=0.9" → "en-US"; "und", "x-default" and junk → None."""
    if not isinstance(value, str):
        return None
    match = _LANGUAGE.match(value.split(",")[0].split(";")[0].strip())
    if not match or match.group(1).lower() in ("und", "xx", "mul", "zxx"):
        return None
    language, script, region = match.groups()
    parts = [language.lower()] + ([script.title()] if script else []) + ([region.upper()] if region else [])
    return "-".join(parts)


_CHECKS: dict[str, Callable[[Any, str | None], Any]] = {
    "site_name": _short_text, "subtitle": _subtitle, "published": _date, "modified": _date,
    "description": _text, "section": _section, "tags": _tags,
}


# --- the fields that need more than the first valid candidate ----------------------------------------------------

def _choose_title(chosen: dict[str, Candidate], ranked: Ranked, found: sources.Scan, doc: Document,
                  site_name: str | None) -> None:
    """The visible headline (an h1 that the metadata title confirms) beats the metadata's SEO title; a metadata
    title beats <title>; the site's name is cut off either."""
    host = _path_and_host(doc.url)[1]
    titles = [c for c in _ranked(ranked, "title") if c.source != "page"]
    h1s = [c for c in _ranked(ranked, "title") if c.source == "page"][:5]
    if found.head_title:
        titles.append(Candidate("title", found.head_title, "meta", "<title>"))
    only_h1 = _only_headline(h1s, site_name)
    for candidate in titles:
        raw = _text(candidate.value, limit=MAX_TITLE_CHARS)
        if not raw:
            continue
        text = strip_site_name(raw, site_name, host)
        for h1 in h1s:
            h1_text = _text(h1.value, limit=MAX_TITLE_CHARS)
            if h1_text and (_alike(h1_text, text) or _alike(h1_text, raw) or _is_part(h1_text, raw, site_name)):
                if h1_text.startswith(text) and len(h1_text) > len(text):
                    # The h1 holds the headline and more: a link to the site's front page, the author's line
                    # ("<h1><span>Headline</span><a href="/">Site</a></h1>"). The metadata gives the headline alone.
                    chosen["title"] = candidate._replace(value=text, detail=f"{candidate.detail}, the start of the h1")
                else:
                    chosen["title"] = h1._replace(value=h1_text, detail=f"h1, confirmed by {candidate.detail}")
                return
        if only_h1 is not None and _shares_words(only_h1.value, text) and not only_h1.value.startswith(text):
            chosen["title"] = only_h1
            return
        chosen["title"] = candidate._replace(value=text)
        return
    first_h1 = next((c for c in h1s if _text(c.value, limit=MAX_TITLE_CHARS)), None)
    if first_h1 is not None:
        chosen["title"] = first_h1._replace(value=_text(first_h1.value))


def _only_headline(h1s: list[Candidate], site_name: str | None) -> Candidate | None:
    """The page's one h1, when it reads like a headline: news sites often give an SEO title in the metadata and
    the headline the reader sees in the h1 ("Disney+ glitches blamed on ..." vs "'We had some issues,' exec...")."""
    texts = [(c, _text(c.value, limit=MAX_TITLE_CHARS)) for c in h1s]
    texts = [(c, t) for c, t in texts if t]
    if len(texts) != 1:
        return None
    candidate, text = texts[0]
    if len(text.split()) < MIN_HEADLINE_WORDS or (site_name and _alike(text, site_name)):
        return None
    return candidate._replace(value=text, detail="h1, the only one on the page")


def strip_site_name(title: str, site_name: str | None, host: str) -> str:
    """"Story | Site" → "Story": the segment naming the site (its name, or its host) is cut at either end."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    names = [_squash(site_name or ""), _squash(host.removeprefix("www.").rsplit(".", 1)[0])]
    for index in (-1, 0):
        segment = _squash(parts[index])
        if segment and any(name and _names_site(segment, name) for name in names):
            return _cut(title, parts[index], at_end=index == -1)
    separators = _TITLE_SEPARATORS.findall(title)
    if "|" in separators[-1] and len(parts[-1].split()) <= min(MAX_SITE_SUFFIX_WORDS, len(parts[0].split()) - 1):
        return _cut(title, parts[-1], at_end=True)
    return title


def _names_site(segment: str, name: str) -> bool:
    """"nytimes" names "nytimescom"; "theguardian" does not name "theguardianviewonhongkong..." (a headline)."""
    return segment in name or (name in segment and len(segment) - len(name) <= SITE_NAME_SLACK)


def _cut(title: str, segment: str, *, at_end: bool) -> str:
    if at_end:
        rest = title[: title.rfind(segment)]
    else:
        rest = title[title.find(segment) + len(segment):]
    return rest.strip(" |-–—:·•»/").strip() or title


def _squash(text: str) -> str:
    return "".join(_TOKENS.findall(text.lower()))


def _is_part(h1: str, title: str, site_name: str | None) -> bool:
    """"About bugs" is the headline of "About bugs – Vortex Cannon Entertainment": one end of it, cut at a
    separator (the site's name could not be recognised to strip it)."""
    if h1 == title or len(h1) >= len(title) or (site_name and _alike(h1, site_name)):
        return False
    rest = title[len(h1):] if title.startswith(h1) else title[: -len(h1)] if title.endswith(h1) else None
    return rest is not None and bool(_TITLE_SEPARATORS.match(rest) or _TITLE_SEPARATORS.search(rest[-4:] + "x"))


def _shares_words(first: str, second: str) -> bool:
    """Two headlines of one story share content words even when reworded; a teaser's h1 shares none."""
    a = {word for word in _TOKENS.findall(first.lower()) if len(word) >= MIN_SHARED_WORD}
    b = {word for word in _TOKENS.findall(second.lower()) if len(word) >= MIN_SHARED_WORD}
    return len(a & b) >= MIN_SHARED_WORDS


def _alike(first: str, second: str) -> bool:
    a, b = set(_TOKENS.findall(first.lower())), set(_TOKENS.findall(second.lower()))
    if not a or not b:
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return len(shorter & longer) / len(longer) >= TITLE_MATCH


def _complete_zone(chosen: dict[str, Candidate], ranked: Ranked, field: str) -> None:
    """A time with no zone ("2019-11-19 02:24:00" in microdata) takes the zone another source gives for the same
    clock time (<time datetime="2019-11-19 02:24:00 UTC">): the same statement, made completely."""
    winner = chosen.get(field)
    if winner is None or not is_zoneless_time(winner.value):
        return
    for candidate in _ranked(ranked, field):
        value = _date(candidate.value)
        if value and len(value) > len(winner.value) and value.startswith(winner.value[:16]):
            chosen[field] = candidate._replace(value=value)
            return


def _drop_repeated_title(chosen: dict[str, Candidate], field: str) -> None:
    """A "dek" that is the headline again (some CMSs print it twice) is no subtitle."""
    if field in chosen and "title" in chosen and _alike(chosen[field].value, chosen["title"].value):
        del chosen[field]


def _choose_authors(chosen: dict[str, Candidate], ranked: Ranked, site_name: str | None) -> None:
    """Metadata authors, checked against the byline shown on the page: names that are the site itself are dropped;
    the page's byline wins when it names none of the metadata's authors and either the metadata names only an
    organisation or the page says it plainly ("By ...", "Publicado por ..."): a CMS account name ("admin",
    "PMJS - Coordenadoria de TI") in the metadata is common, a "By" line naming the wrong people is not."""
    # The page's byline: the first byline element that names someone (the one by the headline comes first).
    page_candidate, page_names = next(((c, list(names)) for c in _ranked(ranked, "authors") if c.source == "page"
                                       for names in [_authors(c.value)] if names), (None, []))
    site = _key(site_name or "")
    for candidate in _ranked(ranked, "authors"):
        if candidate.source == "page":
            break
        names = tuple(name for name in _authors(candidate.value) if _key(name) != site)
        if not names:
            continue
        if page_candidate is not None and not _on_byline(names, page_candidate) and (
                _all_orgs(names) or sources.is_explicit_byline(page_candidate.value)):
            break
        chosen["authors"] = candidate._replace(value=names)
        return
    if page_candidate is not None:
        chosen["authors"] = page_candidate._replace(value=tuple(page_names))


def _key(name: str) -> str:
    return " ".join(_TOKENS.findall(name.lower()))


def _on_byline(names: tuple[str, ...], byline: Candidate) -> bool:
    """Whether the page's byline text shows one of the names ("Reuters, Washington" shows "Reuters")."""
    text = f" {_key(' '.join(byline.value))} "
    return any(f" {_key(name)} " in text for name in names)


def _all_orgs(names: tuple[str, ...]) -> bool:
    return all(is_org(name) for name in names)


def _choose_url(chosen: dict[str, Candidate], ranked: Ranked, found: sources.Scan,
                base: str | None) -> None:
    """<link rel=canonical> is the page's own statement of its address; then og:url, JSON-LD, the given URL."""
    canonical = _url(found.canonical, base)
    if canonical:
        chosen["url"] = Candidate("url", canonical, "meta", "link[rel=canonical]")
        return
    winner = _first_valid(_ranked(ranked, "url"), _url, base)
    if winner is not None:
        chosen["url"] = winner
    elif base:
        chosen["url"] = Candidate("url", base, "input", "given URL")


def _choose_language(chosen: dict[str, Candidate], ranked: Ranked, doc: Document) -> None:
    """<html lang> first: it is what the page declares for its text; then the content-language <meta> and HTTP
    header (the same statement made by the server), then og:locale, JSON-LD and the rest in the usual order."""
    html_lang = normalise_language(doc.tree.get("lang") or doc.tree.get("xml:lang"))
    if html_lang:
        chosen["language"] = Candidate("language", html_lang, "page", "html[lang]")
        return
    header = next((v for k, v in doc.headers.items() if k.lower() == "content-language"), None)
    declared = [c for c in _ranked(ranked, "language") if c.detail == "content-language"]
    if header:
        declared.append(Candidate("language", header, "http", "Content-Language"))
    winner = _first_valid(declared + _ranked(ranked, "language"), normalise_language, None)
    if winner is not None:
        chosen["language"] = winner


def _choose_image(chosen: dict[str, Candidate], ranked: Ranked, base: str | None) -> None:
    """The metadata image, with the caption and credit of the lead <figure> when that figure shows the same picture
    (the same file name once size suffixes are cut); the figure's own image when no metadata gives one."""
    images = _ranked(ranked, "image")
    best = _first_valid([c for c in images if c.source != "page"], _image, base)
    figure = _first_valid([c for c in images if c.source == "page"], _image, base)
    if best is None:
        if figure is not None:
            chosen["image"] = figure
        return
    if figure is not None and _image_stem(figure.value.url) == _image_stem(best.value.url):
        merged = dataclasses.replace(best.value, caption=best.value.caption or figure.value.caption,
                                     credit=best.value.credit or figure.value.credit,
                                     alt=best.value.alt or figure.value.alt)
        best = best._replace(value=merged, detail=f"{best.detail}, caption from figure")
    chosen["image"] = best


def _image_stem(url: str | None) -> str:
    name = _path_and_host(url)[0].rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return _IMAGE_SIZE.sub("", name).lower()


def _fill(article: Article, chosen: dict[str, Candidate]) -> Article:
    values = {field: candidate.value for field, candidate in chosen.items()}
    provenance = tuple(Provenance(field, candidate.source, candidate.detail)
                       for field, candidate in sorted(chosen.items()))
    return dataclasses.replace(article, **values, provenance=article.provenance + provenance)
