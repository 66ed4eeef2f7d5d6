"""The quotation stage's output, dumped and compared with a saved baseline: a speed change must change nothing.

    PYTHONPATH=$PWD /work/venv/bin/python bench/quotes_identity.py --save   # once, on the code before the change
    PYTHONPATH=$PWD /work/venv/bin/python bench/quotes_identity.py          # after every change: 0 differences
    PYTHONPATH=$PWD /work/venv/bin/python bench/quotes_identity.py --fuzz 500 --base main   # and against a revision

What is dumped: the quotations (`Article.to_dict()["quotes"]`) of the 181 dev pages extracted from their HTML and
from their flattened text (`dateline.extract`, default options), and `find_quotes` on every PolNeAR train and dev
text. The baseline lives in bench/out/ (git-ignored); the current run is written beside it for a diff.

With --fuzz N, N texts made by splicing quote marks, titles, initials, handles, pronouns, particles and names in
other scripts at random places into the dev and PolNeAR texts are given to find_quotes here and at --base (its
quote modules copied as bench/quotes_speed.py does): the records must be equal too, on text no baseline holds.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dateline  # noqa: E402
from bench.devset import POLNEAR, load_pages  # noqa: E402
from dateline.stages.quotes import find_quotes  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
BASELINE = OUT / "quotes_identity_baseline.json"
CURRENT = OUT / "quotes_identity_current.json"


def dump() -> dict[str, list]:
    """Every record, keyed by where it came from ("html/<key>", "text/<key>", "polnear-<split>/<doc_id>")."""
    records: dict[str, list] = {}
    for page in load_pages():
        records[f"html/{page.key}"] = dateline.extract(page.html, url=page.url or None).to_dict()["quotes"]
        records[f"text/{page.key}"] = dateline.extract(page.text, kind="text").to_dict()["quotes"]
    for split in ("train", "dev"):
        with open(POLNEAR / f"quotes-{split}.jsonl", encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line)
                quotes = [dataclasses.asdict(quote) for quote in find_quotes(doc["text"])]
                records[f"polnear-{split}/{doc['doc_id']}"] = quotes
    return records


# What the fuzz splices in: the marks and words the stage's shortcuts turn on.
SPLICES = ["“", "”", "'", "''", "’", "‘", "«", "»", "-", "@Sok", "#Tag", "U.S.Army", "U.S.", "Mr.", "Mt.", "J.",
           " he ", " his ", "She ", " her ", " bin ", " de ", "Élise", "Путин", "你好", "\n\n", ". ", "non-Trump",
           "O'Brien", "(", ")", ",", " said ", " told ", "The ", " Sen. Chuck Schumer "]


def fuzz(count: int, revision: str) -> int:
    """How many of `count` spliced texts get other quotations here than at `revision`."""
    from bench.quotes_speed import base_find_quotes, dev_texts, polnear_texts
    base = base_find_quotes(revision)
    texts = dev_texts() + polnear_texts()
    rng = random.Random(count)
    differing = 0
    for _ in range(count):
        chars = list(rng.choice(texts))
        for _ in range(rng.randrange(1, 40)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(SPLICES))
        text = "".join(chars)
        differing += base(text) != find_quotes(text)
    return differing


def differences(baseline: dict[str, list], current: dict[str, list]) -> list[str]:
    """One line per source whose records differ (or that is missing on either side)."""
    found = []
    for key in sorted(set(baseline) | set(current)):
        if baseline.get(key) != current.get(key):
            found.append(f"{key}: {len(baseline.get(key) or [])} baseline records, {len(current.get(key) or [])} now")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", action="store_true", help="write the baseline instead of comparing with it")
    parser.add_argument("--fuzz", type=int, default=0, help="also compare this many spliced texts with --base")
    parser.add_argument("--base", default="main", help="the git revision the fuzz compares with")
    args = parser.parse_args()
    if args.fuzz:
        differing = fuzz(args.fuzz, args.base)
        print(f"fuzz: {args.fuzz} spliced texts, {differing} with other quotations than at {args.base}")
        if differing:
            return 1
    OUT.mkdir(exist_ok=True)
    records = dump()
    count = sum(len(quotes) for quotes in records.values())
    target = BASELINE if args.save else CURRENT
    target.write_text(json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    if args.save:
        print(f"baseline saved: {len(records)} sources, {count} quotations -> {target}")
        return 0
    diffs = differences(json.loads(BASELINE.read_text(encoding="utf-8")), records)
    for line in diffs[:20]:
        print(line)
    print(f"{len(records)} sources, {count} quotations; {len(diffs)} sources differ from the baseline")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
