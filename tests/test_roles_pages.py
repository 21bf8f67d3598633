"""What each demo role sees in the running app (AppTest on the `small` demo), and that URLs edited
by hand to reach outside one's access are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lmp_metrics.access.grants import PAGE_ROLES
from lmp_metrics.core.database import Database
from tests.page_support import open_as, run_page
from ui.navigation import TITLES

HOME_TITLE = "LMP team performance"


def titles(app: AppTest) -> list[str]:
    return [title.value for title in app.title]


def texts(app: AppTest) -> str:
    parts = [e.value for e in (*app.error, *app.warning, *app.markdown)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize(
    ("identity", "page", "opens"),
    [
        ("admin@demo.lmp", "import_data", True),
        ("leader@demo.lmp", "import_data", False),
        ("leader@demo.lmp", "sql_corner", False),
        ("co-lead@demo.lmp", "sql_corner", False),
        ("viewer@demo.lmp", "scorecard", False),
        ("viewer@demo.lmp", "overview", True),
        ("viewer@demo.lmp", "what_changed", True),
    ],
)
def test_pages_open_only_for_their_roles(
    identity: str, page: str, opens: bool, small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if opens:
        assert titles(open_as(identity, page, small_db_path, monkeypatch))[:1] != [HOME_TITLE]
    else:  # a page outside the role is not even registered in this session's navigation
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            open_as(identity, page, small_db_path, monkeypatch)


def test_an_identity_without_a_grant_sees_only_the_ask_page(
    small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_as("stranger@example.org", None, small_db_path, monkeypatch)
    assert titles(app) == ["No access yet"]
    assert "partnership office" in texts(app)


def test_regional_leader_editing_the_url_to_another_region_is_refused(
    small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Database(small_db_path, read_only=True) as db:
        own = db.scalar("SELECT scope FROM access_grants WHERE identity = 'regional.leader@demo.lmp'")
        other = db.scalar("SELECT min(region) FROM teams WHERE 'region:' || region <> ?", [own])
    app = open_as("regional.leader@demo.lmp", "overview", small_db_path, monkeypatch, region=other)
    assert "outside your access" in texts(app)
    assert other not in app.multiselect(key="filter_region").options


def test_co_lead_sees_own_scorecard_but_not_another_teams(
    small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Database(small_db_path, read_only=True) as db:
        own = db.scalar("SELECT split_part(scope, ':', 2) FROM access_grants WHERE role = 'co-lead'")
        other = db.scalar("SELECT min(team_id) FROM teams WHERE team_id <> ?", [own])
    mine = open_as("co-lead@demo.lmp", "scorecard", small_db_path, monkeypatch, team=own)
    assert "outside your access" not in texts(mine)
    theirs = open_as("co-lead@demo.lmp", "scorecard", small_db_path, monkeypatch, team=other)
    assert "outside your access" in texts(theirs)


FORBIDDEN = [
    (identity, page)
    for identity, role in [
        ("viewer@demo.lmp", "viewer"),
        ("co-lead@demo.lmp", "co-lead"),
        ("leader@demo.lmp", "leader"),
    ]
    for page in TITLES
    if role not in PAGE_ROLES[page]
]


@pytest.mark.parametrize(
    ("identity", "page"), FORBIDDEN, ids=[f"{i.split('@')[0]}-{p}" for i, p in FORBIDDEN]
)
def test_a_forbidden_page_run_on_its_own_shows_nothing_but_why(
    identity: str, page: str, small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a first deep link on a fresh server does: the page file runs without app.py's navigation."""
    app = run_page(page, small_db_path, monkeypatch, who=identity)
    assert [e.value for e in app.error] == [f"The {TITLES[page]} page is outside your access."]
    shown = [
        app.title,
        app.header,
        app.dataframe,
        app.metric,
        app.text_area,
        app.text_input,
        app.get("plotly_chart"),
    ]
    assert [list(elements) for elements in shown] == [[]] * len(shown)
