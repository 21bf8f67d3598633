"""PNG of every page in app.py's navigation (1280×800) into docs/screenshots/, plus one in dark theme.

Run with ``make screenshots`` or ``python -m scripts.screenshots [--db PATH] [--full-page]``. Without
``--db`` a `small` demo database (seed 7) is built in a temporary folder. Pages are taken from the
running app's sidebar, so every registered page is captured.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.driving import (
    CHROMIUM_LAUNCH,
    VIEWPORT,
    NavPage,
    charts_drawn,
    install_run_counter,
    navigation,
    open_page,
)
from tests.browser.streamlit_app import ROOT, running_app

OUT = ROOT / "docs" / "screenshots"
DARK_PAGE = "/overview"  # the dark-theme check; falls back to the first page


def _new_page(browser: Browser, url: str) -> Page:
    context = browser.new_context(base_url=url, viewport=VIEWPORT)
    install_run_counter(context)
    return context.new_page()


def _shoot(page: Page, path: str, target: Path, full_page: bool) -> None:
    open_page(page, path)
    charts_drawn(page)
    page.screenshot(path=target, full_page=full_page)
    print(f"wrote {target}")


def capture(db: Path, out: Path, full_page: bool) -> list[Path]:
    """Screenshot every navigation page (light theme) and one page in dark theme."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**CHROMIUM_LAUNCH)
        with running_app(db, "--theme.base", "light") as url:
            page = _new_page(browser, url)
            open_page(page, "/")
            pages: list[NavPage] = navigation(page)
            for nav in pages:
                written.append(out / f"{nav.slug}.png")
                _shoot(page, nav.path, written[-1], full_page)
        dark = next((nav for nav in pages if nav.path == DARK_PAGE), pages[0])
        with running_app(db, "--theme.base", "dark") as url:
            written.append(out / f"{dark.slug}-dark.png")
            _shoot(_new_page(browser, url), dark.path, written[-1], full_page)
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database to show (default: a fresh `small` demo)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    parser.add_argument("--full-page", action="store_true", help="capture whole pages, not 1280×800")
    args = parser.parse_args()
    if args.db:
        capture(args.db, args.out, args.full_page)
        return 0
    from lmp_metrics.demo import build_demo

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "small.duckdb"
        build_demo(db, scale="small", seed=7)
        capture(db, args.out, args.full_page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
