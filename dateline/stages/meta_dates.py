"""Dates for the metadata stage: whatever a page writes → ISO 8601, the time zone kept when the page gives one.

Accepted: ISO 8601 and its common sloppy variants (space for "T", "+0000", fractions, "Z"), RFC 2822 (what
`pubdate` metas and feeds use), compact "20191119", and human dates ("November 19, 2019", "19 Nov 2019",
"19.11.2019", "2016.12.01", "2018年6月19日") as found in bylines, <time> text and the lines by the headline. A date before `MIN_YEAR` or after today is refused: such
dates come from copyright lines, birth dates, countdowns and templates, never from the article itself.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from email.utils import parsedate_tz

# Before the web there are no news pages; earlier "dates" are birthdays, history and placeholders ("0001-01-01").
MIN_YEAR = 1995
# One day of slack over today's UTC date: a page published "tomorrow" in UTC+14 is still today somewhere.
FUTURE_SLACK = dt.timedelta(days=1)

_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})?)?\s*$",
    re.IGNORECASE)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?\s*$")
# Year first, in running text: "2018/10/12", "2016.12.01", "기사입력 :[ 2018-08-25 15:24 ]".
_YEAR_FIRST = re.compile(r"(?<!\d)((?:19|20)\d{2})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
# Chinese, Japanese and Korean write the year, month and day with their own signs: "2018年6月19日", "2018년 6월 19일".
_CJK_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
# Day-first numeric dates are the norm outside the US ("19.11.2019", "19/11/2019"); month-first is kept for the
# unambiguous cases only (a first number over 12 is a day).
_NUMERIC_DMY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_MONTHS = {
    name: number
    for number, names in enumerate((
        ("january", "jan", "janvier", "januar", "enero", "janeiro", "gennaio", "januari", "января", "январь"),
        ("february", "feb", "février", "fevrier", "februar", "febrero", "fevereiro", "febbraio", "februari",
         "февраля", "февраль"),
        ("march", "mar", "mars", "märz", "marzo", "março", "maart", "maret", "марта", "март"),
        ("april", "apr", "avril", "abril", "aprile", "апреля", "апрель"),
        ("may", "mai", "mayo", "maio", "maggio", "mei", "мая", "май"),
        ("june", "jun", "juin", "juni", "junio", "junho", "giugno", "июня", "июнь"),
        ("july", "jul", "juillet", "juli", "julio", "julho", "luglio", "июля", "июль"),
        ("august", "aug", "août", "aout", "agosto", "augustus", "agustus", "августа", "август"),
        ("september", "sep", "sept", "septembre", "septiembre", "setembro", "settembre", "сентября", "сентябрь"),
        ("october", "oct", "octobre", "oktober", "octubre", "outubro", "ottobre", "октября", "октябрь"),
        ("november", "nov", "novembre", "noviembre", "novembro", "ноября", "ноябрь"),
        ("december", "dec", "décembre", "decembre", "dezember", "diciembre", "dezembro", "dicembre", "desember",
         "декабря", "декабрь"),
    ), start=1)
    for name in names
}
# Polish and Czech (genitive, as dates write them), Turkish, Swedish/Danish/Norwegian where they differ.
_MORE_MONTHS = (
    ("stycznia", "ledna", "ocak"), ("lutego", "února", "şubat", "subat"), ("marca", "března", "mart"),
    ("kwietnia", "dubna", "nisan"), ("maja", "května", "mayıs", "mayis", "maj"), ("czerwca", "června", "haziran"),
    ("lipca", "července", "temmuz"), ("sierpnia", "srpna", "ağustos", "agustos"), ("września", "září", "eylül"),
    ("października", "října", "ekim"), ("listopada", "listopadu", "kasım", "kasim"),
    ("grudnia", "prosince", "aralık", "aralik", "december"))
_MONTHS.update({name: number for number, names in enumerate(_MORE_MONTHS, start=1) for name in names})
# Arabic: the Egyptian/Gulf names and the Levantine ones, which pages often write together ("28 آب/اغسطس 2013").
_ARABIC_MONTHS = (
    ("يناير", "كانون الثاني"), ("فبراير", "شباط"), ("مارس", "آذار"), ("أبريل", "ابريل", "نيسان"), ("مايو", "أيار"),
    ("يونيو", "يونيه", "حزيران"), ("يوليو", "يوليه", "تموز"), ("أغسطس", "اغسطس", "آب"), ("سبتمبر", "أيلول"),
    ("أكتوبر", "اكتوبر", "تشرين الأول"), ("نوفمبر", "تشرين الثاني"), ("ديسمبر", "كانون الأول"))
_MONTHS.update({name: number for number, names in enumerate(_ARABIC_MONTHS, start=1) for name in names})
# "آب/اغسطس": the first of two names for the month is passed over.
_MONTH = r"(?:[^\W\d_]+/)?(" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"
_MONTH_FIRST = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.IGNORECASE)
_DAY_FIRST = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?" + _MONTH + r"\s+(?:de\s+)?,?\s*(\d{4})\b",
                        re.IGNORECASE)
# A date in a URL path: /2019/11/19/ or /2019-11-19/ (news CMSs put the publication day there).
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")


# ... or /2019/nov/18/ (The Guardian, PolitiFact).
_URL_DATE_NAMED = re.compile(r"/((?:19|20)\d{2})/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/(\d{1,2})(?:/|-|$)",
                             re.IGNORECASE)


# "Tue, 19 Nov 2019 08:30:00 GMT": what email.utils reads.
_RFC2822 = re.compile(r"[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")
PARSED_CACHE_SIZE = 4096  # distinct date strings remembered (a few per page)


def parse_date(value: object, *, today: dt.date | None = None) -> str | None:
    """Any date a page writes → ISO 8601 ("2019-11-19" or "2019-11-19T08:30:00-05:00"), or None."""
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        return None
    parsed = _parsed(value)
    return parsed if parsed is not None and _plausible(parsed, today) else None


@lru_cache(maxsize=PARSED_CACHE_SIZE)
def _parsed(value: str) -> str | None:
    """The date a string writes, by the first parser that reads one. A pure function of the string, memoised
    (bounded, thread-safe): the metadata stage checks the same candidates more than once a page."""
    for parse in (_parse_iso, _parse_compact, _parse_rfc2822, _parse_human):
        try:
            parsed = parse(value)
        except (ValueError, OverflowError, TypeError):
            parsed = None
        if parsed is not None:
            return parsed
    return None


def is_zoneless_time(iso: str) -> bool:
    """"2019-11-19T02:24:00": a time of day with no zone, which another source may complete."""
    return len(iso) == len("2019-11-19T02:24:00")


def date_from_url(url: str | None, *, today: dt.date | None = None) -> str | None:
    match = _URL_DATE.search(url or "") or _URL_DATE_NAMED.search(url or "")
    if not match:
        return None
    year, month, day = match.groups()
    try:
        month_number = int(month) if month.isdigit() else _MONTHS[month.lower()]
        iso = dt.date(int(year), month_number, int(day)).isoformat()
    except (ValueError, KeyError):
        return None
    return iso if _plausible(iso, today) else None


def _plausible(iso: str, today: dt.date | None) -> bool:
    day = dt.date.fromisoformat(iso[:10])
    latest = (today or dt.datetime.now(dt.timezone.utc).date()) + FUTURE_SLACK
    return MIN_YEAR <= day.year and day <= latest


def _parse_iso(value: str) -> str | None:
    match = _ISO.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    date = dt.date(int(year), int(month), int(day))
    if hour is None:
        return date.isoformat()
    time = dt.time(int(hour), int(minute), int(second or 0))
    return f"{date.isoformat()}T{time.isoformat()}{_zone(zone)}"


def _zone(zone: str | None) -> str:
    if not zone:
        return ""
    if zone.upper() in ("Z", "UTC", "GMT"):
        return "+00:00"
    digits = zone[1:].replace(":", "")
    digits = digits + "00" if len(digits) == 2 else digits
    if int(digits[:2]) > 14 or int(digits[2:]) >= 60:
        raise ValueError(f"bad offset {zone}")
    return f"{zone[0]}{digits[:2]}:{digits[2:]}"


def _parse_compact(value: str) -> str | None:
    match = _COMPACT.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second = match.groups()
    date = dt.date(int(year), int(month), int(day))
    if hour is None:
        return date.isoformat()
    return f"{date.isoformat()}T{dt.time(int(hour), int(minute), int(second or 0)).isoformat()}"


def _parse_rfc2822(value: str) -> str | None:
    if not _RFC2822.search(value):
        return None
    parts = parsedate_tz(value)
    if parts is None:
        return None
    naive = dt.datetime(*parts[:6])
    if parts[9] is None:
        return naive.isoformat()
    return naive.replace(tzinfo=dt.timezone(dt.timedelta(seconds=parts[9]))).isoformat()


def _parse_human(value: str) -> str | None:
    """A date in running text; the time of day in such text comes with ambiguous zones ("ET"), so only the day."""
    match = _YEAR_FIRST.search(value)
    if match:
        year, _, month, day = match.groups()
        return dt.date(int(year), int(month), int(day)).isoformat()
    match = _CJK_DATE.search(value)
    if match:
        year, month, day = match.groups()
        return dt.date(int(year), int(month), int(day)).isoformat()
    match = _MONTH_FIRST.search(value)
    if match:
        month, day, year = match.groups()
        return dt.date(int(year), _MONTHS[month.lower()], int(day)).isoformat()
    match = _DAY_FIRST.search(value)
    if match:
        day, month, year = match.groups()
        return dt.date(int(year), _MONTHS[month.lower()], int(day)).isoformat()
    match = _NUMERIC_DMY.search(value)
    if match:
        first, second, year = map(int, match.groups())
        day, month = (first, second) if second <= 12 else (second, first)
        return dt.date(year, month, day).isoformat()
    return None
