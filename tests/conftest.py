"""Shared fixtures: paths to the cases shipped in the repo and to the shared development data beside it."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
EXAMPLES = REPO / "examples"
# The development data lives beside the checkout (../shared), in CI as for developers; DATELINE_SHARED overrides.
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
SCRAPINGHUB = SHARED / "data" / "scrapinghub"
POLNEAR = SHARED / "data" / "polnear"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (EXAMPLES / "phnompenhpost-kim-sok.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def ground_truth() -> dict:
    path = SCRAPINGHUB / "ground-truth.json"
    if not path.exists():
        pytest.skip(f"development set not found at {SCRAPINGHUB} (set DATELINE_SHARED)")
    return json.loads(path.read_text(encoding="utf-8"))


def dev_html(key: str) -> bytes:
    return gzip.decompress((SCRAPINGHUB / "html" / f"{key}.html.gz").read_bytes())


def case_bytes(name: str) -> bytes:
    path = CASES / name
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data
