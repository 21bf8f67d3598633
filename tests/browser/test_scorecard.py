"""Team scorecard in a real browser: find a team by typing part of its name, open its scorecard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.driving import charts_drawn, open_page, rerun_after


@pytest.mark.xfail(
    strict=True,
    reason="pages/scorecard.py: pick_team clears the search box in the button callback, so the fragment "
    "rerun returns before the button reports its click and st.rerun(scope='app') never runs; the URL "
    "gets ?team= but the page keeps saying 'No team chosen yet' until a reload.",
)
def test_team_search_opens_the_scorecard(page: Page, demo_team: tuple[str, str]) -> None:
    team_id, team_name = demo_team
    open_page(page, "/scorecard")
    search = page.get_by_role("searchbox", name="Find my team")
    search.fill(team_name[:12].lower())  # part of the name, other case
    pick = page.locator(f".st-key-pick_{team_id} button")
    expect(pick).to_be_visible()
    expect(pick).to_contain_text(team_name)

    rerun_after(page, pick.click)
    expect(page).to_have_url(re.compile(f"[?&]team={team_id}"))
    expect(page.get_by_role("heading", name=team_name)).to_be_visible()
    charts_drawn(page)
    expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first).to_be_visible()
