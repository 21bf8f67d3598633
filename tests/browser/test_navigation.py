"""Every page in pages/ opens in a real browser with no exception box and draws its main chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.driving import charts_drawn, navigation, open_page, page_path
from tests.browser.streamlit_app import ROOT

PAGE_STEMS = sorted(path.stem for path in (ROOT / "pages").glob("*.py"))
# Pages whose main content is not a chart; every other page must draw at least one.
WITHOUT_CHART = {"home", "about", "import_data", "sql_corner"}


def test_navigation_offers_every_page(page: Page) -> None:
    open_page(page, "/")
    offered = sorted(nav.path for nav in navigation(page))
    assert offered == sorted(page_path(stem) for stem in PAGE_STEMS)


@pytest.mark.parametrize("stem", PAGE_STEMS)
def test_page_opens_without_exception(page: Page, stem: str) -> None:
    open_page(page, page_path(stem))
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator("h1").first).to_be_visible()
    if stem not in WITHOUT_CHART:
        charts_drawn(page)
        expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first).to_be_visible()
