"""`dateline serve`: arguments → Settings → the app on uvicorn."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys

from dateline.web.app import Settings

DESCRIPTION = """\
Run the HTTP API (POST /v1/extract, GET /v1/health, schema at /openapi.json, docs at /docs) and the web page (/).

The SSRF guard is on: URLs that resolve to loopback, private, link-local or cloud-metadata addresses are refused
(403). Use --allow-private only when the server runs inside your own network and its callers are trusted.

examples:
  dateline serve
  dateline serve --host 0.0.0.0 --port 8080 --api-key "$(openssl rand -hex 24)"
  curl -s localhost:8000/v1/extract -H 'content-type: application/json' -d '{"url": "https://example.com/story"}'
  curl -s 'localhost:8000/v1/extract?format=markdown' -H 'content-type: text/html' --data-binary @page.html
"""
API_KEY_ENV = "DATELINE_API_KEY"  # one key, or several separated by commas


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    settings = _settings(args)
    import uvicorn

    from dateline.web.app import create_app

    _announce(args.host, args.port, settings)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=args.log_level,
                access_log=args.access_log, timeout_graceful_shutdown=5)
    return 0


def _parser() -> argparse.ArgumentParser:
    defaults = Settings()
    parser = argparse.ArgumentParser(prog="dateline serve", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    parser.add_argument("--allow-private", action="store_true",
                        help="turn the SSRF guard off: let URLs reach private and loopback addresses")
    parser.add_argument("--api-key", action="append", default=[], metavar="KEY",
                        help=f"require this key on every API request (repeatable). A flag shows in the process "
                             f"list: prefer {API_KEY_ENV}=key1,key2")
    parser.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 1),
                        help="extraction processes (default: one per core, %(default)s)")
    parser.add_argument("--extract-timeout", type=float, default=defaults.extract_timeout, metavar="SECONDS",
                        help="stop an extraction after this long and answer 503 (default: %(default)s)")
    parser.add_argument("--fetch-timeout", type=float, default=defaults.fetch_timeout, metavar="SECONDS",
                        help="total time for one upstream fetch (default: %(default)s)")
    parser.add_argument("--max-body-bytes", type=int, default=defaults.max_body_bytes, metavar="BYTES",
                        help="largest request body accepted (default: %(default)s)")
    parser.add_argument("--max-fetches", type=int, default=defaults.max_fetches, metavar="N",
                        help="upstream fetches in flight at once (default: %(default)s)")
    parser.add_argument("--max-pending", type=int, default=defaults.max_pending, metavar="N",
                        help="extraction requests in progress at once; more are answered 503 (default: %(default)s)")
    parser.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    parser.add_argument("--no-access-log", dest="access_log", action="store_false")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    keys = list(args.api_key) or [key.strip() for key in os.environ.get(API_KEY_ENV, "").split(",")]
    return Settings(allow_private=args.allow_private, api_keys=tuple(key for key in keys if key),
                    max_body_bytes=args.max_body_bytes, extract_timeout=args.extract_timeout,
                    max_fetches=max(1, args.max_fetches), workers=max(1, args.workers),
                    max_pending=max(1, args.max_pending),
                    fetch_timeout=args.fetch_timeout)


def _announce(host: str, port: int, settings: Settings) -> None:
    guard = "off (--allow-private)" if settings.allow_private else "on"
    keys = f"required ({len(settings.api_keys)})" if settings.api_keys else "not required"
    print(f"dateline serve: http://{host}:{port}/  SSRF guard {guard}, API key {keys}, "
          f"{settings.workers} extraction workers", file=sys.stderr, flush=True)
    if not settings.api_keys and not _is_loopback(host):
        print("dateline serve: warning: listening beyond this machine without an API key", file=sys.stderr)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
