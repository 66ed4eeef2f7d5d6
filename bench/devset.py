"""The development sets and the benchmark's own scoring, shared by every benchmark script.

Shingle metric (the Zyte article-extraction benchmark's): tokens are `\\w+` matches; a text is the multiset of its
4-token shingles (1-3 tokens: one shorter shingle); per page tp/fp/fn are multiset overlaps divided by their sum;
precision and recall are means over pages (precision only over pages with a prediction); F1 is their harmonic mean.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
SCRAPINGHUB = SHARED / "data" / "scrapinghub"
POLNEAR = SHARED / "data" / "polnear"

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    key: str
    url: str
    expected: str
    html: bytes  # as served, UTF-8
    text: str  # the page flattened to whole-page text


def load_pages() -> list[Page]:
    truth = json.loads((SCRAPINGHUB / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        html = gzip.decompress((SCRAPINGHUB / "html" / f"{key}.html.gz").read_bytes())
        text = (SCRAPINGHUB / "text" / f"{key}.txt").read_text(encoding="utf-8")
        pages.append(Page(key, truth[key].get("url", ""), truth[key]["articleBody"], html, text))
    return pages


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_counts(predicted: str, expected: str) -> tuple[float, float, float]:
    """(tp, fp, fn) for one page, normalised by their sum so every page weighs the same."""
    pred, gold = shingles(predicted), shingles(expected)
    tp = sum((pred & gold).values())
    fp = sum(pred.values()) - tp
    fn = sum(gold.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    pages: int


def score(predictions: dict[str, str], pages: list[Page]) -> Score:
    precisions, recalls = [], []
    for page in pages:
        tp, fp, fn = page_counts(predictions.get(page.key, ""), page.expected)
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        elif fn == 0:
            precisions.append(1.0)
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
        elif fp == 0:
            recalls.append(1.0)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return Score(p, r, 2 * p * r / (p + r) if p + r else 0.0, len(pages))


def page_f1(predicted: str, expected: str) -> float:
    tp, fp, fn = page_counts(predicted, expected)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
