"""PNG of every page in app.py's navigation (1280×800) into docs/screenshots/, plus one in dark theme
and the co-lead's pages at phone size (390×844: ``*-phone*.png``).

Run with ``make screenshots`` or ``python -m scripts.screenshots [--db PATH] [--full-page]``. Without
``--db`` a `small` demo database (seed 7) is built in a temporary folder. Pages are taken from the
running app's sidebar, so every registered page is captured; the scorecard shows the demo team with
the longest history. Exits 1 when a page shows an exception box (its PNG is still written).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from scripts.demo_facts import best_team
from scripts.driving import (
    CHROMIUM_LAUNCH,
    VIEWPORT,
    NavPage,
    charts_drawn,
    install_run_counter,
    navigation,
    settle,
)
from scripts.streamlit_app import ROOT, running_app

OUT = ROOT / "docs" / "screenshots"
DARK_PAGE = "/overview"  # the dark-theme check; falls back to the first page
PHONE = "iPhone 13"  # 390×844, touch, a phone's user agent (the app then draws charts for a phone)
# (file name, URL, chart to scroll to or None): what a co-lead opens between shifts
PHONE_VIEWS = (
    ("scorecard-phone", "/scorecard?as=co-lead@demo.lmp", None),
    ("scorecard-phone-dimensions", "/scorecard?as=co-lead@demo.lmp", ".st-key-dimensions"),
    ("overview-phone", "/overview?as=regional.leader@demo.lmp", None),
    ("what_changed-phone", "/what_changed?as=regional.leader@demo.lmp", None),
)


def _new_page(browser: Browser, url: str) -> Page:
    context = browser.new_context(base_url=url, viewport=VIEWPORT)
    install_run_counter(context)
    return context.new_page()


def _shoot(page: Page, path: str, target: Path, full_page: bool) -> bool:
    """Write one PNG; False when the page shows an exception box."""
    page.set_viewport_size(VIEWPORT)
    page.goto(path)
    settle(page)
    charts_drawn(page)
    if full_page:  # Streamlit scrolls inside its main section: grow the window to the content
        height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], height)})
        charts_drawn(page)
    page.screenshot(path=target)
    failed = page.locator('[data-testid="stException"]').count() > 0
    print(f"{'EXCEPTION on' if failed else 'wrote'} {target}", file=sys.stderr if failed else sys.stdout)
    return not failed


def _phone_shots(playwright: Playwright, browser: Browser, url: str, out: Path) -> bool:
    """One screen of each of ``PHONE_VIEWS`` at phone size (2× pixels); True if none shows an error."""
    device = {k: v for k, v in playwright.devices[PHONE].items() if k != "default_browser_type"}
    context = browser.new_context(**device | {"device_scale_factor": 2}, base_url=url)
    install_run_counter(context)
    page = context.new_page()
    clean = True
    for name, path, scroll_to in PHONE_VIEWS:
        page.goto(path)
        settle(page)
        charts_drawn(page)
        if scroll_to:
            page.locator(scroll_to).first.evaluate("(e) => e.scrollIntoView({block: 'start'})")
        page.screenshot(path=out / f"{name}.png")
        clean &= page.locator('[data-testid="stException"]').count() == 0
        print(f"wrote {out / name}.png")
    context.close()
    return clean


def capture(db: Path, out: Path, full_page: bool) -> bool:
    """Screenshot every navigation page (light theme) and one page in dark theme; True if all clean."""
    out.mkdir(parents=True, exist_ok=True)
    views = {"/scorecard": f"?team={best_team(db)[0]}"}  # pages whose main view needs a choice
    clean = True
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**CHROMIUM_LAUNCH)
        with running_app(db, "--theme.base", "light") as url:
            page = _new_page(browser, url)
            page.goto("/")
            settle(page)
            pages: list[NavPage] = navigation(page)
            for nav in pages:
                clean &= _shoot(page, nav.path + views.get(nav.path, ""), out / f"{nav.slug}.png", full_page)
            clean &= _phone_shots(playwright, browser, url, out)
        dark = next((nav for nav in pages if nav.path == DARK_PAGE), pages[0])
        with running_app(db, "--theme.base", "dark") as url:
            clean &= _shoot(_new_page(browser, url), dark.path, out / f"{dark.slug}-dark.png", full_page)
        browser.close()
    return clean


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database to show (default: a fresh `small` demo)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    parser.add_argument("--full-page", action="store_true", help="capture whole pages, not 1280×800")
    args = parser.parse_args()
    if args.db:
        return 0 if capture(args.db, args.out, args.full_page) else 1
    from lmp_metrics.demo import build_demo

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "small.duckdb"
        build_demo(db, scale="small", seed=7)
        return 0 if capture(db, args.out, args.full_page) else 1


if __name__ == "__main__":
    raise SystemExit(main())
