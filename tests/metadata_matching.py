"""When an extracted title, author list or date counts as matching a hand-verified fixture in tests/cases/metadata.

One definition for the tests (test_metadata_cases.py) and the benchmark (bench/metadata.py), so the two never score
the same pages by different rules.
"""

from __future__ import annotations

import datetime as dt
import re


def same_title(got: str | None, expected: str) -> bool:
    return " ".join((got or "").split()) == " ".join(expected.split())


def same_authors(got: list[str] | tuple[str, ...], expected: list[str]) -> bool:
    """Names compared by their words, so "Sarah E Needleman" is "Sarah E. Needleman" (punctuation is not a miss)."""
    return {_name_key(name) for name in got} == {_name_key(name) for name in expected}


def same_date(got: str | None, expected: str) -> bool:
    """The same moment to the minute when both sides give a time with a zone; otherwise the same calendar day."""
    if not got:
        return False
    got_time, expected_time = _aware(got), _aware(expected)
    if got_time and expected_time:
        return abs((got_time - expected_time).total_seconds()) < 60
    return got[:10] == expected[:10]


def _name_key(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.casefold()))


def _aware(value: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if "T" in value and parsed.tzinfo is not None else None
