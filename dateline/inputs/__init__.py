"""Inputs: turn what the caller gives (bytes, str, a URL, a WARC record) into a `Document`."""

from dateline.inputs.load import load

__all__ = ["load"]
