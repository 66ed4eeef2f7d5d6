"""Writers: Article → JSON, Markdown, plain text. Parquet lives with the batch engine (an extra)."""

from dateline.writers.json import to_json
from dateline.writers.markdown import to_markdown
from dateline.writers.text import to_text

WRITERS = {"json": to_json, "markdown": to_markdown, "text": to_text}

__all__ = ["WRITERS", "to_json", "to_markdown", "to_text"]
