"""Inputs → tasks: expand folders and globs into sources, then read each source into numbered tasks.

A *source* is one input file (or fsspec URL): a page (.html, .html.gz, .txt ...), a WARC file, or a JSON Lines
file. A *task* is one page to extract, in input order. Problems met while reading (a truncated WARC record, a bad
JSONL line, a page over the size limit) become tasks that carry an error instead of data, so they reach the output
as error records: nothing read is ever dropped without a count.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Iterable, Iterator, Literal

from dateline.errors import InputError, InputTooLargeError

SourceFormat = Literal["page", "warc", "jsonl"]

# Suffix → format, longest first so ".warc.gz" wins over ".gz". Files in folders with other suffixes are
# counted as skipped; a file named explicitly on the command line is read as a page whatever its suffix.
SUFFIXES: tuple[tuple[str, SourceFormat], ...] = (
    (".warc.gz", "warc"), (".warc.zst", "warc"), (".warc.lz4", "warc"), (".warc", "warc"),
    (".jsonl.gz", "jsonl"), (".jsonl.zst", "jsonl"), (".ndjson.gz", "jsonl"), (".jsonl", "jsonl"), (".ndjson", "jsonl"),
    (".html.gz", "page"), (".htm.gz", "page"), (".xhtml.gz", "page"), (".txt.gz", "page"),
    (".html", "page"), (".htm", "page"), (".xhtml", "page"), (".txt", "page"),
)
GLOB_CHARS = frozenset("*?[")
GZIP_MAGIC = b"\x1f\x8b"
# WARC payloads worth extracting: HTML, XHTML, plain text, and responses that do not say what they are.
TEXT_CONTENT_TYPES = ("html", "xml", "text/plain")


class SourceError(Exception):
    """An INPUT argument names nothing (a missing path, a glob matching no file): a usage error, before any work."""


@dataclass(frozen=True, slots=True)
class Source:
    path: str  # as given or found (relative paths stay relative); fsspec URLs keep their protocol
    format: SourceFormat
    size: int  # bytes on disk, for the ETA and the resume fingerprint


@dataclass(slots=True)
class Task:
    """One page to extract. `data is None` means the worker reads the page file `source` itself."""

    id: str
    source: str
    record: int  # ordinal of this page within its source
    offset: int | None = None  # byte offset of the WARC record, or line number in a JSONL file
    url: str | None = None
    data: bytes | str | None = None
    kind: str = "auto"
    content_type: str | None = None
    headers: dict[str, str] | None = None
    error: tuple[str, str] | None = None  # (kind, message) when reading failed: becomes an error record
    seq: int = -1  # position in the whole batch, set when numbered
    progress: int = 0  # input bytes read up to this task, for the ETA


@dataclass
class Expansion:
    sources: list[Source]
    skipped: Counter = field(default_factory=Counter)  # files in folders that are not pages, WARC or JSONL


def is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def format_of(path: str) -> SourceFormat | None:
    lower = path.lower()
    return next((fmt for suffix, fmt in SUFFIXES if lower.endswith(suffix)), None)


def expand(inputs: Iterable[str], *, exclude: str | None = None) -> Expansion:
    """Every INPUT → sources in a stable order: arguments in order, folder contents and glob matches sorted.
    Files under `exclude` (the output folder, when it sits inside an input folder) are not inputs."""
    expansion, seen = Expansion([]), set()
    excluded = os.path.join(os.path.abspath(exclude), "") if exclude and not is_url(exclude) else None
    for given in inputs:
        unreadable: list[OSError] = []
        found = _expand_url(given) if is_url(given) else _expand_local(given.removeprefix("file://"), unreadable)
        if unreadable:
            expansion.skipped["folder that cannot be listed"] += len(unreadable)
        for path, size, explicit in found:
            fmt = format_of(path) or ("page" if explicit else None)
            if excluded and os.path.abspath(path).startswith(excluded):
                continue
            if fmt is None:
                expansion.skipped["not a page, WARC or JSONL file"] += 1
            elif path not in seen:
                seen.add(path)
                expansion.sources.append(Source(path, fmt, size))
    return expansion


def _expand_local(given: str, unreadable: list[OSError]) -> list[tuple[str, int, bool]]:
    if GLOB_CHARS & set(given):
        paths = sorted(glob.glob(given, recursive=True))
        files = [p for p in paths if os.path.isfile(p)]
        files += [f for p in paths if os.path.isdir(p) for f in _walk(p, unreadable)]
        if not files:
            raise SourceError(f"{given}: no file matches")
        return [(p, os.path.getsize(p), False) for p in files]
    if os.path.isdir(given):
        return [(p, os.path.getsize(p), False) for p in _walk(given, unreadable)]
    if os.path.isfile(given):
        return [(given, os.path.getsize(given), True)]
    raise SourceError(f"{given}: no such file or folder")


def _walk(folder: str, unreadable: list[OSError]) -> list[str]:
    """Files under a folder in sorted order; folders that cannot be listed are collected, not skipped unseen."""
    found = []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        dirs.sort()  # os.walk visits in the order of this list: sorted means the same order on every run
        found.extend(os.path.join(root, name) for name in sorted(files))
    return found


def _expand_url(given: str) -> list[tuple[str, int, bool]]:
    import fsspec  # only for URLs: local runs need no fsspec

    fs, path = fsspec.core.url_to_fs(given)
    if GLOB_CHARS & set(path):
        infos = [fs.info(p) for p in sorted(fs.glob(path))]
    elif fs.isdir(path):
        infos = [info for _, info in sorted(fs.find(path, detail=True).items())]
    elif fs.exists(path):
        return [(given, fs.size(path) or 0, True)]
    else:
        raise SourceError(f"{given}: not found")
    files = [(fs.unstrip_protocol(i["name"]), i.get("size") or 0, False) for i in infos if i["type"] == "file"]
    if not files:
        raise SourceError(f"{given}: no file matches")
    return files


def open_binary(path: str) -> IO[bytes]:
    if is_url(path):
        import fsspec

        return fsspec.open(path, "rb").open()
    return open(path.removeprefix("file://"), "rb")


def numbered(sources: Iterable[Source], skipped: Counter, *, max_bytes: int, start: int = 0) -> Iterator[Task]:
    """All tasks of all sources in input order, with `seq` set; the first `start` are counted but not yielded
    (they were done before a resume), and pages among them are not even read."""
    seq, consumed = 0, 0
    for source in sources:
        for task in read_source(source, skipped, max_bytes=max_bytes, light=max(0, start - seq)):
            if seq >= start:
                task.seq = seq
                task.progress = consumed + ((task.offset or 0) if source.format == "warc" else 0)
                yield task
            seq += 1
        consumed += source.size


def read_source(source: Source, skipped: Counter, *, max_bytes: int, light: int = 0) -> Iterator[Task]:
    if source.format == "warc":
        yield from read_warc(source, skipped, max_bytes=max_bytes, light=light)
    elif source.format == "jsonl":
        yield from read_jsonl(source, max_bytes=max_bytes)
    else:
        yield page_task(source, max_bytes=max_bytes, light=light > 0)


def page_task(source: Source, *, max_bytes: int, light: bool = False) -> Task:
    """A local page file is read by the worker, not here: reading is then parallel and a huge file never enters
    the main process. One too large on disk is refused from its size alone. A page at a URL is read here, by the
    process that listed it, where its filesystem (and any in-process one, such as memory://) is set up."""
    task = Task(id=source.path, source=source.path, record=0)
    if source.size > max_bytes:
        task.error = (InputTooLargeError.kind, f"file is {source.size:,} bytes, over the limit of {max_bytes:,}")
    elif is_url(source.path) and not light:
        try:
            task.data = read_page(source.path, max_bytes)
        except InputError as error:
            task.error = (error.kind, str(error))
        except OSError as error:
            task.error = (InputError.kind, f"cannot read: {error}")
    return task


def read_page(path: str, max_bytes: int) -> bytes:
    """A page file's bytes, gunzipped when gzip; a truncated or oversized gzip is an InputError."""
    with open_binary(path) as stream:
        data = stream.read(max_bytes + 1)
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, max_bytes)
    if len(data) > max_bytes:
        raise InputTooLargeError(f"page is over the limit of {max_bytes:,} bytes")
    return data


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Unlike gzip.decompress, refuses a truncated stream (zlib alone returns what it has, silently)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise InputError(f"gzip data is corrupt: {error}") from error
    if len(out) > max_bytes:
        raise InputTooLargeError(f"gzip page inflates past the limit of {max_bytes:,} bytes")
    if not inflater.eof:
        raise InputError(f"gzip data is truncated after {len(out):,} bytes")
    return out


def read_warc(source: Source, skipped: Counter, *, max_bytes: int, light: int = 0) -> Iterator[Task]:
    """HTML response (and resource) records, with the target URI and the HTTP headers; other records counted.
    The first `light` records are only counted (done before a resume): their payloads are not read."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    types = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.revisit
    record_no = 0
    try:
        with open_binary(source.path) as stream:
            for record in ArchiveIterator(stream, record_types=types, parse_http=True):
                task = _warc_task(source, record, record_no, skipped, max_bytes, record_no < light)
                if task is not None:
                    record_no += 1
                    yield task
    except (OSError, ValueError) as error:
        yield Task(id=f"{source.path}#{record_no}", source=source.path, record=record_no,
                   error=(InputError.kind, f"cannot read the WARC file past record {record_no}: {error}"))


def _warc_task(source: Source, record, record_no: int, skipped: Counter, max_bytes: int,
               light: bool) -> Task | None:
    from fastwarc.warc import WarcRecordType

    if record.record_type == WarcRecordType.revisit:  # a page seen before: its payload is in an earlier record
        skipped["WARC revisit record (no payload)"] += 1
        return None
    http = record.http_headers if record.is_http else None
    if http is not None and not 200 <= (http.status_code or 0) < 300:
        skipped["WARC record: HTTP status not 2xx"] += 1
        return None
    content_type = (http.get("Content-Type") if http is not None else None) or record.headers.get("Content-Type")
    if content_type and not any(kind in content_type.lower() for kind in TEXT_CONTENT_TYPES):
        skipped["WARC record: not HTML or text"] += 1
        return None
    record_id = (record.record_id or f"{source.path}#{record.stream_pos}").strip("<>")
    task = Task(id=record_id, source=source.path, record=record_no, offset=record.stream_pos,
                url=record.headers.get("WARC-Target-URI"), content_type=content_type,
                headers=dict(http) if http is not None else None)
    if record.content_length > max_bytes:
        task.error = (InputTooLargeError.kind, f"record is {record.content_length:,} bytes, over {max_bytes:,}")
        return task
    if light:
        return task
    data = _payload(record)
    if len(data) < record.content_length and not _transfer_coded(http):
        task.error = (InputError.kind, f"WARC record is truncated: {len(data):,} of {record.content_length:,} bytes")
    else:
        task.data = data
    return task


def _payload(record) -> bytes:
    """The record's payload. Read with its length (the payload's, once the HTTP headers are parsed) as the size: a
    bare read() grows its buffer, zeroing and copying it as it goes (0.161 -> 0.155 ms a record, inflating
    included, on the dev pages). Should a record hold more than it says, the rest is read too, as read() would."""
    data = record.reader.read(record.content_length + 1)
    if len(data) > record.content_length:
        data += record.reader.read()
    return data


def _transfer_coded(http) -> bool:
    return http is not None and bool(http.get("Transfer-Encoding") or http.get("Content-Encoding"))


def read_jsonl(source: Source, *, max_bytes: int) -> Iterator[Task]:
    """One page per line: {"html": ...} or {"text": ...}, with optional "url" and "id"."""
    record_no = 0
    try:
        with _open_text(source.path) as lines:
            for line_no, line in enumerate(lines, 1):
                if line.strip():
                    yield _jsonl_task(source, line, line_no, record_no, max_bytes)
                    record_no += 1
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as error:
        yield Task(id=f"{source.path}:end", source=source.path, record=record_no,
                   error=(InputError.kind, f"cannot read the JSONL file past record {record_no}: {error}"))


def _jsonl_task(source: Source, line: str, line_no: int, record_no: int, max_bytes: int) -> Task:
    task = Task(id=f"{source.path}:{line_no}", source=source.path, record=record_no, offset=line_no)
    if len(line) > max_bytes:  # not parsed: the id is lost with the rest of the line, the line number stays
        task.error = (InputTooLargeError.kind, f"line {line_no} is {len(line):,} characters, over {max_bytes:,}")
        return task
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        task.error = (InputError.kind, f"line {line_no} is not JSON: {error}")
        return task
    if not isinstance(item, dict):
        task.error = (InputError.kind, f"line {line_no} is not a JSON object")
        return task
    task.id = str(item["id"]) if item.get("id") is not None else task.id
    task.url = item.get("url") if isinstance(item.get("url"), str) else None
    if isinstance(item.get("html"), str):
        task.data, task.kind = item["html"], "html"
    elif isinstance(item.get("text"), str):
        task.data, task.kind = item["text"], "text"
    else:
        task.error = (InputError.kind, f"line {line_no} has no string 'html' or 'text' field")
    return task


def _open_text(path: str) -> IO[str]:
    raw = open_binary(path)
    lower = path.lower()
    if lower.endswith(".gz"):
        raw = gzip.GzipFile(fileobj=raw)
    elif lower.endswith(".zst"):
        import zstandard

        raw = zstandard.ZstdDecompressor().stream_reader(raw)
    return io.TextIOWrapper(raw, encoding="utf-8", newline="\n")  # lines end at "\n" only, as JSON Lines say
