"""The HTTP API and the web page: FastAPI on uvicorn. It calls `dateline.fetch` and `dateline.extract`, nothing else.

    POST /v1/extract     JSON {"url"} | {"html", "url"?} | {"text"} with options, or a raw HTML/text body
    GET  /v1/health      liveness, version, workers alive, requests in progress
    GET  /openapi.json   the schema;  GET /docs  a self-contained page that renders it (no CDN)
    GET  /               the web page (static/, no CDN)

Where the time goes: fetching runs in threads (I/O), at most `max_fetches` at once; extraction runs in worker
processes (CPU) with a time limit, so neither blocks the event loop.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, AsyncIterator, Literal
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from dateline import __version__
from dateline.errors import DatelineError
from dateline.options import Options
from dateline.web.errors import ApiError, from_dateline, from_name
from dateline.web.pool import Busy, ExtractionTimeout, ExtractorPool, Failure, Task, WorkerCrashed

log = logging.getLogger("dateline.web")

STATIC = Path(__file__).resolve().parent / "static"
# Paths anyone may read without an API key: the page's own files, which hold no data. Everything else needs one.
PUBLIC_PATHS = frozenset({"/", "/docs", "/favicon.ico"})
PUBLIC_PREFIXES = ("/static/",)
# Bodies of these types carry the request as JSON; a body of any other type is the page itself (its bytes are sniffed).
JSON_TYPES = ("application/json", "application/problem+json")
# The page renders remote lead images but runs only its own scripts and talks only to this server.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' https: http: data:; style-src 'self'; "
                               "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """What `dateline serve` configures; the defaults are safe for a server open to others."""

    allow_private: bool = False  # the SSRF guard is on unless the operator says the network is theirs
    api_keys: tuple[str, ...] = ()  # empty: no key needed
    max_body_bytes: int = 10 * 1024 * 1024  # a news page is rarely over 2 MB; 10 leaves room for huge ones
    extract_timeout: float = 30.0  # seconds of extraction per request before its worker is killed
    max_fetches: int = 8  # upstream fetches in flight at once, so the server cannot be turned into a crawler
    max_pending: int = 64  # extraction requests in the server at once (each may hold a body); more get 503 busy
    workers: int = 2  # extraction processes
    fetch_timeout: float = 20.0  # seconds for one upstream fetch (Options.timeout)


class ExtractRequest(BaseModel):
    """The JSON body of POST /v1/extract: exactly one of url (alone), html or text, plus options."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(None, description="Fetched when given alone; the page's address with html or text")
    html: str | None = Field(None, description="The page's HTML")
    text: str | None = Field(None, description="A flattened whole-page text")
    include_removed: bool = Field(False, description="List the boilerplate left out, with its role")
    include_comments: bool = False
    include_tables: bool = True
    include_images: bool = True
    quotes: bool = Field(True, description="Run the who-said-what stage")
    metadata: bool = Field(True, description="Run the metadata stage of HTML pages (off: the body alone)")
    strict: bool = Field(False, description="Answer 422 when the page is judged not an article")
    format: Literal["json", "markdown"] = Field("json", description="Article JSON or Markdown")


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(title="dateline", version=__version__, lifespan=_lifespan(settings), docs_url=None,
                  redoc_url=None, description="News pages in, clean article records out.")
    app.state.settings = settings
    _install_handlers(app)
    _install_routes(app)
    app.middleware("http")(_guard(settings))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _lifespan(settings: Settings):
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.pool = ExtractorPool(settings.workers, settings.extract_timeout)
        app.state.fetches = asyncio.Semaphore(settings.max_fetches)
        # Fetching is blocking I/O: its own threads, as many as fetches allowed, not the loop's small default pool.
        app.state.fetch_threads = ThreadPoolExecutor(settings.max_fetches, thread_name_prefix="dateline-fetch")
        app.state.pending = 0
        await app.state.pool.start()
        try:
            yield
        finally:
            await app.state.pool.close()
            app.state.fetch_threads.shutdown(wait=False, cancel_futures=True)
    return lifespan


# -- requests in and out ------------------------------------------------------------------------------------------

def _guard(settings: Settings):
    """Middleware: the API key on every request but the page's own files, and the security headers on all."""
    keys = tuple(key.encode() for key in settings.api_keys)

    async def guard(request: Request, call_next):
        path = request.url.path
        public = path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
        if keys and not public and not _key_matches(request, keys):
            response = _error_response(ApiError(401, "unauthorized", "a valid API key is required: send "
                                                "'Authorization: Bearer KEY' or 'X-API-Key: KEY'"))
            response.headers["WWW-Authenticate"] = "Bearer"
        else:
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response
    return guard


def _key_matches(request: Request, keys: tuple[bytes, ...]) -> bool:
    given = request.headers.get("x-api-key") or ""
    authorization = request.headers.get("authorization") or ""
    if authorization[:7].lower() == "bearer ":
        given = authorization[7:].strip()
    # Compare with every key, never stopping early, so the time taken says nothing about which key came close.
    matches = [hmac.compare_digest(given.encode(), key) for key in keys]
    return any(matches)


def _error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return _error_response(error)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {404: "not-found", 405: "method-not-allowed"}.get(error.status_code, "http-error")
        return _error_response(ApiError(error.status_code, code, str(error.detail)))

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return _error_response(ApiError(500, "internal", f"unexpected {type(error).__name__}"))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return _error_response(ApiError(400, "bad-request", _validation_message(error.errors())))


def _validation_message(problems: list[dict[str, Any]]) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in problem.get('loc', ()))}: {problem.get('msg')}"
                     for problem in problems) or "invalid request"


# What the schema says of POST /v1/extract beyond what FastAPI sees: the route reads its body itself, to take JSON
# and raw pages alike and to count bytes as they arrive.
ERROR_RESPONSES = {status: {"model": ErrorBody, "description": text} for status, text in (
    (400, "Bad input: bad JSON, empty, binary or unreadable"), (401, "Missing or wrong API key"),
    (403, "The URL's address is refused by the SSRF guard"), (413, "Body or page too large"),
    (422, "Not an article (strict mode)"), (502, "The page's server failed or sent something not HTML"),
    (503, "Extraction ran past its time limit, or the server is busy"), (504, "The page's server timed out"))}
EXTRACT_RESPONSES = {200: {"description": "The Article (JSON, or Markdown with format=markdown)",
                           "content": {"application/json": {}, "text/markdown": {}}}, **ERROR_RESPONSES}
EXTRACT_OPENAPI = {
    "requestBody": {"required": True, "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/ExtractRequest"}},
        "text/html": {"schema": {"type": "string"}},
        "text/plain": {"schema": {"type": "string"}}}},
    "parameters": [{"name": name, "in": "query", "required": False, "schema": {"type": kind},
                    "description": "for raw bodies; JSON bodies carry the same names"}
                   for name, kind in (("url", "string"), ("include_removed", "boolean"), ("strict", "boolean"),
                                      ("format", "string"))],
}


def _install_routes(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html")

    @app.get("/v1/health", summary="Liveness")
    async def health(request: Request) -> dict[str, Any]:
        state = request.app.state
        return {"status": "ok", "version": __version__, "workers": len(state.pool.pids), "pending": state.pending}

    @app.post("/v1/extract", summary="Extract the article", responses=EXTRACT_RESPONSES,
              openapi_extra=EXTRACT_OPENAPI)
    async def extract_endpoint(request: Request) -> Response:
        state = request.app.state
        if state.pending >= state.settings.max_pending:
            raise ApiError(503, "busy", f"{state.pending} requests are in progress; try again shortly")
        state.pending += 1
        try:
            return await _extract(request)
        finally:
            state.pending -= 1

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, plus the request model the extract route reads by hand."""
    if not app.openapi_schema:
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        models = schema.setdefault("components", {}).setdefault("schemas", {})
        models["ExtractRequest"] = ExtractRequest.model_json_schema(ref_template="#/components/schemas/{model}")
        app.openapi_schema = schema
    return app.openapi_schema


# -- POST /v1/extract ---------------------------------------------------------------------------------------------

async def _extract(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    body = await _read_body(request, settings.max_body_bytes)
    params = _parse_params(request, body)
    options = Options(include_removed=params.include_removed, include_comments=params.include_comments,
                      include_tables=params.include_tables, include_images=params.include_images,
                      quotes=params.quotes, metadata=params.metadata, allow_private=settings.allow_private,
                      timeout=settings.fetch_timeout,
                      # A posted page is capped by the body limit once decoded too: a 100 kB gzip can hold 1 GB.
                      max_input_bytes=settings.max_body_bytes)
    task = await _task(request, params, body, options)
    outcome = await _run(request.app.state.pool, task)
    if params.strict and not outcome.is_article:
        raise ApiError(422, "not-an-article", outcome.reason or "the page is judged not an article")
    media_type = "text/markdown; charset=utf-8" if params.format == "markdown" else "application/json"
    return Response(outcome.body, media_type=media_type)


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it passes the limit: a huge upload costs the server nothing."""
    too_large = ApiError(413, "too-large", f"the request body is over the limit of {limit:,} bytes")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _is_json(request: Request) -> bool:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return content_type in JSON_TYPES


def _parse_params(request: Request, body: bytes) -> ExtractRequest:
    """JSON bodies carry input and options together; raw bodies take their options from the query string."""
    try:
        if _is_json(request):
            try:
                data = json.loads(body)
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise ApiError(400, "bad-json", f"the body is not valid JSON: {error}") from None
            if not isinstance(data, dict):
                raise ApiError(400, "bad-request", "the JSON body must be an object")
            return ExtractRequest.model_validate(data)
        query = dict(request.query_params)
        return ExtractRequest.model_validate({key: _query_value(value) for key, value in query.items()})
    except ValidationError as error:
        raise ApiError(400, "bad-request", _validation_message(error.errors())) from None


def _query_value(value: str) -> str | bool:
    lowered = value.lower()
    if lowered in ("true", "1", "yes", "on"):
        return True
    if lowered in ("false", "0", "no", "off"):
        return False
    return value


async def _task(request: Request, params: ExtractRequest, body: bytes, options: Options) -> Task:
    if _is_json(request):
        given = [name for name in ("html", "text") if getattr(params, name) is not None]
        if len(given) > 1:
            raise ApiError(400, "bad-request", "give one of 'html' or 'text', not both")
        if not given:
            if not params.url:
                raise ApiError(400, "bad-request", "give 'url', 'html' or 'text'")
            return await _fetch_task(request, params, options)
        kind = "html" if given[0] == "html" else "text"
        return Task(getattr(params, given[0]), options, url=_page_url(params.url), kind=kind, format=params.format)
    if not body.strip():
        raise ApiError(400, "empty", "the request body is empty: send a page, or JSON with 'url'")
    content_type = request.headers.get("content-type")
    return Task(body, options, url=_page_url(params.url), content_type=content_type, format=params.format)


def _page_url(url: str | None) -> str | None:
    """A URL given beside HTML or text is only the page's address, never fetched, but it must look like one."""
    if url is not None:
        _check_url(url)
    return url


def _check_url(url: str) -> None:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ApiError(400, "bad-url", f"not an http(s) URL: {url[:200]!r}")


async def _fetch_task(request: Request, params: ExtractRequest, options: Options) -> Task:
    from dateline.inputs.url import fetch

    url = params.url.strip()
    _check_url(url)
    async with request.app.state.fetches:
        try:
            loop = asyncio.get_running_loop()
            page = await loop.run_in_executor(request.app.state.fetch_threads,
                                              functools.partial(fetch, url, options=options))
        except DatelineError as error:
            raise from_dateline(error) from None
    # The fetcher capped the response itself; the decoded page gets the library's limit, not the body limit.
    options = replace(options, max_input_bytes=Options().max_input_bytes)
    return Task(page.content, options, url=page.url, content_type=page.content_type, headers=dict(page.headers),
                format=params.format)


async def _run(pool: ExtractorPool, task: Task):
    try:
        result = await pool.run(task)
    except ExtractionTimeout:
        raise ApiError(503, "extraction-timeout",
                       f"extraction ran past the limit of {pool.timeout:g} s and was stopped") from None
    except Busy:
        raise ApiError(503, "busy", "no extraction worker came free in time; try again shortly") from None
    except WorkerCrashed:
        raise ApiError(500, "worker-crashed", "the extraction worker died on this page") from None
    if isinstance(result, Failure):
        raise from_name(result.error_class, result.message)
    return result
