"""The exception tree. "Not an article" is not an error: it is an `Article` with `is_article=False` and a reason.

    DatelineError
    ├── InputError            the input cannot be read as a page
    │   ├── EmptyInputError   nothing to extract from
    │   ├── BinaryInputError  bytes that are not text (an image, a PDF, random junk)
    │   └── InputTooLargeError
    ├── FetchError            a URL could not be fetched (carries the URL)
    │   ├── FetchTimeoutError
    │   ├── TooManyRedirectsError
    │   ├── HTTPStatusError   the server answered 4xx/5xx (carries the status)
    │   ├── UnsupportedContentError   not HTML or text (carries the content type)
    │   ├── ResponseTooLargeError     the response passed max_response_bytes (also an InputTooLargeError)
    │   └── BlockedAddressError       refused by the SSRF guard
    └── ExtractionTimeoutError        extraction ran past its time limit
"""

from __future__ import annotations


class DatelineError(Exception):
    """Base of every error dateline raises on purpose. `kind` is a stable short name for error records."""

    kind = "error"


class InputError(DatelineError):
    kind = "input"


class EmptyInputError(InputError):
    kind = "empty"


class BinaryInputError(InputError):
    kind = "binary"


class InputTooLargeError(InputError):
    kind = "too-large"


class FetchError(DatelineError):
    kind = "fetch"

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class FetchTimeoutError(FetchError):
    kind = "fetch-timeout"


class TooManyRedirectsError(FetchError):
    kind = "too-many-redirects"


class HTTPStatusError(FetchError):
    kind = "http-status"

    def __init__(self, message: str, *, url: str | None = None, status: int) -> None:
        super().__init__(message, url=url)
        self.status = status


class UnsupportedContentError(FetchError):
    kind = "unsupported-content"

    def __init__(self, message: str, *, url: str | None = None, content_type: str | None = None) -> None:
        super().__init__(message, url=url)
        self.content_type = content_type


class ResponseTooLargeError(FetchError, InputTooLargeError):
    """The fetched body (after decompression) passed Options.max_response_bytes; the download stopped there."""

    kind = "response-too-large"


class BlockedAddressError(FetchError):
    kind = "blocked-address"


class ExtractionTimeoutError(DatelineError):
    kind = "timeout"
