"""The web page in real headless Chromium (Debian's package), driven by Playwright, against `dateline serve`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Iterator

import pytest

from .servers import API_KEY, EXAMPLES

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SEED = (EXAMPLES / "phnompenhpost-kim-sok.txt").read_text(encoding="utf-8")
SEED_TITLE = "Kim Sok to keep up fight ‘for change’ from Finland"
SEED_CAPTION = ("Kim Sok in a cafe in Tampere, Finland, yesterday after being granted political asylum by the "
                "Finnish government.")
SEED_BODY_START = "Kim Sok, wanted by the Kingdom’s authorities"
THEHILL = (EXAMPLES / "thehill-meth-campaign.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Debian's chromium is not installed: apt-get install -y chromium (.ci/run does it)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(server.url + "/")
    yield page
    context.close()


def extract(page, source: str) -> None:
    page.fill("#source", source)
    page.click("#submit")
    page.wait_for_selector("#result:not([hidden]), #error:not([hidden])")


@pytest.fixture
def seed_page(page):
    extract(page, SEED)
    return page


def test_seed_renders_with_its_boilerplate_collapsed(seed_page):
    assert seed_page.is_visible("#article .headline")
    paragraphs = seed_page.locator("#article .body p").all_inner_texts()
    assert any(SEED_BODY_START in text for text in paragraphs)
    removed = seed_page.locator("details.removed")
    assert removed.count() == 1 and removed.get_attribute("open") is None, "the cut is collapsed at first"


def test_seed_title_caption_and_body(seed_page):
    assert seed_page.inner_text("#article .headline") == SEED_TITLE
    assert SEED_CAPTION in seed_page.inner_text("#article figcaption")
    assert seed_page.locator("#article .body p").first.inner_text().startswith(SEED_BODY_START)


def test_seed_boilerplate_is_listed_greyed_with_roles(seed_page):
    removed = seed_page.locator("details.removed")
    assert removed.locator("li").count() > 0
    assert not removed.locator("li").first.is_visible(), "collapsed"
    removed.locator("summary").click()
    first = removed.locator("li").first
    assert first.is_visible() and first.locator(".role").inner_text().strip()
    assert "Logo of Phnom Penh Post" in removed.inner_text()


def test_html_page_renders_title_and_body(page):
    extract(page, THEHILL)
    assert page.inner_text("#article .headline").startswith("South Dakota governor doubles down")
    body = page.inner_text("#article .body")
    assert "The tagline drew a mix of criticism and ridicule across Twitter on Monday" in body
    assert page.is_hidden("#error")


def test_metadata_unchecked_renders_the_body_alone(page):
    page.uncheck("#metadata")
    extract(page, THEHILL)
    assert "The tagline drew a mix of criticism" in page.inner_text("#article .body")
    assert "South Dakota governor doubles down" not in page.inner_text("#article")
    assert page.is_hidden("#error")


def test_chosen_html_file_renders(page):
    page.set_input_files("#file", str(EXAMPLES / "thehill-meth-campaign.html"))
    assert "thehill-meth-campaign.html" in page.inner_text("#file-chosen")
    page.click("#submit")
    page.wait_for_selector("#result:not([hidden])")
    assert page.inner_text("#article .headline").startswith("South Dakota governor doubles down")
    assert "The tagline drew a mix of criticism" in page.inner_text("#article .body")


def test_dropped_file_renders(page):
    page.evaluate("""html => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([html], "dropped.html", {type: "text/html"}));
        document.getElementById("extract-form").dispatchEvent(new DragEvent("drop", {dataTransfer: transfer}));
    }""", THEHILL)
    assert "dropped.html" in page.inner_text("#file-chosen")
    assert page.is_disabled("#source")
    page.click("#submit")
    page.wait_for_selector("#result:not([hidden])")
    assert "The tagline drew a mix of criticism" in page.inner_text("#article .body")
    page.click("#file-clear")
    assert page.is_enabled("#source") and page.is_hidden("#file-chosen")


def test_unreachable_url_shows_the_error(page):
    extract(page, "http://127.0.0.1:9/no-such-story")
    error = page.locator("#error")
    assert error.is_visible()
    # 502 from an unreachable upstream today; 403 once the SSRF guard refuses loopback before connecting.
    assert "Could not extract" in error.inner_text()
    assert any(code in error.inner_text() for code in ("HTTP 502", "HTTP 403"))
    assert page.is_hidden("#result")


def test_malformed_url_shows_the_error(page):
    page.select_option("#kind", "url")
    extract(page, "htp:/nowhere")
    assert page.is_visible("#error")
    assert "bad-url" in page.inner_text("#error") and "HTTP 400" in page.inner_text("#error")


def test_page_text_is_never_run_as_html(page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # A real story with markup-looking text in one paragraph: the page must show it, not run it.
    shown = "Markup in the story: <script>alert(2)</script> and <img src=x onerror=alert(3)> as plain text."
    escaped = shown.replace("<", "&lt;").replace(">", "&gt;")
    hostile = THEHILL.replace("<p>The tagline drew", f"<p>{escaped}</p><p>The tagline drew", 1)
    assert hostile != THEHILL
    extract(page, hostile)
    assert shown in page.inner_text("#article .body")
    assert page.locator("#article img, #article script").count() == 0
    page.wait_for_timeout(200)
    assert dialogs == []


def test_saved_record_renders_quotes_by_speaker_figures_and_tables(page, tmp_path):
    """A JSON record (as dateline writes it) opened from a file: every kind of block and the quotes panel."""
    import dateline

    article = dateline.Article(
        title="Council approves the bridge", subtitle="A vote after two years", site_name="The Courier",
        authors=("Ana Ruiz",), published="2024-05-02T10:00:00+02:00", is_article=True, confidence=0.9,
        image=dateline.Image(url="https://example.com/bridge.jpg", caption="The old bridge.", credit="Photo: J. Doe"),
        body=(dateline.Block("paragraph", "The council voted 7-2 on Tuesday."),
              dateline.Block("heading", "What happens next", level=2),
              dateline.Block("list", "Tender\nWorks", items=("Tender", "Works")),
              dateline.Block("quote", "We waited long enough."),
              dateline.Block("table", "Year\tCost\n2025\t4m", rows=(("Year", "Cost"), ("2025", "4m")), header=True)),
        quotes=(dateline.Quote("a fair price", 60, 72),
                dateline.Quote("We waited long enough", 0, 10, speaker="Maria Lopez", role="mayor"),
                dateline.Quote("It is too expensive", 20, 30, speaker="Tom Berg"),
                dateline.Quote("Work starts in spring", 40, 50, speaker="Maria Lopez"),
                dateline.Quote("historic", 52, 58, speaker="Maria Lopez", partial=True)),
        removed=(dateline.Removed("navigation", "Home News Sport", "/html/body/nav"),))
    saved = tmp_path / "bridge.json"
    saved.write_text(json.dumps(article.to_dict(include_removed=True)), encoding="utf-8")
    page.set_input_files("#file", str(saved))
    page.click("#submit")
    page.wait_for_selector("#result:not([hidden])")
    assert page.inner_text("#article .headline") == "Council approves the bridge"
    assert "By Ana Ruiz" in page.inner_text("#article .byline")
    assert "The old bridge. Photo: J. Doe" in page.inner_text("#article figcaption")
    assert page.locator("#article h3").inner_text() == "What happens next"
    assert page.locator("#article ul li").all_inner_texts() == ["Tender", "Works"]
    assert page.locator("#article th").all_inner_texts() == ["Year", "Cost"]
    speakers = page.locator(".quotes .speaker h3").all_inner_texts()
    assert speakers == ["Maria Lopez, mayor", "Tom Berg", "Unattributed"]
    lopez = page.locator(".quotes .speaker").first
    assert lopez.locator("li").all_inner_texts() == ["“We waited long enough”", "“Work starts in spring”"]
    assert lopez.locator(".phrases").inner_text() == "in the text: “historic”"
    removed = page.locator("details.removed")
    assert removed.get_attribute("open") is None and not removed.locator("li").first.is_visible()
    assert removed.locator(".role").first.text_content() == "navigation"
    assert "Home News Sport" in removed.locator("li").first.text_content()


def test_keyboard_only_extraction_and_focus_order(page):
    page.keyboard.press("Tab")  # the skip link comes first
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "source"
    page.keyboard.insert_text(THEHILL)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#result:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "result", "focus moves to the result"
    for control in ("source", "kind", "page-url", "include-removed", "quotes", "api-key", "file"):
        assert page.evaluate(f"document.getElementById('{control}').labels.length") >= 1, f"#{control} has a label"


def test_markdown_download(page):
    extract(page, THEHILL)
    with page.expect_download() as download_info:
        page.click("[data-export=markdown][data-action=download]")
    path = download_info.value.path()
    assert Path(path).read_text(encoding="utf-8").startswith("# South Dakota governor doubles down")
    with page.expect_download() as download_info:
        page.click("[data-export=json][data-action=download]")
    assert json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))["title"].startswith("South Dakota")


def test_the_page_loads_nothing_from_elsewhere(browser, server):
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server.url + "/")
    page.goto(server.url + "/docs")
    page.wait_for_selector("#api h3")
    context.close()
    assert requested and all(url.startswith(server.url) or url.startswith("data:") for url in requested), requested


def test_phone_width_has_no_sideways_scroll(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(server.url + "/")
    extract(page, THEHILL)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


def test_api_key_asked_for_and_used(browser, keyed_server):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(keyed_server.url + "/")
    extract(page, SEED)
    assert "HTTP 401" in page.inner_text("#error")
    assert page.locator("#key-box").get_attribute("open") is not None
    assert page.evaluate("document.activeElement.id") == "api-key", "focus goes to the key field"
    page.fill("#api-key", API_KEY)
    page.click("#submit")
    page.wait_for_selector("#result:not([hidden])")
    assert page.is_hidden("#error")
    assert any(SEED_BODY_START in text for text in page.locator("#article .body p").all_inner_texts())
    context.close()
