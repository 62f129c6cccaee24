"""Take the screenshots in docs/screenshots/: every dashboard page over the test example store,
served by the real app and drawn by Debian's chromium (headless, offline).

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from api_store import ServerThread, build_store  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
OUT = ROOT / "docs" / "screenshots"
PAGES = {
    "overview": "/",
    "dyad": "/dyads/RUS/MLI",
    "event": "/events/{consult}",
    "article": "/articles/ex-wheat-promise",
    "map": "/map",
    "api-docs": "/api/docs",
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, ServerThread(build_store(Path(tmp) / "dyad.duckdb")) as server:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
            page.goto(server.url + "/api/merged?type=CONSULT")
            consult = page.evaluate("() => JSON.parse(document.body.innerText).events[0].merged_id")
            for name, path in PAGES.items():
                page.goto(server.url + path.format(consult=consult))
                page.wait_for_load_state("networkidle")
                # The API reference is long: its first screen shows what it is.
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=name != "api-docs")
                print(f"wrote {OUT / name}.png")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
