"""The manifest: which shards are complete, written atomically after each shard, so `--resume` knows exactly what
is done. A shard counts only once the manifest lists it; shard files not listed (a run killed between writing a
shard and listing it) are deleted and redone, so a resumed run has no duplicate and no missing record.

The fingerprint covers what decides the output's contents and layout (the sources with their sizes, the format,
the shard size, dedup, the engine and its partitioning): resuming with different ones is refused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from dateline.batch.output import Folder
from dateline.batch.sources import Source

NAME = "manifest.json"
VERSION = 1


def fingerprint(sources: list[Source], settings: dict[str, Any]) -> str:
    state = {"sources": [(s.path, s.format, s.size) for s in sources], "settings": settings}
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


@dataclass
class Manifest:
    fingerprint: str
    format: str
    engine: str
    shards: list[dict[str, Any]] = field(default_factory=list)  # {"name", "records", "ok", "errors": {kind: n}}
    complete: bool = False
    summary: dict[str, Any] = field(default_factory=dict)  # the final report, once complete
    version: int = VERSION

    @classmethod
    def load(cls, folder: Folder) -> Manifest | None:
        if not folder.exists(NAME):
            return None
        return cls(**json.loads(folder.read(NAME)))

    def save(self, folder: Folder) -> None:
        folder.write(NAME, json.dumps(asdict(self), indent=1, sort_keys=True).encode())

    def done(self) -> set[str]:
        return {shard["name"] for shard in self.shards}

    def records(self) -> int:
        return sum(shard["records"] for shard in self.shards)
