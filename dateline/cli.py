"""The `dateline` command: thin — arguments → Options → extract → writer.

`serve` and `batch` live with their front ends and are imported only when used, so `dateline extract` starts fast
and works without the server or batch extras installed.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from dateline import __version__
from dateline.errors import DatelineError

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
    extract = commands.add_parser("extract", help="extract one page", description="Extract the article from one page.")
    extract.add_argument("source", help="an .html/.html.gz/.txt file, '-' for standard input, or an http(s) URL")
    extract.add_argument("-f", "--format", choices=("json", "markdown", "text"), default="json")
    extract.add_argument("--url", help="the page's URL, when the input is a file or standard input")
    extract.add_argument("--kind", choices=("auto", "html", "text"), default="auto",
                         help="force HTML or flattened text (default: decide from the content)")
    extract.add_argument("--include-removed", action="store_true",
                         help="list the boilerplate left out, with its role (JSON only)")
    extract.add_argument("--include-comments", action="store_true", help="keep comment threads in the body")
    extract.add_argument("--no-quotes", action="store_true", help="skip the who-said-what stage")
    extract.add_argument("-o", "--output", help="write here instead of standard output")
    commands.add_parser("serve", help="run the HTTP API and web page", add_help=False)
    commands.add_parser("batch", help="extract many pages in parallel", add_help=False)
    return parser


def _extract(args: argparse.Namespace) -> int:
    from dateline.extract import extract
    from dateline.inputs.load import looks_like_url
    from dateline.options import Options
    from dateline.writers import WRITERS, to_json

    options = Options(include_removed=args.include_removed, include_comments=args.include_comments,
                      quotes=not args.no_quotes)
    try:
        if looks_like_url(args.source) and not Path(args.source).exists():
            article = extract(args.source, kind="url", url=args.url, options=options)
        else:
            data = _read(args.source)
            article = extract(data, url=args.url, kind=args.kind, options=options)
    except DatelineError as error:
        print(f"dateline: {args.source}: {error}", file=sys.stderr)
        return 1
    if args.format == "json":
        output = to_json(article, include_removed=args.include_removed) + "\n"
    else:
        output = WRITERS[args.format](article)
    if args.output:
        Path(args.output).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    return 0


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    try:
        return path.read_bytes()  # .gz is recognised by its magic bytes when decoding
    except IsADirectoryError:
        raise DatelineError(f"is a directory (use 'dateline batch' for many pages)") from None
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
