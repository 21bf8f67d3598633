"""Keyboard only: drill the Overview from the nation down to one team and open its scorecard with
Tab, arrow keys, Shift+Space (select a table row) and Enter: no mouse, no address typed after the
first load."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from lmp_metrics.vocabulary.hierarchy import GROUP_LEVELS
from scripts.driving import open_page, rerun_after

MAX_TABS = 200  # a page has ~60 stops before its table: far fewer than this
# The focused element is the children table's grid (not a chart's table, inside an expander).
ON_GROUP_TABLE = """() => {
  const a = document.activeElement;
  return a.getAttribute('data-testid') === 'data-grid-canvas' && !a.closest('[data-testid="stExpander"]');
}"""
ON_SCORECARD_LINK = """() => {
  const a = document.activeElement;
  return a.tagName === 'A' && a.innerText.includes('Open the scorecard of');
}"""


def tab_to(page: Page, focused: str) -> None:
    """Press Tab until ``focused`` (a JS predicate on the page) holds."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(focused):
            return
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached it")


def pick_a_row(page: Page) -> str:
    """From the top of the page: Tab into the groups table, arrow down onto a row, select it; returns
    the row's first cell (the group's name)."""
    tab_to(page, ON_GROUP_TABLE)
    page.keyboard.press("ArrowDown")  # onto a row's first cell
    page.wait_for_function("document.activeElement.getAttribute('role') === 'gridcell'")
    name = page.evaluate("document.activeElement.textContent").strip()
    rerun_after(page, lambda: page.keyboard.press("Shift+Space"))
    return name


def test_drill_from_nation_to_a_team_and_open_its_scorecard(page: Page) -> None:
    open_page(page, "/overview")
    expect(page.get_by_role("heading", name="Regions in the nation")).to_be_visible()
    chosen = []
    for step in GROUP_LEVELS:  # region, service area, facility, department
        chosen.append(pick_a_row(page))
        assert parse_qs(urlsplit(page.url).query)[step.drill_param] == [chosen[-1]]
    expect(page.get_by_role("heading", name=f"Teams in {chosen[-1]}")).to_be_visible()

    team = pick_a_row(page)
    tab_to(page, ON_SCORECARD_LINK)
    expect(page.locator(":focus")).to_have_text(re.compile(f"Open the scorecard of {re.escape(team)}"))
    rerun_after(page, lambda: page.keyboard.press("Enter"))
    expect(page).to_have_url(re.compile(r"/scorecard\?(.*&)?team="))
    expect(page.get_by_role("heading", name=team, exact=True)).to_be_visible()
