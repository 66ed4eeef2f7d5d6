"""Draws bench/out/compare.json (from bench/compare.py): F1 against docs/s, one labelled point per tool.

    PYTHONPATH=$PWD /work/venv/bin/python bench/chart.py

Writes bench/out/chart.png and a copy to docs/benchmark.png (committed: the README shows it).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on servers and in CI
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "bench" / "out" / "compare.json"
CHART = REPO / "bench" / "out" / "chart.png"
COPY = REPO / "docs" / "benchmark.png"
OURS = "dateline"
# Rows measured for speed only: with metadata, trafilatura writes a header of metadata lines above the body, so its
# body F1 is not comparable (the speed is in compare.py's table).
NOT_CHARTED = frozenset({"trafilatura-metadata"})


def draw(report: dict, path: Path) -> None:
    rows = sorted((row for row in report["rows"] if row["tool"] not in NOT_CHARTED), key=lambda row: -row["f1"])
    figure, axes = plt.subplots(figsize=(8, 5), dpi=120)
    for row in rows:
        ours = row["tool"].startswith(OURS)
        axes.scatter(row["docs_per_s"], row["f1"], s=160 if ours else 70, zorder=3,
                     color="#c0392b" if ours else "#34495e", marker="*" if ours else "o")
    _set_limits(axes, rows)
    _titles(axes, report, rows)
    figure.tight_layout()
    figure.canvas.draw()  # fixes the layout, so label boxes measured below are where they will be drawn
    placed: list = []
    for row in rows:
        label = f"{row['label']}\nF1 {row['f1']:.3f} · {row['docs_per_s']:.0f} docs/s"
        _place_label(figure, axes, row, label, placed, bold=row["tool"].startswith(OURS))
    figure.savefig(path)
    plt.close(figure)


def _titles(axes, report: dict, rows: list[dict]) -> None:
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axes.set_xlabel("documents per second, one core (log scale; higher is faster)")
    axes.set_ylabel("F1, 4-gram shingles (higher is better)")
    pages = rows[0]["pages"] if rows else 0
    axes.set_title(f"Article body extraction on the {pages} Scrapinghub dev pages\n"
                   f"all tools measured side by side, {report['date']}", fontsize=10)
    axes.grid(True, which="both", alpha=0.3)


def _set_limits(axes, rows: list[dict]) -> None:
    axes.set_xscale("log")
    speeds = [row["docs_per_s"] for row in rows]
    f1s = [row["f1"] for row in rows]
    axes.set_xlim(min(speeds) / 2, max(speeds) * 5)
    axes.set_ylim(min(f1s) - 0.03, min(1.0, max(f1s) + 0.02))


def _place_label(figure, axes, row: dict, label: str, placed: list, *, bold: bool) -> None:
    """Right of the point, moved down (then left) until it overlaps no label already placed."""
    renderer = figure.canvas.get_renderer()
    for offset in [(8, 4 - 14 * step) for step in range(8)] + [(-8, 4 - 14 * step) for step in range(8)]:
        note = axes.annotate(label, (row["docs_per_s"], row["f1"]), textcoords="offset points", xytext=offset,
                             fontsize=8, fontweight="bold" if bold else "normal", va="top",
                             ha="left" if offset[0] > 0 else "right",
                             arrowprops=dict(arrowstyle="-", color="#999999", lw=0.6))
        box = Text.get_window_extent(note, renderer).expanded(1.02, 1.1)  # the text alone, not its leader line
        if not any(box.overlaps(other) for other in placed):
            placed.append(box)
            return
        note.remove()
    placed.append(axes.annotate(label, (row["docs_per_s"], row["f1"]), fontsize=8).get_window_extent(renderer))


def main() -> None:
    if not SOURCE.exists():
        raise SystemExit(f"{SOURCE} not found: run bench/compare.py first")
    report = json.loads(SOURCE.read_text(encoding="utf-8"))
    CHART.parent.mkdir(parents=True, exist_ok=True)
    draw(report, CHART)
    COPY.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CHART, COPY)
    print(f"wrote {CHART} and {COPY}")


if __name__ == "__main__":
    main()
