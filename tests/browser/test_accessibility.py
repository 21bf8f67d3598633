"""Automated WCAG 2.1 A/AA checks (axe-core, bundled by ``axe-playwright-python``) on every page of
``ui.navigation.PAGES``: for the admin in light theme, dark theme and meeting mode; for a viewer (dark)
and a co-lead (light) on every page their role opens. A serious or critical violation fails the test
unless it comes from a Streamlit component listed in ``STREAMLIT_OWN`` (with its upstream issue).

One tab for the file; the dark theme is the reader's device setting (``prefers-color-scheme``, which
the theme follows: ``.streamlit/config.toml`` has a light and a dark variant), switched on the open
document, so the admin's page is loaded once for both themes and checked again for colours only.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from lmp_metrics.access.grants import PAGE_ROLES
from scripts.driving import charts_drawn, open_page, page_path
from ui.navigation import PAGES

STEMS = [stem for stem, _, _ in PAGES]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# What a theme changes on an open page: colours only (the other rules gave their answer in light).
COLOURS = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}
BLOCKING = ("serious", "critical")
# Violations inside Streamlit's own components, which our code cannot reach: (rule, the component's
# container) → the upstream issue. Each is checked node by node, never a rule switched off.
STREAMLIT_OWN = {
    # st.metric(chart_data=…) draws its sparkline with Vega-Lite; the marks get role
    # "graphics-symbol" and no accessible name, and st.metric has no parameter for one.
    ("svg-img-alt", '[data-testid="stMetricChart"]'): "streamlit/streamlit#8563 (alt text for charts)",
}
DARK_BACKGROUND = """() => {
  const [r, g, b] = getComputedStyle(document.querySelector('[data-testid="stApp"]'))
    .backgroundColor.match(/\\d+/g).map(Number);
  return r + g + b < 150;
}"""


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def ours(page: Page, axe: Axe, options: dict = WCAG_AA) -> list[str]:
    """Serious and critical violations on the page not inside a listed Streamlit component, one line
    each: rule, impact, the node's selector and axe's summary of what is wrong."""
    charts_drawn(page)
    found = []
    for violation in axe.run(page, options=options).response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            target = node["target"][0]
            if not any(
                rule == violation["id"]
                and page.evaluate("([t, c]) => !!document.querySelector(t)?.closest(c)", [target, container])
                for rule, container in STREAMLIT_OWN
            ):
                found.append(f"{violation['id']} ({violation['impact']}) {target}: {node['failureSummary']}")
    return found


def view(stem: str, identity: str, team: str | None = None, meeting: bool = False) -> str:
    params = [f"as={identity}"] + ([f"team={team}"] if team and stem == "scorecard" else [])
    return f"{page_path(stem)}?{'&'.join(params + ['meeting=1'] * meeting)}"


@pytest.mark.parametrize("stem", STEMS)
def test_admin_light_and_dark(tab: Page, axe: Axe, stem: str, demo_team: tuple[str, str]) -> None:
    tab.emulate_media(color_scheme="light")
    open_page(tab, view(stem, "admin@demo.lmp", demo_team[0]))
    light = ours(tab, axe)
    tab.emulate_media(color_scheme="dark")
    tab.wait_for_function(DARK_BACKGROUND)
    dark = ours(tab, axe, COLOURS)
    tab.emulate_media(color_scheme="light")
    assert not light and not dark, "\n".join([*(f"light: {v}" for v in light), *(f"dark: {v}" for v in dark)])


@pytest.mark.parametrize("stem", STEMS)
def test_admin_meeting_mode(tab: Page, axe: Axe, stem: str, demo_team: tuple[str, str]) -> None:
    open_page(tab, view(stem, "admin@demo.lmp", demo_team[0], meeting=True))
    assert not (found := ours(tab, axe)), "\n".join(found)


@pytest.mark.parametrize("stem", [s for s in STEMS if "viewer" in PAGE_ROLES[s]])
def test_viewer_dark(tab: Page, axe: Axe, stem: str) -> None:
    tab.emulate_media(color_scheme="dark")
    try:
        open_page(tab, view(stem, "viewer@demo.lmp"))
        tab.wait_for_function(DARK_BACKGROUND)
        found = ours(tab, axe)
    finally:
        tab.emulate_media(color_scheme="light")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("stem", [s for s in STEMS if "co-lead" in PAGE_ROLES[s]])
def test_co_lead_light(tab: Page, axe: Axe, stem: str, grants: dict[str, str]) -> None:
    own = grants["co-lead@demo.lmp"].removeprefix("team:")
    open_page(tab, view(stem, "co-lead@demo.lmp", own))
    assert not (found := ours(tab, axe)), "\n".join(found)
