"""dateline's errors → HTTP: every error answer is JSON `{"error": {"code": ..., "message": ...}}`.

The code is the error's stable `kind` where dateline has one, so a client can branch on it; the status says who is
at fault: the caller (4xx), the page's server upstream (502/504), or this server (503 for an extraction that ran
past its time limit).
"""

from __future__ import annotations

from dateline import errors

# Most specific first: the first class the error is an instance of decides the status.
STATUS_BY_ERROR: tuple[tuple[type[errors.DatelineError], int], ...] = (
    (errors.InputTooLargeError, 413),
    (errors.InputError, 400),  # EmptyInputError, BinaryInputError and other unreadable input
    # 403, not 400: the request was well formed; this server refuses to reach that address (its SSRF guard).
    (errors.BlockedAddressError, 403),
    (errors.FetchTimeoutError, 504),
    (errors.FetchError, 502),  # HTTPStatusError, UnsupportedContentError, TooManyRedirectsError, network errors
    (errors.ExtractionTimeoutError, 503),
)

_CLASSES = {cls.__name__: cls for cls, _ in STATUS_BY_ERROR} | {
    cls.__name__: cls for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, Exception)}


class ApiError(Exception):
    """An error answer: raised anywhere in a request, written by the app's handler."""

    def __init__(self, status: int, code: str, message: str, detail: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail  # extra fields, e.g. the upstream status or content type

    def body(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.detail:
            error.update(self.detail)
        return {"error": error}


def from_dateline(error: errors.DatelineError) -> ApiError:
    status = next((code for cls, code in STATUS_BY_ERROR if isinstance(error, cls)), 500)
    detail = {}
    if isinstance(error, errors.HTTPStatusError):
        detail["upstream_status"] = error.status
    if isinstance(error, errors.UnsupportedContentError):
        detail["content_type"] = error.content_type
    if isinstance(error, errors.FetchError) and error.url:
        detail["url"] = error.url
    return ApiError(status, error.kind, str(error), detail or None)


def from_name(error_class: str, message: str) -> ApiError:
    """An error reported by a worker process by class name (see pool.Failure)."""
    if error_class not in _CLASSES:  # not one of dateline's errors: a bug, reported as such
        return ApiError(500, "internal", f"extraction failed: {message}")
    cls = _CLASSES[error_class]
    status = next((code for known, code in STATUS_BY_ERROR if issubclass(cls, known)), 500)
    return ApiError(status, getattr(cls, "kind", "error"), message)
