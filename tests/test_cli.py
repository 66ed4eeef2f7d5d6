"""The `dateline` command, run as a user runs it: a subprocess, real files, standard input and output."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import pytest

from dateline import __version__

from conftest import EXAMPLES, REPO

HILL = EXAMPLES / "thehill-meth-campaign.html"
SEED = EXAMPLES / "phnompenhpost-kim-sok.txt"
HILL_SENTENCE = "The tagline drew a mix of criticism and ridicule across Twitter on Monday"
# The page's own canonical URL wins over the one given on the command line, when the metadata stage finds it.
HILL_CANONICAL = ("https://thehill.com/homenews/news/"
                  "471033-south-dakota-governor-doubles-down-on-meth-were-on-it-anti-drug-campaign")


def dateline(*args: str, stdin: bytes | None = None, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "LC_ALL": "C", "LANG": "C"}  # a bare locale: output stays UTF-8
    return subprocess.run([sys.executable, "-m", "dateline", *args], input=stdin, capture_output=True, env=env,
                          cwd=cwd or REPO, timeout=60)


def test_version():
    result = dateline("--version")
    assert result.returncode == 0 and result.stdout.decode().strip() == f"dateline {__version__}"


def test_help_shows_commands_and_examples():
    result = dateline("--help")
    assert result.returncode == 0
    text = result.stdout.decode()
    assert "extract" in text and "dateline extract page.html" in text
    extract_help = dateline("extract", "--help").stdout.decode()
    for words in ("SOURCE", "--format", "markdown", "--url", ".html.gz", "exit status"):
        assert words in extract_help


def test_extract_html_to_json():
    result = dateline("extract", str(HILL), "--url", "https://thehill.com/story")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["source_kind"] == "html" and data["schema_version"] == 1
    assert "South Dakota governor doubles down" in data["title"]
    assert HILL_SENTENCE in data["text"]
    assert data["url"] in ("https://thehill.com/story", HILL_CANONICAL)


def test_extract_without_metadata():
    result = dateline("extract", str(HILL), "--no-metadata", "--no-quotes")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] is None and data["authors"] == [] and data["published"] is None
    assert HILL_SENTENCE in data["text"] and data["quotes"] == []


def test_extract_gzipped_page_equals_the_plain_one(tmp_path):
    packed = tmp_path / "thehill.html.gz"
    packed.write_bytes(gzip.compress(HILL.read_bytes()))
    plain, zipped = dateline("extract", str(HILL)), dateline("extract", str(packed))
    assert zipped.returncode == 0, zipped.stderr
    assert zipped.stdout == plain.stdout


def test_extract_text_and_markdown_formats():
    text = dateline("extract", str(HILL), "--format", "text")
    assert text.returncode == 0
    assert text.stdout.decode("utf-8").startswith("South Dakota governor doubles down")
    assert HILL_SENTENCE in text.stdout.decode("utf-8")
    markdown = dateline("extract", str(HILL), "-f", "markdown").stdout.decode("utf-8")
    assert markdown.startswith("# South Dakota governor doubles down") and HILL_SENTENCE in markdown


def test_extract_flattened_text_file():
    result = dateline("extract", str(SEED), "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["source_kind"] == "text"
    assert "reiterated on Sunday his determination" in data["text"]


def test_extract_from_standard_input_with_url():
    result = dateline("extract", "-", "--url", "https://thehill.com/x", stdin=HILL.read_bytes())
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["url"] in ("https://thehill.com/x", HILL_CANONICAL) and HILL_SENTENCE in data["text"]


def test_output_file(tmp_path):
    out = tmp_path / "story.md"
    result = dateline("extract", str(HILL), "-f", "markdown", "-o", str(out))
    assert result.returncode == 0 and result.stdout == b""
    assert HILL_SENTENCE in out.read_text(encoding="utf-8")


def _file(name: str, data: bytes):
    def make(tmp_path):
        (tmp_path / name).write_bytes(data)
        return tmp_path / name
    return make


@pytest.mark.parametrize("make,message", [
    (lambda tmp_path: tmp_path / "missing.html", "no such file"),
    (lambda tmp_path: tmp_path, "is a directory"),
    (_file("photo.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8), "binary"),  # the content decides, not the name
    (_file("junk.html.gz", gzip.compress(bytes(range(256)) * 64)), "binary"),
    (_file("empty.html", b""), "empty"),
    (_file("blank.txt", b"  \n\n"), "empty"),
])
def test_unreadable_input_is_a_clear_message_and_exit_1(tmp_path, make, message):
    path = make(tmp_path)
    result = dateline("extract", str(path))
    assert result.returncode == 1
    error = result.stderr.decode()
    assert error.startswith(f"dateline: {path}: ") and message in error
    assert "Traceback" not in error and result.stdout == b""


def test_empty_standard_input():
    result = dateline("extract", "-", stdin=b"")
    assert result.returncode == 1 and "empty" in result.stderr.decode()


@pytest.mark.parametrize("args", [("extract",), ("extract", "x.html", "--format", "pdf"), ("frobnicate",)])
def test_bad_arguments_exit_2_with_usage(args):
    result = dateline(*args)
    assert result.returncode == 2 and b"usage: dateline" in result.stderr


def test_unwritable_output_is_a_clear_message(tmp_path):
    result = dateline("extract", str(HILL), "-o", str(tmp_path / "no" / "such" / "dir.json"))
    assert result.returncode == 1 and "cannot write" in result.stderr.decode()


def test_closed_pipe_is_not_an_error():
    """`dateline extract page.html | head -1` must end quietly, not with a BrokenPipeError traceback.

    The reading end is closed before the command writes anything, so the write fails however short the output is.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "dateline", "extract", str(HILL), "-f", "json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    process.stdout.close()
    error = process.stderr.read()
    assert process.wait(timeout=60) == 0 and b"Traceback" not in error and b"BrokenPipe" not in error
