"""Team scorecard in a real browser: find a team by typing part of its name, open its scorecard."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from scripts.driving import charts_drawn, open_page, rerun_after


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


def test_find_another_team_from_a_scorecard(page: Page, demo_team: tuple[str, str]) -> None:
    team_id, team_name = demo_team
    open_page(page, f"/scorecard?team={team_id}")
    page.get_by_text("Find another team").click()  # opening an expander runs no script
    search = page.get_by_role("searchbox", name="Find my team")
    search.fill(team_name.split()[0])  # its facility's place name: its neighbours match too
    other = page.locator('[class*="st-key-pick_"] button').filter(has_not_text=team_name).first
    expect(other).to_be_visible()
    other_name = other.inner_text().split(" · ")[0]

    rerun_after(page, other.click)
    expect(page).not_to_have_url(re.compile(f"[?&]team={team_id}(&|$)"))
    expect(page.get_by_role("heading", name=other_name, exact=True)).to_be_visible()
    expect(search).to_have_value("")
