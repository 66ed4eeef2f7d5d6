"""The Dask engine on a LocalCluster matches the local engine; near-duplicate marking."""

from __future__ import annotations

import json

import pytest

from dateline.batch.dedup import MAX_DISTANCE, NearDuplicates, simhash
from dateline.batch.rows import content

from .conftest import CASES, HTML_KEYS, TEXT_KEYS, batch, page, records


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("dask.distributed")
    # tcp on loopback, so the `dateline batch` subprocess can reach it; threads, so it starts in a second
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as local:
        with distributed.Client(local) as client:
            yield local, client


def test_dask_engine_writes_the_same_records_as_the_local_engine(corpus, tmp_path, cluster):
    local, _ = cluster
    batch(corpus, "-o", tmp_path / "local", "--format", "parquet", "--shard-size", "4", "--dedup")
    batch(corpus, "-o", tmp_path / "dask", "--format", "parquet", "--engine", "dask", "--dedup",
          "--scheduler", local.scheduler_address, "--files-per-partition", "2")
    on_dask = records(tmp_path / "dask")
    assert len(on_dask) == 9 and sum(r["ok"] for r in on_dask) == 7
    assert [content(r) for r in on_dask] == [content(r) for r in records(tmp_path / "local")]
    # the JSONL file (read before pages/) holds the page and the text also in pages/: those two are marked
    marked = {r["id"].rsplit("/", 1)[-1]: r["duplicate_of"].rsplit("/", 1)[-1] for r in on_dask if r["duplicate_of"]}
    assert marked == {f"{HTML_KEYS[0]}.html.gz": "j-html", f"{TEXT_KEYS[0]}.txt": "items.jsonl:2"}
    # pages grouped two by two, the WARC and the JSONL file alone: 2 + 1 + 1 + 1 partitions (one per shard)
    assert len(list((tmp_path / "dask").glob("part-*.parquet"))) == 4


def test_extract_bag_and_the_dataframe_pattern(corpus, tmp_path, cluster):
    import dateline.dask

    _, client = cluster
    batch(corpus, "-o", tmp_path / "local", "--format", "parquet")
    expected = [content(r) for r in records(tmp_path / "local")]
    bag = dateline.dask.extract_bag([str(corpus)], files_per_partition=2)
    assert [content(r) for r in client.compute(bag).result()] == expected
    frame = bag.to_dataframe(meta=dateline.dask.META)
    ok = client.compute(frame[frame.ok]).result()
    assert list(ok["id"]) == [r["id"] for r in expected if r["ok"]]
    in_thread = dateline.dask.extract_bag([str(corpus)], isolate=False)
    assert [content(r) for r in client.compute(in_thread).result()] == expected


def test_extract_bag_counts_what_is_not_a_page(corpus, tmp_path, cluster):
    import dateline.dask

    _, client = cluster
    batch(corpus, "-o", tmp_path / "local")
    reported = json.loads((tmp_path / "local" / "manifest.json").read_text())["summary"]["skipped"]
    rows, skipped = dateline.dask.extract_bag_and_skipped([str(corpus)], files_per_partition=2)
    rows, skipped = client.gather(client.compute([rows, skipped]))
    # inputs = rows + skipped, as `dateline batch` counts them: the crawl's image and 404 page, and notes.md
    assert len(rows) == 9
    assert skipped == reported == {"WARC record: HTTP status not 2xx": 1, "WARC record: not HTML or text": 1,
                                   "not a page, WARC or JSONL file": 1}


def test_near_duplicates_point_to_the_first_copy(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = page(HTML_KEYS[0])
    (corpus / "1-original.html").write_bytes(story)
    (corpus / "2-other.html").write_bytes(page(HTML_KEYS[1]))
    # syndicated: the same story under another site's credit line
    body_end = story.index(b">", story.index(b"<body")) + 1
    credit = b"<p>Reprinted with permission from Example Wire.</p>"
    edited = story[:body_end] + credit + story[body_end:].replace(b" the ", b" a ", 1)
    (corpus / "3-syndicated.html").write_bytes(edited)
    (corpus / "4-copy.html").write_bytes(story)
    out = tmp_path / "out"
    batch(corpus, "-o", out, "--dedup", "--shard-size", "2")
    got = {r["id"].rsplit("/", 1)[-1]: r for r in records(out)}
    first = str(corpus / "1-original.html")
    assert got["1-original.html"]["duplicate_of"] is None and got["2-other.html"]["duplicate_of"] is None
    assert got["3-syndicated.html"]["duplicate_of"] == first and got["4-copy.html"]["duplicate_of"] == first
    assert all(r["simhash"] for r in got.values())


def test_simhash_is_near_for_small_edits_and_far_for_other_stories():
    text = (CASES / f"{TEXT_KEYS[0]}.txt").read_text()
    edited = text.replace(" the ", " a ", 1) + "\nCredit: Example Wire Service."
    other = page(HTML_KEYS[1]).decode()
    near = (simhash(text) ^ simhash(edited)).bit_count()
    far = (simhash(text) ^ simhash(other)).bit_count()
    assert near <= MAX_DISTANCE < far
    assert simhash("too short to judge") is None
    index = NearDuplicates()
    assert index.mark(simhash(text), "a") is None and index.mark(simhash(other), "b") is None
    assert index.mark(simhash(edited), "c") == "a"


def test_fsspec_urls_in_and_out(corpus, tmp_path, cluster):
    """Inputs listed and read through fsspec (memory://, visible to this process's threaded Dask workers), and
    shards written through fsspec: the same articles as the local engine on the same files."""
    import fsspec

    import dateline.dask
    from dateline.batch.local import Plan
    from dateline.batch.output import read_records

    local, _ = cluster
    memory = fsspec.filesystem("memory")
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        memory.pipe_file(f"/corpus/{path.relative_to(corpus)}", path.read_bytes())
    dateline.dask.run_dask(Plan(inputs=("memory://corpus",), out="memory://out", format="parquet", progress=False),
                           scheduler=local.scheduler_address, files_per_partition=2)
    batch(corpus, "-o", tmp_path / "local", "--format", "parquet")
    remote, on_disk = read_records("memory://out"), records(tmp_path / "local")
    assert [r["source"].split("corpus/", 1)[1] for r in remote] == [r["source"].split("corpus/", 1)[1] for r in on_disk]
    assert [(r["ok"], r["error_kind"], r["article"]) for r in remote] == \
           [(r["ok"], r["error_kind"], r["article"]) for r in on_disk]
    memory.rm("/corpus", recursive=True)
    memory.rm("/out", recursive=True)
