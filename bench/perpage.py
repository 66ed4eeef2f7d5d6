"""Per-page F1 on the 181 dev pages, saved and compared: a speed change must not cost any page quality.

    PYTHONPATH=$PWD /work/venv/bin/python bench/perpage.py save bench/out/before.json     (before the change)
    PYTHONPATH=$PWD /work/venv/bin/python bench/perpage.py compare bench/out/before.json  (after it)

`compare` prints the dev-set P/R/F1 and every page whose F1 went down or whose text changed at all.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.devset import load_pages, page_f1, score
from dateline import extract
from dateline.options import Options


def _texts() -> tuple[dict[str, str], dict[str, float], str]:
    pages = load_pages()
    texts = {page.key: extract(page.html, url=page.url, options=Options(quotes=False)).text for page in pages}
    result = score(texts, pages)
    f1 = {page.key: page_f1(texts[page.key], page.expected) for page in pages}
    return texts, f1, f"P {result.precision:.4f}  R {result.recall:.4f}  F1 {result.f1:.4f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=("save", "compare"))
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    texts, f1, summary = _texts()
    print(summary)
    if args.action == "save":
        args.path.parent.mkdir(parents=True, exist_ok=True)
        args.path.write_text(json.dumps({"texts": texts, "f1": f1}), encoding="utf-8")
        return
    before = json.loads(args.path.read_text(encoding="utf-8"))
    changed = [key for key in texts if texts[key] != before["texts"].get(key)]
    worse = [key for key in changed if f1[key] < before["f1"].get(key, 0.0) - 1e-9]
    print(f"{len(changed)} pages' text changed, {len(worse)} lost F1")
    for key in worse:
        print(f"  {key[:12]}  {before['f1'][key]:.3f} -> {f1[key]:.3f}")


if __name__ == "__main__":
    main()
