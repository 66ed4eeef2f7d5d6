"""Screenshots of the web page with a result, for the README: docs/screenshot.png (desktop) and
docs/screenshot-phone.png. Starts `dateline serve` on loopback and drives Debian's headless Chromium.

    PYTHONPATH=$PWD /work/venv/bin/python tests/web/make_screenshot.py [page.html|page.txt ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.web.servers import EXAMPLES, REPO, Server
from tests.web.test_page import CHROMIUM, CHROMIUM_ARGS

DOCS = REPO / "docs"
# Desktop: the form and the top of the result; phone: the result, where the page scrolls after extracting.
VIEWS = (("screenshot.png", {"width": 1280, "height": 1500}, 1, False),
         ("screenshot-phone.png", {"width": 390, "height": 844}, 2, True))


def shoot(source: Path) -> None:
    server = Server("--workers", "1")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, viewport, scale, at_result in VIEWS:
                page = browser.new_page(viewport=viewport, device_scale_factor=scale)
                page.goto(server.url + "/")
                page.fill("#source", source.read_text(encoding="utf-8"))
                page.click("#submit")
                page.wait_for_selector("#result:not([hidden])")
                page.locator("#result").evaluate("node => node.blur()")
                page.evaluate("document.getElementById('result').scrollIntoView()" if at_result
                              else "window.scrollTo(0, 0)")
                page.screenshot(path=str(DOCS / name))
                print(f"wrote {DOCS / name}")
                page.close()
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    DOCS.mkdir(exist_ok=True)
    shoot(Path(sys.argv[1]) if len(sys.argv) > 1 else EXAMPLES / "thehill-meth-campaign.html")
