"""What changed on a hand-made fixture: falls, coverage gaps, formed/closed teams, names by role."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.metrics import changes
from lmp_metrics.views.what_changed import scope_title, what_changed
from lmp_metrics.vocabulary.measures import high_levels
from tests.dbfixtures import insert_rows, team_row
from tests.page_support import run_page, texts

Q0, Q1, Q2 = date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1)
# T1 4→4→2: fell two levels. T2 5→4→3: fell two quarters running. T3 assessed in Q1, not in Q2, open:
# F1 has 1 of its 4 teams assessed in Q1 without an assessment now. T4 steady. T5 formed in Q2.
# T6 (F2) closed in Q2 after its Q1 assessment: not counted as missing.
LEVELS = {
    "T1": (4, 4, 2),
    "T2": (5, 4, 3),
    "T3": (3, 3, None),
    "T4": (3, 3, 3),
    "T5": (None, None, 1),
    "T6": (2, 2, None),
}


@pytest.fixture
def fixture_db(empty_db: Database, build_marts) -> Database:
    insert_rows(
        empty_db,
        "teams",
        [
            *(team_row(t, "R", "F1", "D1", service_area="S") for t in ("T1", "T2", "T3", "T4")),
            team_row("T5", "R", "F2", "D2", service_area="S", formed_on=date(2026, 8, 1)),
            team_row("T6", "R", "F2", "D2", service_area="S", closed_on=date(2026, 8, 15)),
        ],
    )
    insert_rows(
        empty_db,
        "team_quarter_levels",
        [
            {"team_id": t, "quarter": q, "level": level, "assessed_on": None}
            for t, levels in LEVELS.items()
            for q, level in zip((Q0, Q1, Q2), levels, strict=True)
            if level is not None
        ],
    )
    build_marts(empty_db)
    return empty_db


def test_team_level_queries(fixture_db: Database) -> None:
    falls = changes.team_falls(fixture_db, Filters(), Q2)
    assert list(zip(falls["team_id"], falls["how"], falls["drop"], strict=True)) == [
        ("T1", "two levels", 2),
        ("T2", "two quarters running", 1),
    ]
    gaps = changes.coverage_gaps(fixture_db, Filters(), Q2)
    assert gaps[["facility", "assessed_before", "missing"]].values.tolist() == [["F1", 4, 1]]
    assert list(gaps["team_ids"].iloc[0]) == ["T3"]
    moved = changes.formed_and_closed(fixture_db, Filters(), Q2)
    assert list(zip(moved["team_id"], moved["change"], strict=True)) == [("T5", "formed"), ("T6", "closed")]
    assert changes.group_paths(fixture_db, Filters(), "facility")["F2"] == (
        ("region", "R"),
        ("service_area", "S"),
        ("facility", "F2"),
    )


def test_sentences_name_teams_only_for_roles_with_team_rows(fixture_db: Database) -> None:
    named = what_changed(fixture_db, Filters(), Q2, team_rows=True)
    counted = what_changed(fixture_db, Filters(), Q2, team_rows=False)
    topics = [f.topic for f in named.concerns]
    assert topics == ["Teams that fell", "Not assessed", "Teams formed and closed"]
    fell = named.concerns[0]
    assert fell.number == "2"
    assert fell.sentence.startswith("1 team fell two levels or more since 2026 Q2; 1 fell in each")
    assert "Team T1 (4→2)" in fell.sentence and "Team T2 (4→3)" in fell.sentence
    assert fell.link.url() == "scorecard?team=T1"
    gap = named.concerns[1]
    assert gap.sentence.startswith("F1: 1 of 4 teams assessed in 2026 Q2 has no assessment in 2026 Q3.")
    assert gap.link.url() == "overview?drill_region=R&drill_service_area=S&drill_facility=F1&to=2026-Q3"
    assert "formed: Team T5" in named.concerns[2].sentence
    every = " ".join(f.sentence for f in counted.concerns + counted.gains)
    assert "Team T" not in every  # no team name without team-level access
    assert counted.concerns[0].link.url() == "overview?to=2026-Q3&tab=Transitions"
    assert counted.concerns[0].number == "2"


def test_links_open_the_overview_tab_and_drill_they_name(
    fixture_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = what_changed(fixture_db, Filters(), Q2, team_rows=False)
    fixture_db.close()  # the page opens the file itself
    transitions = run_page(
        "overview", Path(fixture_db.path), monkeypatch, who=None, **dict(counted.concerns[0].link.params)
    )
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in transitions.get("plotly_chart")]
    assert any(t.startswith("Level transitions") for t in titles), titles
    gap = run_page(
        "overview", Path(fixture_db.path), monkeypatch, who=None, **dict(counted.concerns[1].link.params)
    )
    assert "Departments in F1" in texts(gap.subheader)


def test_scope_titles() -> None:
    assert scope_title(Filters()) == "Nation"
    assert scope_title(Filters(regions=("Colorado",))) == "Region Colorado"
    assert scope_title(Filters(facilities=("A", "B"))) == "Facilities A, B"
    assert scope_title(Filters(labor_partners=("Alliance",))) == "Nation · Alliance teams"
    assert scope_title(Filters(team_ids=tuple(f"T{i}" for i in range(300)))) == "300 teams"


def test_quarter_target_and_window_come_from_the_url(
    small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(
        "what_changed", small_db_path, monkeypatch, who=None, quarter="2025-Q4", target="2027-Q4", window="4"
    )
    assert "Needs attention · Nation · 2025 Q4" in texts(app.subheader)
    summary = next(m.value for m in app.markdown if m.value.startswith("On the straight-line trend"))
    assert "last 4 quarters" in summary and "in 2027 Q4" in summary


def test_page_shows_no_team_name_to_a_viewer_and_the_leaders_scope(
    small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Database(small_db_path, read_only=True) as db:
        names = {row[0] for row in db.rows("SELECT team_name FROM teams")}
        region = db.scalar("SELECT scope FROM access_grants WHERE identity = 'regional.leader@demo.lmp'")
    admin = run_page("what_changed", small_db_path, monkeypatch, who=None)
    admin_text = texts(admin.markdown)
    assert any(name in admin_text for name in names), "the demo's latest quarter names some team for admins"
    viewer = run_page("what_changed", small_db_path, monkeypatch, who="viewer@demo.lmp")
    viewer_text = texts(viewer.markdown) + texts(viewer.subheader)
    assert not [name for name in names if name in viewer_text]
    leader = run_page("what_changed", small_db_path, monkeypatch, who="regional.leader@demo.lmp")
    assert f"Needs attention · Region {region.split(':', 1)[1]}" in texts(leader.subheader)


def test_the_funnels_are_drawn_only_while_their_expander_is_open(
    small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def titles(app) -> list[str]:
        return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in app.get("plotly_chart")]

    app = run_page("what_changed", small_db_path, monkeypatch, who=None)
    closed = titles(app)
    assert not [t for t in closed if t.startswith("On-time training")]  # closed: not drawn
    app.session_state["wc_method"] = True  # what opening it does
    app.run()
    assert not app.exception
    drawn = [t for t in titles(app) if t not in closed]
    assert [t.split(" · ")[0] for t in drawn] == [f"Level {high_levels()} share", "On-time training"]
