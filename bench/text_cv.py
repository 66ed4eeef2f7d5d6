"""How much of the flattened-text score comes from tuning on the dev set: k-fold cross-validation of the constants
that were chosen by measuring on it.

    PYTHONPATH=$PWD /work/venv/bin/python bench/text_cv.py [--folds 5]

Three constants of dateline/stages/text_roles.py were picked by their dev-set F1 (GAP_GROWTH, ISOLATED_PROSE_FACTOR,
REPEATED_PROSE_FACTOR). Here, for each fold, they are picked again on the other folds only from the same grid, and
the held-out fold is extracted with the winners; the held-out predictions of all folds are scored together. The
other constants were set by reading pages, not by a search, and are left as they are.
"""

from __future__ import annotations

import argparse
import itertools
import random

from bench.devset import Page, load_pages, score
from dateline import extract
from dateline.options import Options
from dateline.stages import text_roles

GRID = {
    "GAP_GROWTH": (1e9, 20.0, 10.0, 5.0),  # 1e9: no growth
    "ISOLATED_PROSE_FACTOR": (1.0, 0.7, 0.5, 0.3),
    "REPEATED_PROSE_FACTOR": (0.0, 0.5, 1.0),
}
OPTIONS = Options(quotes=False)


def predictions_for(config: dict[str, float], pages: list[Page]) -> dict[str, str]:
    saved = {name: getattr(text_roles, name) for name in config}
    try:
        for name, value in config.items():
            setattr(text_roles, name, value)
        return {page.key: extract(page.text, kind="text", options=OPTIONS).text for page in pages}
    finally:
        for name, value in saved.items():
            setattr(text_roles, name, value)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    pages = load_pages()
    configs = [dict(zip(GRID, values)) for values in itertools.product(*GRID.values())]
    runs = [predictions_for(config, pages) for config in configs]
    order = list(range(len(pages)))
    random.Random(0).shuffle(order)
    folds = [[pages[i] for i in order[k::args.folds]] for k in range(args.folds)]
    held_out: dict[str, str] = {}
    for k, test in enumerate(folds):
        train = [page for j, fold in enumerate(folds) if j != k for page in fold]
        best = max(range(len(configs)), key=lambda c: score(runs[c], train).f1)
        print(f"fold {k}: picked {configs[best]} (train F1 {score(runs[best], train).f1:.3f}, "
              f"held-out F1 {score(runs[best], test).f1:.3f})")
        held_out.update({page.key: runs[best][page.key] for page in test})
    shipped = {name: getattr(text_roles, name) for name in GRID}
    full = score(runs[configs.index(shipped)], pages)
    cv = score(held_out, pages)
    print(f"shipped constants {shipped}: tuned on all pages  "
          f"P {full.precision:.3f} R {full.recall:.3f} F1 {full.f1:.3f}")
    print(f"{args.folds}-fold cross-validated (held-out predictions): P {cv.precision:.3f} R {cv.recall:.3f} "
          f"F1 {cv.f1:.3f}")


if __name__ == "__main__":
    main()
