"""Fixtures: the servers of tests/web/servers.py, started once per session."""

from __future__ import annotations

import threading
from typing import Iterator

import pytest

from .servers import API_KEY, FixtureSite, Server


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """The default: SSRF guard on, no API key. A short fetch timeout keeps refused-address tests fast."""
    running = Server("--fetch-timeout", "2")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def private_server() -> Iterator[Server]:
    # One fetch at a time, so the semaphore on upstream fetches can be seen from the fixture site.
    running = Server("--allow-private", "--fetch-timeout", "1.5", "--max-fetches", "1")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def keyed_server() -> Iterator[Server]:
    running = Server("--api-key", API_KEY, "--workers", "1", api_key=API_KEY)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def fixture_site() -> Iterator[FixtureSite]:
    site = FixtureSite()
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield site
    site.shutdown()
    site.server_close()
