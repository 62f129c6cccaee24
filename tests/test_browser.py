"""The dashboard in a real browser: Debian's chromium, headless, driven by Playwright, against the
real app served by uvicorn over the example store. Never `playwright install`: the browser is the
system's (`apt-get install chromium`), and these tests skip, saying so, where it is absent."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from api_store import XSS_TITLE, ServerThread, build_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package (pip install playwright)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with ServerThread(build_store(tmp_path_factory.mktemp("browser") / "dyad.duckdb")) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page with every console message, page error and dialog it produced."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def problems(self) -> list[str]:
        return [c for c in self.console if c.startswith("error")] + self.errors + self.dialogs


@pytest.fixture
def watched(browser):
    page = Watched(browser)
    yield page
    page.page.close()


def test_overview_then_follow_a_dyad(server, watched):
    page = watched.page
    page.goto(server.url + "/")
    page.wait_for_selector(".chart[data-drawn=true] svg rect.bar")
    assert page.locator(".chart svg rect.bar").count() >= 12
    assert page.locator("table.events tbody tr").count() == 21

    page.locator('table.dyads a[href="/dyads/RUS/MLI"]').click()
    page.wait_for_url("**/dyads/RUS/MLI")
    page.wait_for_selector(".chart[data-drawn=true] svg rect.bar")
    # 6 events one way in 5 months (2 quads in 2022-11), 4 the other way in 4 months; a dot per month and direction.
    assert page.locator(".chart svg rect.bar").count() == 10
    assert page.locator(".chart svg circle").count() == 9
    assert page.locator("h1").inner_text() == "Russia ⇄ Mali"
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 10
    assert "La Russie a livré 25 000 tonnes de blé" in rows.nth(1).inner_text()
    assert page.locator("table.pledges tbody tr").inner_text().count("fulfilled") == 1
    assert watched.problems() == []


def test_filters_stay_in_the_url(server, watched):
    page = watched.page
    page.goto(server.url + "/")
    page.fill('input[name="actor"]', "RUS")
    page.select_option('select[name="type"]', "AID")
    page.click("form.filters button")
    page.wait_for_url("**/?actor=RUS&type=AID")
    assert page.locator("table.events tbody tr").count() == 3
    assert watched.problems() == []


def test_map_draws_places_on_the_base_map(server, watched):
    page = watched.page
    page.goto(server.url + "/map")
    page.wait_for_selector(".map[data-drawn=true]")
    assert page.locator(".map svg path.land").count() > 150
    assert page.locator(".map svg circle").count() == 7
    assert watched.problems() == []


def _view_width(page) -> float:
    return float(page.locator(".map svg").get_attribute("viewBox").split()[2])


def test_the_map_zooms_to_a_region_and_its_circles_keep_their_size(server, watched):
    page = watched.page
    page.goto(server.url + "/map")
    page.wait_for_selector(".map[data-drawn=true]")
    whole, radius = _view_width(page), float(page.locator(".map svg circle").first.get_attribute("r"))
    page.click(".map-zoom button[data-region=sahel]")
    assert _view_width(page) == 43  # 18°W to 25°E
    assert page.url.endswith("/map#sahel")
    zoomed = float(page.locator(".map svg circle").first.get_attribute("r"))
    assert abs(zoomed / radius - 43 / whole) < 1e-6
    page.goto(server.url + "/map#europe")
    page.reload()
    page.wait_for_selector(".map[data-drawn=true]")
    assert _view_width(page) == 57
    assert page.locator(".map-zoom button.on").inner_text() == "Europe"
    assert watched.problems() == []


@pytest.mark.parametrize("path", ["/articles/ex-xss", "/events/ex-xss:0", "/"])
def test_script_payloads_show_as_text_and_never_run(server, watched, path):
    page = watched.page
    page.goto(server.url + path)
    page.wait_for_load_state("networkidle")
    page.mouse.move(10, 10)
    for mark in page.locator("mark").all()[:10]:
        mark.hover()
    assert page.evaluate("() => window.__dyad_xss") is None
    assert page.evaluate("() => document.querySelectorAll('main script, main img, main b').length") == 0
    assert watched.dialogs == [] and watched.errors == []
    if path == "/articles/ex-xss":
        assert page.locator("h1").inner_text() == XSS_TITLE
        assert "<script>window.__dyad_xss = 'text'</script>" in page.locator(".article-text").inner_text()


def test_csp_blocks_a_script_that_slipped_into_the_page(server, watched):
    """Defence in depth: even an inline script injected into the document is refused by the CSP."""
    page = watched.page
    page.goto(server.url + "/")
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = "window.__dyad_xss = 'injected'"; document.body.appendChild(s); }""")
    assert page.evaluate("() => window.__dyad_xss") is None
    assert any("Content Security Policy" in c for c in watched.console)


# --- the dashboard fixes, each with a screenshot (to docs/screenshots with DYAD_SCREENSHOTS=docs/screenshots) ---

@pytest.fixture
def shoot(tmp_path):
    """Save a screenshot of the page under a name: in DYAD_SCREENSHOTS where it is set, else in the
    test's temporary folder (taking it is part of the test: the page must render to an image)."""
    folder = Path(os.environ.get("DYAD_SCREENSHOTS") or tmp_path)

    def take(page, name: str, selector: str | None = None) -> Path:
        path = folder / f"{name}.png"
        (page.locator(selector).first if selector else page).screenshot(path=str(path))
        assert path.stat().st_size > 1000
        return path
    return take


def test_a_year_or_a_month_stays_in_the_date_filter(server, watched, shoot):
    page = watched.page
    page.goto(server.url + "/?since=2022&until=2022-06")
    assert page.input_value('input[name="since"]') == "2022"
    assert page.input_value('input[name="until"]') == "2022-06"
    assert page.locator("table.events tbody tr").count() == 10  # January to June 2022, not all 21
    page.wait_for_selector(".chart[data-drawn=true] svg rect.bar")
    shoot(page, "fix-date-filter")
    page.fill('input[name="actor"]', "MLI")
    page.click("form.filters button")
    page.wait_for_url("**/?actor=MLI&since=2022&until=2022-06")
    assert page.input_value('input[name="since"]') == "2022"
    assert page.locator("table.events tbody tr").count() == 6
    assert watched.problems() == []


def test_most_active_dyads_honour_the_recipient_filter(server, watched, shoot):
    page = watched.page
    page.goto(server.url + "/?recipient=RUS")
    pairs = page.locator("table.dyads tbody tr td:first-child").all_inner_texts()
    assert pairs and all(p.rstrip().endswith("RUS") for p in pairs)
    assert page.locator("table.events tbody tr").count() == 4
    page.wait_for_selector(".chart[data-drawn=true] svg rect.bar")
    shoot(page, "fix-dyads-filter", "main")
    assert watched.problems() == []


def test_download_csv_of_the_filtered_events(server, watched, shoot):
    page = watched.page
    page.goto(server.url + "/?actor=RUS&type=AID")
    link = page.locator("a.download").first
    assert link.get_attribute("href") == "/api/merged.csv?actor=RUS&type=AID"
    with page.expect_download() as waiting:
        link.click()
    rows = list(csv.DictReader(io.StringIO(Path(waiting.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == 3 and {r["event_type"] for r in rows} == {"AID"} and "merged_id" in rows[0]
    shoot(page, "fix-download-csv", "section.card:has(a.download)")
    assert watched.problems() == []


def test_the_article_url_is_a_link_without_referrer(server, watched, shoot):
    page = watched.page
    page.goto(server.url + "/articles/ex-wheat-promise")
    link = page.locator("p.subtitle a.source")
    assert link.get_attribute("href") == "https://example.org/ex-wheat-promise"
    assert set(link.get_attribute("rel").split()) == {"noopener", "noreferrer"}
    shoot(page, "fix-article-link")
    assert watched.problems() == []
