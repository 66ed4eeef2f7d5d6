"""One status line on a terminal (documents, docs/s, errors, ETA), nothing in logs."""

from __future__ import annotations

import sys
import time
from typing import TextIO

REDRAW_EVERY = 0.25  # seconds: often enough to look alive, rarely enough to cost nothing


class Progress:
    def __init__(self, *, total_bytes: int, enabled: bool | None = None, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.total_bytes = max(1, total_bytes)
        self.start = time.monotonic()
        self.first_bytes: int | None = None  # where this run started reading (later than 0 when resumed)
        self.bytes = 0
        self.done = 0
        self.errors = 0
        self._drawn = 0.0

    def read(self, position: int) -> None:
        if self.first_bytes is None:
            self.first_bytes = position
        self.bytes = position

    def update(self, *, error: bool) -> None:
        self.add(1, int(error))

    def add(self, done: int, errors: int) -> None:
        self.done += done
        self.errors += errors
        now = time.monotonic()
        if self.enabled and now - self._drawn >= REDRAW_EVERY:
            self._drawn = now
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()

    def line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        return (f"{self.done:,} docs  {self.done / elapsed:,.1f} docs/s  {self.errors:,} errors  "
                f"ETA {self.eta(elapsed)}")

    def eta(self, elapsed: float) -> str:
        first = self.first_bytes or 0
        read = self.bytes - first
        if read <= 0:
            return "--:--"
        seconds = int(elapsed * (self.total_bytes - self.bytes) / read)
        return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\r" + self.line(time.monotonic()) + "\x1b[K\n")
            self.stream.flush()
