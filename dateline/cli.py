"""The `dateline` command: thin — arguments → Options → extract → writer.

`serve` and `batch` live with their front ends and are imported only when used, so `dateline extract` starts fast
and works without the server or batch extras installed.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dateline import __version__
from dateline.errors import DatelineError

if TYPE_CHECKING:
    from dateline.article import Article

DESCRIPTION = """\
Turn news pages into clean, structured, attributed article records.

commands:
  extract   one page (a file, '-' for standard input, or a URL) → JSON, Markdown or text
  serve     the HTTP API and a web page to look at results (needs: pip install 'dateline[server]')
  batch     many pages (folders, globs, WARC, JSONL) on all cores or a Dask cluster (needs: 'dateline[batch]')

examples:
  dateline extract page.html
  dateline extract page.html.gz --format markdown
  dateline extract https://example.com/news/story --format text
  curl -s https://example.com/story | dateline extract - --url https://example.com/story
  dateline extract flattened-page.txt      # whole-page text works too

Run 'dateline COMMAND --help' for a command's options.
"""

# Front ends that own their arguments: command → module with main(argv) -> int.
DELEGATED = {"serve": "dateline.web.cli", "batch": "dateline.batch.cli"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in DELEGATED:
        return _delegate(argv[0], argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command != "extract":
        parser.print_help()
        return 2
    return _extract(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dateline", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"dateline {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_extract(commands)
    commands.add_parser("serve", help="run the HTTP API and web page", add_help=False)
    commands.add_parser("batch", help="extract many pages in parallel", add_help=False)
    return parser


EXTRACT_DESCRIPTION = """\
Extract the article from one page and print it.

SOURCE is a saved page (.html, .htm, .html.gz), a flattened page (.txt: the page's
text, one block a line), '-' to read standard input, or an http(s) URL to fetch.

formats:
  json       everything: metadata, body blocks, quotes, provenance (docs/schema.md)
  markdown   headline, byline, image with caption, the body, then who said what
  text       the headline, a blank line, then the body as plain text

examples:
  dateline extract examples/thehill-meth-campaign.html
  dateline extract page.html.gz --format markdown -o story.md
  dateline extract - --url https://example.com/story < page.html

exit status: 0 on success, 1 when the input cannot be read or fetched, 2 on bad arguments.
"""

# File extensions that say what a file holds, so `--kind auto` need not guess (".html.gz" is unwrapped first).
KIND_BY_SUFFIX = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text"}


def _add_extract(commands: argparse._SubParsersAction) -> None:
    extract = commands.add_parser("extract", help="extract one page", description=EXTRACT_DESCRIPTION,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    extract.add_argument("source", metavar="SOURCE", help="a file, '-' for standard input, or an http(s) URL")
    extract.add_argument("-f", "--format", choices=("json", "markdown", "text"), default="json",
                         help="output format (default: json)")
    extract.add_argument("--url", help="the page's address, when SOURCE is a file or '-' (used for links and the "
                                       "canonical URL)")
    extract.add_argument("--kind", choices=("auto", "html", "text"), default="auto",
                         help="read SOURCE as HTML or as flattened text (default: from the file extension, "
                              "else from the content)")
    extract.add_argument("--include-removed", action="store_true",
                         help="also list the boilerplate left out, with its role (JSON only)")
    extract.add_argument("--include-comments", action="store_true", help="keep comment threads in the body")
    extract.add_argument("--no-quotes", action="store_true", help="skip the who-said-what stage")
    extract.add_argument("--no-metadata", action="store_true",
                         help="skip the metadata stage of HTML pages: the body alone, about a fifth faster")
    extract.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def _extract(args: argparse.Namespace) -> int:
    from dateline.extract import extract
    from dateline.inputs.load import looks_like_url
    from dateline.options import Options

    options = Options(include_removed=args.include_removed, include_comments=args.include_comments,
                      quotes=not args.no_quotes, metadata=not args.no_metadata)
    try:
        if looks_like_url(args.source) and not Path(args.source).exists():
            article = extract(args.source, kind="url", url=args.url, options=options)
        else:
            data = _read(args.source)
            article = extract(data, url=args.url, kind=_kind(args.source, args.kind), options=options)
    except DatelineError as error:
        print(f"dateline: {args.source}: {error}", file=sys.stderr)
        return 1
    return _write(_render(article, args), args.output)


def _render(article: Article, args: argparse.Namespace) -> str:
    from dateline.writers import WRITERS, to_json

    if args.format == "json":
        return to_json(article, include_removed=args.include_removed) + "\n"
    return WRITERS[args.format](article)


def _kind(source: str, kind: str) -> str:
    if kind != "auto" or source == "-":
        return kind
    name = source.lower().removesuffix(".gz")
    return next((found for suffix, found in KIND_BY_SUFFIX.items() if name.endswith(suffix)), "auto")


def _write(output: str, path: str | None) -> int:
    """UTF-8 whatever the terminal's locale; a closed pipe (`| head`) is not an error."""
    data = output.encode("utf-8")
    try:
        if path:
            Path(path).write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
    except BrokenPipeError:
        sys.stdout = None  # type: ignore[assignment]  # nothing more can be written; skip the flush at exit
    except OSError as error:
        print(f"dateline: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    try:
        return path.read_bytes()  # .gz is recognised by its magic bytes when decoding
    except FileNotFoundError:
        raise DatelineError("no such file") from None
    except IsADirectoryError:
        raise DatelineError("is a directory (use 'dateline batch' for many pages)") from None
    except PermissionError:
        raise DatelineError("permission denied") from None
    except OSError as error:
        raise DatelineError(f"cannot read: {error.strerror or error}") from None


def _delegate(command: str, argv: list[str]) -> int:
    try:
        module = importlib.import_module(DELEGATED[command])
    except ImportError as error:
        extra = "server" if command == "serve" else "batch"
        print(f"dateline {command} needs extra packages ({error.name} is missing): "
              f"pip install 'dateline[{extra}]'", file=sys.stderr)
        return 2
    return module.main(argv)


if __name__ == "__main__":
    sys.exit(main())
