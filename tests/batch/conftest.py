"""Corpora for the batch tests, built from the real pages in tests/cases/batch: page files, a WARC written with
warcio (a different library from the fastwarc reader under test), and JSON Lines."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.batch.output import read_records

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "tests" / "cases" / "batch"
URLS = json.loads((CASES / "urls.json").read_text())
HTML_KEYS = sorted(p.name.split(".")[0] for p in CASES.glob("*.html.gz"))
TEXT_KEYS = sorted(p.stem for p in CASES.glob("*.txt"))
# A page with no <meta charset>: only the HTTP header in the WARC record says it is Latin-1.
LATIN1_PAGE = ("<html><head><title>Caf\xe9 society</title></head><body><article><h1>Caf\xe9 society</h1>"
               "<p>Le caf\xe9 du coin ferme ses portes apr\xe8s cinquante ans. Les habitu\xe9s du quartier sont "
               "venus nombreux pour un dernier verre, samedi soir, autour du comptoir en zinc.</p>"
               "<p>\xab On a tout v\xe9cu ici \xbb, raconte la patronne, qui a repris l'affaire de ses parents en "
               "1989. Elle part \xe0 la retraite et aucun repreneur ne s'est pr\xe9sent\xe9.</p>"
               "<p>La mairie envisage d'y installer une biblioth\xe8que de quartier d'ici \xe0 l'\xe9t\xe9 "
               "prochain, selon l'adjoint charg\xe9 de la culture.</p></article></body></html>").encode("latin-1")


def page(key: str) -> bytes:
    return gzip.decompress((CASES / f"{key}.html.gz").read_bytes())


def write_warc(path: Path, records: list[tuple[str, bytes, str]], *, extra: bool = True) -> None:
    """(url, payload, content type) → response records, plus what a crawl also holds: a request record, an image
    and a 404 page, which are not inputs and must be counted as skipped."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=path.suffix == ".gz")
        for url, payload, content_type in records:
            if extra:
                request = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
                writer.write_record(writer.create_warc_record(url, "request", payload=request))
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                          http_headers=headers))
        if extra:
            others = (("200 OK", "image/png", b"\x89PNG\r\n"), ("404 Not Found", "text/html", b"<p>gone"))
            for status, ctype, body in others:
                headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record("https://example.com/x", "response",
                                                              payload=io.BytesIO(body), http_headers=headers))


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Every input kind: a folder of pages (nested), a WARC, and a JSONL file."""
    root = tmp_path / "corpus"
    (root / "pages" / "nested").mkdir(parents=True)
    (root / "pages" / f"{HTML_KEYS[0]}.html.gz").write_bytes((CASES / f"{HTML_KEYS[0]}.html.gz").read_bytes())
    (root / "pages" / "nested" / f"{HTML_KEYS[1]}.html").write_bytes(page(HTML_KEYS[1]))
    (root / "pages" / f"{TEXT_KEYS[0]}.txt").write_bytes((CASES / f"{TEXT_KEYS[0]}.txt").read_bytes())
    (root / "pages" / "notes.md").write_text("not a page")
    write_warc(root / "crawl.warc.gz", [(URLS[HTML_KEYS[2]], page(HTML_KEYS[2]), "text/html; charset=utf-8"),
                                        ("https://example.fr/cafe", LATIN1_PAGE, "text/html; charset=iso-8859-1")])
    lines = [json.dumps({"id": "j-html", "url": URLS[HTML_KEYS[0]], "html": page(HTML_KEYS[0]).decode()}),
             json.dumps({"text": (CASES / f"{TEXT_KEYS[0]}.txt").read_text()}), "",
             "{not json", json.dumps({"id": "j-empty", "title": "no html or text field"})]
    (root / "items.jsonl").write_text("\n".join(lines) + "\n")
    return root


def batch(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "dateline", "batch", *map(str, args), "-q"],
                            capture_output=True, text=True, cwd=REPO, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def records(out: Path) -> list[dict]:
    return read_records(str(out))
