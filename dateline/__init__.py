"""dateline: news pages → clean, structured, attributed article records.

    >>> import dateline
    >>> article = dateline.extract(html_bytes, url="https://example.com/story")
    >>> article.title, article.authors, article.text, article.quotes
"""

__version__ = "0.1.0"

from dateline.article import Article, Block, Image, Provenance, Quote, Removed
from dateline.errors import (
    BinaryInputError,
    BlockedAddressError,
    DatelineError,
    EmptyInputError,
    ExtractionTimeoutError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InputError,
    InputTooLargeError,
    ResponseTooLargeError,
    TooManyRedirectsError,
    UnsupportedContentError,
)
from dateline.extract import extract
from dateline.inputs.url import Page, fetch
from dateline.options import Options
from dateline.stages.quotes import find_quotes

__all__ = [
    "Article",
    "BinaryInputError",
    "Block",
    "BlockedAddressError",
    "DatelineError",
    "EmptyInputError",
    "ExtractionTimeoutError",
    "FetchError",
    "FetchTimeoutError",
    "HTTPStatusError",
    "Image",
    "InputError",
    "InputTooLargeError",
    "Options",
    "Page",
    "Provenance",
    "Quote",
    "Removed",
    "ResponseTooLargeError",
    "TooManyRedirectsError",
    "UnsupportedContentError",
    "__version__",
    "extract",
    "fetch",
    "find_quotes",
]
