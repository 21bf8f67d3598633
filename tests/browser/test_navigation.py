"""Every page in pages/ opens in a real browser with no exception box and draws its main chart."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from scripts.driving import charts_drawn, navigation, open_page, page_path
from scripts.streamlit_app import ROOT, running_app

PAGE_STEMS = sorted(path.stem for path in (ROOT / "pages").glob("*.py"))
# Pages whose main content is not a chart; every other page must draw at least one.
WITHOUT_CHART = {"home", "about", "import_data", "sql_corner"}


def test_navigation_offers_every_page(page: Page) -> None:
    open_page(page, "/")
    offered = sorted(nav.path for nav in navigation(page))
    assert offered == sorted(page_path(stem) for stem in PAGE_STEMS)


@pytest.mark.parametrize("stem", PAGE_STEMS)
def test_page_opens_without_exception(page: Page, stem: str, demo_team: tuple[str, str]) -> None:
    main_view = {"scorecard": f"?team={demo_team[0]}"}  # query strings that open a page's main view
    open_page(page, page_path(stem) + main_view.get(stem, ""))
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator("h1").first).to_be_visible()
    if stem not in WITHOUT_CHART:
        charts_drawn(page)
        # a visible one: a page may keep further charts in a closed expander (What changed's method)
        expect(
            page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').filter(visible=True).first
        ).to_be_visible()


def test_first_deep_links_on_a_fresh_server_check_the_caller(
    shared_context: BrowserContext, app_db: Path
) -> None:
    """On a fresh server Streamlit runs a deep link's pages/ file without app.py; the page checks the
    caller itself (``ui.auth.page_access``): a viewer gets no scorecard, but does get the overview."""
    with running_app(app_db) as url:
        tab = shared_context.new_page()
        open_page(tab, f"{url}/scorecard?as=viewer@demo.lmp")
        refused = tab.locator('[data-testid="stAlertContentError"]').inner_text()
        headings = tab.locator("h1").count()
        open_page(tab, f"{url}/overview?as=viewer@demo.lmp")
        overview = tab.locator("h1").first.inner_text()
        tab.close()
    assert "The Team scorecard page is outside your access." in refused and headings == 0
    assert "overview" in overview.lower()
