"""Near-duplicate marking across a batch: 64-bit SimHash over the body's word 3-grams, Hamming distance ≤ 3.

The same story syndicated on many sites differs in a few words (a byline, a dateline, a credit line); SimHash puts
such bodies within a few bits of each other while unrelated bodies differ in about 32 of 64. The index splits the
fingerprint into four 16-bit bands: two fingerprints within 3 bits agree exactly on at least one band (pigeonhole),
so a lookup only compares against the few fingerprints that share a band (Manku et al., WWW 2007).
"""

from __future__ import annotations

import hashlib
import re

# Why these values: 3 of 64 bits is Manku et al.'s setting for near-duplicate web pages; shorter bodies than
# MIN_TOKENS (captions, "page not found", paywall stubs) collide without being the same story, so they get no mark.
MAX_DISTANCE = 3
MIN_TOKENS = 50
SHINGLE = 3
BANDS = 4
BAND_BITS = 64 // BANDS
_WORD = re.compile(r"\w+")


def simhash(text: str | None) -> int | None:
    """The body's fingerprint, or None when it is too short to say anything. Each bit is the majority vote of
    that bit over the shingles' hashes; the votes are counted on one string of all hashes' bits, column by column
    (a strided slice and str.count run in C: no numpy needed, a few hundred microseconds per story)."""
    tokens = _WORD.findall((text or "").lower())
    if len(tokens) < MIN_TOKENS:
        return None
    shingles = {" ".join(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}
    bits = "".join(f"{int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), 'big'):064b}"
                   for s in shingles)
    votes = "".join("1" if bits[column::64].count("1") * 2 > len(shingles) else "0" for column in range(64))
    return int(votes, 2)


class NearDuplicates:
    """Fingerprints seen so far, in input order; `mark` answers with the id of the first one within MAX_DISTANCE."""

    def __init__(self) -> None:
        self._seen: list[tuple[int, str]] = []  # (fingerprint, record id), in the order they were added
        self._bands: list[dict[int, list[int]]] = [{} for _ in range(BANDS)]  # band value → indexes into _seen

    def mark(self, fingerprint: int, record_id: str) -> str | None:
        """The id of the earliest near duplicate added before (None if none); the fingerprint is added either way."""
        candidates = {i for band, table in zip(_bands(fingerprint), self._bands) for i in table.get(band, ())}
        near = [i for i in candidates if (fingerprint ^ self._seen[i][0]).bit_count() <= MAX_DISTANCE]
        for band, table in zip(_bands(fingerprint), self._bands):
            table.setdefault(band, []).append(len(self._seen))
        self._seen.append((fingerprint, record_id))
        return self._seen[min(near)][1] if near else None


def _bands(fingerprint: int) -> list[int]:
    mask = (1 << BAND_BITS) - 1
    return [(fingerprint >> (i * BAND_BITS)) & mask for i in range(BANDS)]
