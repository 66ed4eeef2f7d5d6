"""Author names for the metadata stage: a byline as pages write it → clean person names.

"By JILL LAWLESS, Associated Press" → ("Jill Lawless",); "John Smith and Jane Doe | Staff Writers" → both names;
"Jane Doe Published 3:45 PM ET Nov 19, 2019" → ("Jane Doe",). What is dropped: the "By", job titles, "Staff",
relative times ("5 minutes ago"), dates glued on, URLs and handles. A news organisation named beside a person
is the person's employer, not an author; alone it is kept (wire stories are credited to "Associated Press").
"""

from __future__ import annotations

import re
from functools import lru_cache

# "By" in the languages of the pages we see most; the colon or dash after it is optional ("By: Jane Doe").
_BY_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|reported|words|text|story|photos?|analysis|opinion|commentary|review|interview|"
    r"publicado|escrito|publié|écrit|geschrieben|"
    r"scritto|pubblicato|geplaatst)\s+)?"
    r"(?:by|from|von|par|por|di|da|door|av|af|przez|autor|autora|auteur|автор|от|yazan)\b\s*[:\-–—]?\s*"
    r"|^\s*(?:text|texto|testo|tekst|текст|reportage|report)\s*:\s*",
    re.IGNORECASE)
# Where a byline stops being a name: a date, a time, "Updated", "Published", "on"/"em"/"am" before a date, a
# separator used before dates, a weekday or a month followed by a number. A run of separators is tried from its
# start only ("(?<![\s,])"): the same matches, but a byline of 15,000 commas took minutes, each position of the run
# trying the rest of it.
_TAIL = re.compile(
    r"(?:\s+[|•·]\s*|\s+(?:published|updated|posted|last\s+updated|modified)\b"
    r"|\s+(?:on|em|el|le|am|il|op|på|den|au)\s+(?=\d|\w+\.?,?\s+\d)|\s*\b\d{1,2}[:.]\d{2}\b|\s+\d{1,4}\b"
    r"|(?:^|(?<![\s,])[\s,]+)(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:mon|tue|wed|thu|fri|sat|sun)[.,])"
    r"|(?:^|(?<![\s,])[\s,]+)(?:on\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d).*$",
    re.IGNORECASE | re.DOTALL)
# Between several names, and after a full stop ending a word of 4+ letters ("Finian Cunningham. Sputnik
# International"; "Sarah E. Needleman" keeps its initial). Lower-case connectors only (and "AND" for all-caps
# bylines): an upper-case single letter is an initial ("John E. Smith"), not a conjunction; the short ones
# ("y", "e", "et") only before a capital, so that a lower-case "sarah e needleman" stays one name.
_SPLIT = re.compile(r"\s*(?:(?<=[^\W\d_]{4})\.\s+(?=[A-Z])|[,;/|／、]|\s&\s|\s(?:and|AND|And|with)\s"
                    r"|\s(?:und|et|y|e|og|och|en|ve|i|и)\s(?=[A-ZÀ-ÖØ-ÞА-ЯЁ]))\s*")
# A connector left at the start of a part by a comma before it: "A, B, and C" (the serial comma), "A, B e C".
_LEADING_CONNECTOR = re.compile(r"^(?:and|with|und|et|y|e|og|och|en|ve|i|и)\s+(?=[^\W\d_])")
# Words that make a byline part a job title or a role rather than a name (matched whole, lower-cased).
JOB_WORDS = frozenset("""
staff writer writers reporter reporters correspondent correspondents editor editors contributor contributors
columnist columnists journalist journalist producer producers photographer photographers analyst senior chief
deputy managing associate assistant special contributing editorial board team desk newsroom bureau intern
author authors guest opinion columnista redacción redaccion rédaction redaktion redazione editora redação
updated published posted commented comments reply ago minutes minute hours hour seconds yesterday today min mins hrs read
print email e-mail share tweet
""".split())
# Degrees and credentials written after a name ("Ilana Muhlstein, MS, RDN"): not names of their own.
CREDENTIALS = frozenset("""
md phd ms msc ma mba mph rd rdn rn np cpt cscs lcsw dds dmd do pharmd jd esq ba bs bsc cfp cfa mfa edd dvm
""".split())
# Words that make a part an organisation: kept alone, dropped beside a person's name.
ORG_WORDS = frozenset("""
press news agency times post media wire reuters afp ap bloomberg cnn bbc associated service services network
daily journal tribune herald international gazette magazine online group inc ltd llc co company corp online staff dpa efe ansa
""".split())
_LETTER = re.compile(r"[^\W\d_]")
_URLISH = re.compile(r"https?:|www\.|^/|\.(?:com|org|net)/")
_BAD = re.compile(r"https?:|www\.|@|\.com\b|\.org\b|[<>{}=#]")
MAX_NAME_WORDS = 5
MAX_AUTHORS = 12
BYLINE_CACHE_SIZE = 4096  # distinct byline strings remembered (a few per page)


def clean_authors(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Raw author strings (one byline each, or one per name) → clean, de-duplicated names in their order."""
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        for name in split_byline(value):
            key = _key(name)
            if key not in seen:
                seen.add(key)
                names.append(name)
    return tuple(names[:MAX_AUTHORS])


def split_byline(value: str) -> list[str]:
    """One byline → its names. Lines (the page's block elements) are read apart: "Jane Doe" on one line and
    "Associated Press" on the next are a person and her employer, not one name."""
    if not isinstance(value, str):
        return []
    return list(_split_byline(value))


@lru_cache(maxsize=BYLINE_CACHE_SIZE)
def _split_byline(value: str) -> tuple[str, ...]:
    """split_byline's work, a pure function of the string, memoised (bounded, thread-safe): the metadata stage
    cleans the same byline more than once a page (what the metadata lacks, what the page shows, the choice)."""
    if _URLISH.search(value):
        return ()
    parts: list[str] = []
    for line in value.replace("\u00a0", " ").split("\n"):
        text = _TAIL.sub("", _BY_PREFIX.sub("", " ".join(line.split())))
        parts += [_LEADING_CONNECTOR.sub("", _BY_PREFIX.sub("", part)).strip(" .,:-–—()[]\"'")
                  for part in _SPLIT.split(text)]
    parts = [part for part in parts if _looks_like_name(part)]
    people = [part for part in parts if not is_org(part)]
    kept = people or parts[:1]
    return tuple(_tidy_case(part) for part in kept)


def _looks_like_name(part: str) -> bool:
    if not part or len(part) < 2 or len(part) > 60 or _BAD.search(part) or not _LETTER.search(part):
        return False
    words = part.split()
    if len(words) == 1 and words[0].lower().replace(".", "") in CREDENTIALS:
        return False
    if len(words) > MAX_NAME_WORDS:
        return False
    return not any(word.lower().strip(".,") in JOB_WORDS for word in words)


def is_org(part: str) -> bool:
    return any(word.lower().strip(".,") in ORG_WORDS for word in part.split())


def _tidy_case(name: str) -> str:
    """ALL-CAPS bylines (AP style) → Title Case; a name with any lower case is left as written."""
    if name.isupper() and len(name) > 3:
        return " ".join(word.capitalize() if len(word) > 2 or "." not in word else word for word in name.split())
    return name


def _key(name: str) -> str:
    return " ".join(name.lower().replace(".", " ").split())
