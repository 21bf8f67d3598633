"""Each demo role in a real browser sees only what it should: its own pages in the navigation, the
demo-mode banner, and a URL edited by hand to reach further is refused, never shown.

One tab serves the whole file: every ``open_page`` is a new document, so a new Streamlit session,
and nothing carries over from one test to the next.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from scripts.driving import navigation, open_page, rerun_after

HOME_TITLE = "LMP team performance"
# Hand-written: the pages each demo role finds in the sidebar, as (title, URL path).
EVERYONE = {
    ("Home", "/"),
    ("Overview", "/overview"),
    ("What changed", "/what_changed"),
    ("Training", "/training"),
    ("Project library", "/projects"),
    ("Just Culture", "/just_culture"),
    ("Explorer", "/explorer"),
    ("Compare methods", "/methods"),
    ("About", "/about"),
}
SCORECARD = ("Team scorecard", "/scorecard")
SQL_CORNER = ("SQL corner", "/sql_corner")
IMPORT = ("Import", "/import_data")
EXPECTED_NAVIGATION = {
    "admin@demo.lmp": EVERYONE | {SCORECARD, SQL_CORNER, IMPORT},
    # free SQL can difference person-level rows: the SQL corner is the admin's alone
    "leader@demo.lmp": EVERYONE | {SCORECARD},
    "regional.leader@demo.lmp": EVERYONE | {SCORECARD},
    "co-lead@demo.lmp": EVERYONE | {SCORECARD},
    "viewer@demo.lmp": EVERYONE,
}
# A link that, rendered as Markdown, would put a foreign link into the app's own messages.
PHISHING = "[Your session expired: sign in again](https://example.org/phish)"


def offered(page: Page) -> set[tuple[str, str]]:
    """The sidebar navigation as (title, URL path) pairs."""
    return {(nav.title, nav.path) for nav in navigation(page)}


def alerts(page: Page) -> str:
    """The text of every alert box (info, warning, error) on the page."""
    return "\n".join(page.locator('[data-testid="stAlert"]').all_inner_texts())


@pytest.mark.parametrize("identity", sorted(EXPECTED_NAVIGATION))
def test_navigation_lists_exactly_the_pages_of_the_role(tab: Page, identity: str) -> None:
    open_page(tab, f"/?as={identity}")
    expect(tab.locator("h1")).to_have_text(HOME_TITLE)
    expect(tab.locator('[data-testid="stSidebar"] [data-testid="stAlert"]')).to_contain_text("Demo mode")
    assert offered(tab) == EXPECTED_NAVIGATION[identity]


def test_the_identity_survives_a_click_in_the_navigation(tab: Page) -> None:
    """Without ``?as=`` the demo identity is the admin: a lost parameter would widen the view."""
    open_page(tab, "/?as=viewer@demo.lmp")
    link = tab.locator('[data-testid="stSidebarNav"] a[data-testid="stSidebarNavLink"]', has_text="About")
    rerun_after(tab, link.click)
    expect(tab).to_have_url(re.compile(r"/about\?(.*&)?as=viewer%40demo\.lmp"))
    assert offered(tab) == EXPECTED_NAVIGATION["viewer@demo.lmp"]


def test_regional_leader_editing_the_region_in_the_url_is_refused(
    tab: Page, grants: dict[str, str], demo_region: str
) -> None:
    own = grants["regional.leader@demo.lmp"].removeprefix("region:")
    assert demo_region != own, "the demo must have a region outside the regional leader's"
    open_page(tab, f"/overview?as=regional.leader@demo.lmp&region={own}&region={demo_region}")
    warning = tab.locator('[data-testid="stAlert"]', has_text="outside your access")
    expect(warning).to_contain_text("1 region value in the address")
    expect(warning).not_to_contain_text(demo_region)  # a refused value is not repeated back
    expect(warning).not_to_contain_text(own)
    assert tab.locator(".st-key-filter_region [data-tag]").all_inner_texts() == [own]
    assert parse_qs(urlsplit(tab.url).query)["region"] == [own], "the refused region left the URL"


def test_co_lead_editing_the_team_in_the_url_gets_no_scorecard(
    tab: Page, grants: dict[str, str], demo_team: tuple[str, str]
) -> None:
    own = grants["co-lead@demo.lmp"].removeprefix("team:")
    team_id, team_name = demo_team
    assert team_id != own, "the demo team must not be the co-lead's"
    print_view = tab.get_by_role("button", name="Print view")
    open_page(tab, f"/scorecard?as=co-lead@demo.lmp&team={own}")  # control: their own team opens
    expect(tab.get_by_text(f"team id {own}")).to_be_visible()
    expect(print_view).to_be_visible()

    open_page(tab, f"/scorecard?as=co-lead@demo.lmp&team={team_id}")
    expect(tab.locator('[data-testid="stAlert"]', has_text="outside your access")).to_be_visible()
    expect(tab.get_by_text(team_name)).to_have_count(0)
    expect(tab.get_by_text(f"team id {team_id}")).to_have_count(0)
    expect(tab.locator('[data-testid="stPlotlyChart"]')).to_have_count(0)
    expect(print_view).to_have_count(0)


@pytest.mark.parametrize(
    ("stem", "title", "working_part"),
    [("sql_corner", "SQL corner", "stTextArea"), ("import_data", "Import", "stFileUploader")],
)
def test_viewer_typing_a_page_outside_the_role_gets_home(
    tab: Page, stem: str, title: str, working_part: str
) -> None:
    open_page(tab, f"/{stem}?as=viewer@demo.lmp")
    expect(tab.get_by_role("dialog")).to_contain_text("Page not found")
    expect(tab).to_have_url(re.compile(r"/\?as=viewer"))
    expect(tab.locator("h1")).to_have_text(HOME_TITLE)
    expect(tab.get_by_role("heading", name=title, exact=True)).to_have_count(0)
    expect(tab.locator(f'[data-testid="{working_part}"]')).to_have_count(0)
    assert offered(tab) == EXPECTED_NAVIGATION["viewer@demo.lmp"]


@pytest.mark.parametrize("path", ["/", "/overview"])
def test_an_identity_without_a_grant_sees_no_access_yet(tab: Page, path: str) -> None:
    open_page(tab, f"{path}?as=stranger@example.org")
    expect(tab.locator("h1")).to_have_text("No access yet")
    expect(tab.get_by_text("stranger@example.org")).to_be_visible()
    expect(tab.get_by_text("partnership office")).to_be_visible()
    expect(tab.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    expect(tab.locator('[data-testid="stPlotlyChart"]')).to_have_count(0)


@pytest.mark.parametrize(
    "path", [f"/?as={quote(PHISHING)}", f"/scorecard?region={quote(PHISHING)}"], ids=["identity", "filter"]
)
def test_url_values_echoed_in_messages_stay_plain_text(tab: Page, path: str) -> None:
    open_page(tab, path)
    if "?as=" in path:  # the identity is shown back: as one piece of text, exactly as typed
        expect(tab.get_by_text(PHISHING, exact=True)).to_be_visible()
    else:  # a filter value refused for access is counted, never repeated back
        expect(tab.locator('[data-testid="stAlert"]', has_text="1 region value")).to_be_visible()
        expect(tab.get_by_text("Your session expired")).to_have_count(0)
    expect(tab.locator('a[href*="example.org"]')).to_have_count(0)
