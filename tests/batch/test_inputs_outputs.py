"""Each input kind reaches the output with what it carries (URL, headers, id), in both output formats."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq

import dateline
from dateline.article import Block, Image
from dateline.batch.output import parquet_schema
from dateline.batch.rows import article_json, content
from dateline.batch.sources import Task
from dateline.batch.worker import DEFAULT_EXTRACTOR, WorkerConfig, load_extractor, process
from dateline.options import Options

from .conftest import CASES, HTML_KEYS, TEXT_KEYS, URLS, batch, page, records


def test_every_input_kind_gives_one_record_each(corpus, tmp_path):
    out = tmp_path / "out"
    batch(corpus / "pages", corpus / "crawl.warc.gz", str(corpus / "*.jsonl"), "-o", out, "--shard-size", "3")
    got = {r["id"]: r for r in records(out)}
    # 3 pages + 2 WARC responses + 4 JSONL lines (the blank line is not an input); notes.md is skipped, counted
    assert len(got) == 9
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] and [s["records"] for s in manifest["shards"]] == [3, 3, 3]
    assert manifest["summary"]["skipped"] == {"WARC record: HTTP status not 2xx": 1,
                                              "WARC record: not HTML or text": 1, "not a page, WARC or JSONL file": 1}
    nested = got[str(corpus / "pages" / "nested" / f"{HTML_KEYS[1]}.html")]
    assert nested["ok"] and nested["article"]["title"] == dateline.extract(page(HTML_KEYS[1])).title
    assert nested["article"]["text"] == dateline.extract(page(HTML_KEYS[1])).text


def test_warc_passes_target_uri_and_http_charset(corpus, tmp_path):
    out = tmp_path / "out"
    batch(corpus / "crawl.warc.gz", "-o", out, "--format", "jsonl.gz")
    assert gzip.decompress((out / "part-00000.jsonl.gz").read_bytes()).count(b"\n") == 2
    first, latin = records(out)
    assert first["url"] == URLS[HTML_KEYS[2]] and first["id"].startswith("urn:uuid:")
    assert first["article"]["title"] == dateline.extract(page(HTML_KEYS[2])).title
    # decoded as Latin-1 only because the record's HTTP Content-Type said so
    assert latin["article"]["title"] == "Café society"
    assert "après cinquante ans" in latin["article"]["text"]
    assert (first["source"], first["record"], latin["record"]) == (str(corpus / "crawl.warc.gz"), 0, 1)


def test_jsonl_fields_and_bad_lines(corpus, tmp_path):
    out = tmp_path / "out"
    batch(corpus / "items.jsonl", "-o", out, "--format", "jsonl")
    html, text, bad, empty = records(out)
    assert html["id"] == "j-html" and html["url"] == URLS[HTML_KEYS[0]] and html["article"]["source_kind"] == "html"
    assert text["id"].endswith("items.jsonl:2") and text["article"]["source_kind"] == "text"
    assert text["article"]["text"]
    assert (bad["ok"], bad["error_kind"], bad["offset"]) == (False, "input", 4)
    assert "not JSON" in bad["error_message"]
    assert empty["id"] == "j-empty" and "no string 'html' or 'text'" in empty["error_message"]


def test_parquet_has_the_fixed_schema_and_the_same_records(corpus, tmp_path):
    batch(corpus, "-o", tmp_path / "jsonl", "--format", "jsonl.zst")
    batch(corpus, "-o", tmp_path / "parquet", "--format", "parquet", "--shard-size", "4")
    shards = sorted((tmp_path / "parquet").glob("part-*.parquet"))
    assert len(shards) == 3
    for shard in shards:
        assert pq.read_schema(shard).equals(parquet_schema(), check_metadata=False)
    as_jsonl, as_parquet = records(tmp_path / "jsonl"), records(tmp_path / "parquet")
    assert [r["id"] for r in as_parquet] == [r["id"] for r in as_jsonl]
    for row, line in zip(as_parquet, as_jsonl):
        article = json.loads(row["article"]) if row["article"] else None
        assert article == line["article"]
        assert row["title"] == (article or {}).get("title") and row["text"] == (article or {}).get("text")
        assert {k: v for k, v in content(row).items() if k not in ("article", "title", "published", "language",
                                                                   "is_article", "text")} == \
               {k: v for k, v in content(line).items() if k not in ("article", "title", "published", "language",
                                                                    "is_article", "text")}


def test_output_does_not_depend_on_the_number_of_workers(corpus, tmp_path):
    batch(corpus, "-o", tmp_path / "one", "-j", "1", "--shard-size", "2")
    batch(corpus, "-o", tmp_path / "two", "-j", "2", "--shard-size", "2")
    assert [content(r) for r in records(tmp_path / "one")] == [content(r) for r in records(tmp_path / "two")]


def test_refuses_to_mix_a_new_batch_into_an_old_one(corpus, tmp_path):
    batch(corpus / "pages", "-o", tmp_path / "out")
    again = batch(corpus / "pages", "-o", tmp_path / "out", check=False)
    assert again.returncode == 2 and "--resume" in again.stderr
    other = batch(corpus, "-o", tmp_path / "out", "--resume", check=False)
    assert other.returncode == 2 and "differ" in other.stderr
    missing = batch(tmp_path / "nothing-here", "-o", tmp_path / "out2", check=False)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_progress_line_on_a_terminal_only(corpus, tmp_path):
    import os
    import pty
    import re
    import subprocess
    import sys

    from .conftest import REPO

    leader, follower = pty.openpty()
    run = subprocess.run([sys.executable, "-m", "dateline", "batch", str(corpus), "-o", str(tmp_path / "tty")],
                         stdout=follower, stderr=follower, cwd=REPO, timeout=120)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert run.returncode == 0
    draws = re.findall(rb"\r(\d+) docs  [\d.,]+ docs/s  (\d+) errors  ETA \d+:\d\d:\d\d", shown)
    assert draws and draws[-1] == (b"9", b"2")  # the last redraw: every document, both errors
    assert b"9 inputs = 7 records + 2 error records" in shown
    logged = subprocess.run([sys.executable, "-m", "dateline", "batch", str(corpus), "-o", str(tmp_path / "log")],
                            capture_output=True, text=True, cwd=REPO, timeout=120).stderr
    assert "docs/s  " not in logged and "9 inputs = 7 records + 2 error records" in logged


def test_compressed_jsonl_and_warc_inputs_read_like_plain_ones(corpus, tmp_path):
    import zstandard

    plain = (corpus / "items.jsonl").read_bytes()
    packed = tmp_path / "packed"
    packed.mkdir()
    (packed / "items.jsonl.gz").write_bytes(gzip.compress(plain))
    (packed / "items.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(plain))
    (packed / "crawl.warc").write_bytes(gzip.decompress((corpus / "crawl.warc.gz").read_bytes()))
    batch(corpus / "items.jsonl", corpus / "crawl.warc.gz", "-o", tmp_path / "plain")
    batch(packed / "items.jsonl.gz", packed / "items.jsonl.zst", packed / "crawl.warc", "-o", tmp_path / "packed_out")
    expected = [(r["ok"], r["error_kind"], r["article"]) for r in records(tmp_path / "plain")]
    got = [(r["ok"], r["error_kind"], r["article"]) for r in records(tmp_path / "packed_out")]
    assert got == expected[:4] + expected[:4] + expected[4:]


def test_line_separators_inside_text_do_not_split_records(corpus, tmp_path):
    # JSON written with ensure_ascii=False keeps U+2028 and U+0085 raw; a reader splitting on them broke shards.
    story = "\n\n".join(f"Paragraph {n} of the council story:\u2028 residents spoke\u0085 about rents, flooding and "
                        f"the new bus timetable before the vote on Tuesday evening." for n in range(6))
    source = tmp_path / "odd.jsonl"
    source.write_text(json.dumps({"id": "odd", "text": story}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    batch(source, "-o", out, "--format", "jsonl")
    (record,) = records(out)
    assert record["id"] == "odd" and record["ok"]
    assert "\u2028" in record["article"]["text"]


def test_extraction_options_reach_the_workers(corpus, tmp_path):
    seed = Path(__file__).resolve().parents[2] / "examples" / "phnompenhpost-kim-sok.txt"
    plain, chosen = tmp_path / "plain", tmp_path / "chosen"
    batch(seed, "-o", plain, "--format", "jsonl")
    batch(seed, "-o", chosen, "--format", "jsonl", "--no-quotes", "--include-removed")
    (with_quotes,) = records(plain)
    (without,) = records(chosen)
    assert with_quotes["article"]["quotes"] and "removed" not in with_quotes["article"]
    assert without["article"]["quotes"] == []
    assert {"teaser-list", "headline"} <= {removed["role"] for removed in without["article"]["removed"]}
    assert without["article"]["text"] == with_quotes["article"]["text"]
    # a resumed run must match: records made with and without quotes never mix in one output
    refused = batch(seed, "-o", chosen, "--format", "jsonl", "--resume", check=False)
    assert refused.returncode != 0


def test_no_metadata_reaches_the_workers_and_the_resume_check(tmp_path):
    page = Path(__file__).resolve().parents[2] / "examples" / "thehill-meth-campaign.html"
    plain, chosen = tmp_path / "plain", tmp_path / "chosen"
    batch(page, "-o", plain, "--format", "jsonl", "--no-quotes")
    batch(page, "-o", chosen, "--format", "jsonl", "--no-quotes", "--no-metadata")
    (full,) = records(plain)
    (body_only,) = records(chosen)
    assert full["article"]["title"] and full["article"]["authors"]
    assert body_only["article"]["title"] is None and body_only["article"]["authors"] == []
    assert body_only["article"]["text"] == full["article"]["text"]
    assert batch(page, "-o", chosen, "--format", "jsonl", "--no-quotes", "--resume", check=False).returncode != 0


def test_article_json_is_what_the_json_module_writes():
    # orjson writes the shards' article JSON straight from the dataclasses: the same bytes as json.dumps of
    # to_dict() with sorted keys, non-ASCII kept raw, with and without `removed`, for HTML and text inputs, and for
    # every kind of block (lists and tables keep their structured fields, other blocks drop them)
    articles = [dateline.extract(page(key), options=Options(include_removed=True)) for key in HTML_KEYS]
    articles += [dateline.extract((CASES / f"{key}.txt").read_text(), kind="text") for key in TEXT_KEYS]
    kinds = (Block(kind="heading", text="Río", level=2), Block(kind="list", text="a\nb", ordered=True, items=("a", "b")),
             Block(kind="table", text="x\ty", rows=(("x", "y"),), header=True),
             Block(kind="figure", text="A “caption”", image=Image(url="https://example.com/a.jpg", caption="A")))
    articles.append(replace(articles[0], body=articles[0].body + kinds))
    assert any(article.quotes and article.removed and article.provenance for article in articles)
    for article in articles:
        for include_removed in (False, True):
            expected = json.dumps(article.to_dict(include_removed=include_removed), ensure_ascii=False,
                                  sort_keys=True, separators=(",", ":"))
            assert article_json(article, include_removed=include_removed) == expected.encode("utf-8")
    assert b'"items":["a","b"]' in article_json(articles[-1]) and b'"level":null' not in article_json(articles[-1])


def test_rows_for_json_lines_leave_the_text_to_the_article():
    # JSON Lines writes no `text` column (the article has it): the worker leaves it out of the row it sends, after
    # the near-duplicate fingerprint has read it
    task = Task(id="a", source="a.html", record=0, data=page(HTML_KEYS[0]))
    extractor = load_extractor(DEFAULT_EXTRACTOR)
    full = process(task, extractor, WorkerConfig(dedup=True))
    light = process(task, extractor, WorkerConfig(dedup=True, text_column=False))
    assert full["text"] == dateline.extract(page(HTML_KEYS[0])).text and len(full["text"]) > 500
    assert light["text"] is None and light["simhash"] == full["simhash"] is not None
    assert light["article"] == full["article"]
