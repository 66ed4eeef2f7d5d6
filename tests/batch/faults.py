"""Fault injection for the batch engine's tests: dateline.extract, except on pages that carry a marker, where it
hangs, eats memory or kills its own process — the three ways a real extractor fails that a pool must survive.

Pages with these markers are rare on the web but not the failure modes: lxml and regexes do hang on some real
pages, and native code does crash; which real page does so changes with every extractor release, so the tests
inject the failure instead of depending on one.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time

import dateline

HANG = b"DATELINE-TEST-HANG"
EXPLODE = b"DATELINE-TEST-EXPLODE"
SEGFAULT = b"DATELINE-TEST-SEGFAULT"


def extract(data, **kwargs):
    raw = data.encode() if isinstance(data, str) else bytes(data)
    if HANG in raw:
        while True:
            time.sleep(0.05)
    if EXPLODE in raw:
        hoard = []
        while True:
            hoard.append(bytearray(16 * 2**20))  # touched memory: it counts in RSS
            time.sleep(0.005)
    if SEGFAULT in raw:
        os.kill(os.getpid(), signal.SIGSEGV)
    return dateline.extract(data, **kwargs)
