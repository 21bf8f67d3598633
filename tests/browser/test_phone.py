"""At phone size (390×844, a touch screen, a phone's user agent): the co-lead's scorecard, the
Overview cards and the What changed list never scroll the page sideways; charts fit the screen with
their legend under the plot; tables stay inside the screen (they scroll inside themselves); the
printable scorecard keeps its paper layout."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright

from scripts.driving import APP_TIMEOUT_MS, charts_drawn, install_run_counter, open_page

PHONE = "iPhone 13"  # 390×844 CSS pixels, touch, a Mobile Safari user agent
# Every chart's legend below its plot areas (Plotly's figure is on the chart's div as ``layout``).
LEGENDS_BELOW = """() => [...document.querySelectorAll('.js-plotly-plot')].every((plot) => {
  const legend = plot.querySelector('.legend');
  if (!legend) return true;
  const bottom = Math.max(...[...plot.querySelectorAll('.nsewdrag')].map((r) => r.getBoundingClientRect().bottom));
  return legend.getBoundingClientRect().top >= bottom - 1;
})"""
WIDEST = """(selector) => Math.max(0, ...[...document.querySelectorAll(selector)]
  .map((e) => e.getBoundingClientRect().right))"""


@pytest.fixture(scope="module")
def phone(browser: Browser, playwright: Playwright, app_url: str) -> Iterator[Page]:
    device = {k: v for k, v in playwright.devices[PHONE].items() if k != "default_browser_type"}
    context = browser.new_context(**device, base_url=app_url)
    context.set_default_timeout(APP_TIMEOUT_MS)
    install_run_counter(context)
    page = context.new_page()
    yield page
    context.close()


def assert_fits(page: Page) -> None:
    charts_drawn(page)
    width = page.evaluate("innerWidth")
    assert width == 390
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width, "the page scrolls sideways"
    main = page.locator('[data-testid="stMain"]')
    assert main.evaluate("(m) => m.scrollWidth <= m.clientWidth"), "the main section scrolls sideways"
    for selector in (".js-plotly-plot", '[data-testid="stDataFrame"]', '[data-testid="stTable"]'):
        assert page.evaluate(WIDEST, selector) <= width, f"{selector} reaches past the screen"
    assert page.evaluate(LEGENDS_BELOW), "a chart's legend is not under its plot"


def test_co_lead_scorecard_on_a_phone(phone: Page, grants: dict[str, str]) -> None:
    own = grants["co-lead@demo.lmp"].removeprefix("team:")
    open_page(phone, f"/scorecard?as=co-lead@demo.lmp&team={own}")
    assert phone.locator('[data-testid="stPlotlyChart"]').count() >= 3
    assert_fits(phone)
    # the phone layout comes from the server: the figures say so
    assert phone.evaluate(
        "[...document.querySelectorAll('.js-plotly-plot')].every((p) => p.layout.legend.yref === 'container')"
    )


def test_overview_cards_and_what_changed_list_on_a_phone(phone: Page) -> None:
    open_page(phone, "/overview?as=regional.leader@demo.lmp")
    cards = phone.locator('[data-testid="stMetric"]')
    assert cards.count() >= 4
    assert phone.evaluate(WIDEST, '[data-testid="stMetric"]') <= 390
    assert_fits(phone)
    open_page(phone, "/what_changed?as=regional.leader@demo.lmp")
    assert_fits(phone)


def test_printable_scorecard_keeps_its_paper_layout_on_a_phone(
    phone: Page, demo_team: tuple[str, str]
) -> None:
    open_page(phone, f"/scorecard?team={demo_team[0]}&print=1")
    charts_drawn(phone)
    assert phone.evaluate(
        "[...document.querySelectorAll('.js-plotly-plot')].every((p) => p.layout.legend.yref !== 'container')"
    )
    assert phone.locator('[class*="st-key-chart_text_"]').count() == 0
