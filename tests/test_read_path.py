"""The read path (lmp_metrics.access.read_path) on a hand-made hierarchy, and that the app and the
commands read only through it.

Teams: T1 "North ICU – Days" (North, F1, dept "North ICU"), T2 "Lab" (North, F2, dept "Lab": a team
named like its department), T3 "South ICU – Days" (South, F3, dept "South ICU").
"""

from __future__ import annotations

import ast
import io
from collections import namedtuple
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.grants import Access
from lmp_metrics.access.read_path import Reach, guard, hidden_names, reach
from lmp_metrics.commands import main
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.peers import PeerWindow
from tests.dbfixtures import insert_rows, team_row

ROOT = Path(__file__).resolve().parent.parent
TEAMS = [  # team_id, team_name, department, facility, service_area, region
    ("T1", "North ICU – Days", "North ICU", "F1", "SA North", "North"),
    ("T2", "Lab", "Lab", "F2", "SA North", "North"),
    ("T3", "South ICU – Days", "South ICU", "F3", "SA South", "South"),
]


@pytest.fixture
def db(empty_db: Database) -> Database:
    rows = [team_row(t, r, f, d, name=n, service_area=s) for t, n, d, f, s, r in TEAMS]
    insert_rows(empty_db, "teams", rows)
    return empty_db


NORTH_LEADER = Access("n@x", "leader", Filters(regions=("North",)))
CO_LEAD = Access("c@x", "co-lead", own_team_ids=("T1",))
VIEWER = Access("v@x", "viewer")


def test_what_each_reach_must_not_see(db: Database) -> None:
    assert hidden_names(db, reach(Access("a@x", "admin"))) == frozenset()
    assert hidden_names(db, reach(Access("l@x", "leader"))) == frozenset()
    assert hidden_names(db, reach(NORTH_LEADER)) == {
        "T3",
        "South ICU – Days",
        "South ICU",
        "F3",
        "SA South",
        "South",
    }
    # co-lead: other teams' ids and names; "Lab" is also a department's name, visible in aggregates
    assert hidden_names(db, reach(CO_LEAD)) == {"T2", "T3", "South ICU – Days"}
    assert hidden_names(db, reach(VIEWER)) == {"T1", "T2", "T3", "North ICU – Days", "South ICU – Days"}


def projects() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "title": ["Falls", "Hand hygiene", "Sharps"],
            "team_id": ["T1", "T2", "T3"],
            "team_name": ["North ICU – Days", "Lab", "South ICU – Days"],
            "department": ["North ICU", "Lab", "South ICU"],
            "facility": ["F1", "F2", "F3"],
            "region": ["North", "North", "South"],
            "result": [1.0, 2.0, 3.0],
        }
    )


def test_a_scoped_leader_loses_the_rows_naming_other_units_whatever_the_column_is_called(
    db: Database,
) -> None:
    seen = reach(NORTH_LEADER)
    hidden = hidden_names(db, seen)
    assert guard(projects(), seen, hidden)["title"].tolist() == ["Falls", "Hand hygiene"]
    by_group = pd.DataFrame({"group": ["North", "South"], "share": [0.5, 0.7]})
    assert guard(by_group, seen, hidden)["group"].tolist() == ["North"]
    pivot = pd.DataFrame({"North": [1], "South": [2]}, index=pd.Index(["2025 Q1"]))
    assert guard(pivot, seen, hidden).columns.tolist() == ["North"]
    indexed = pd.DataFrame({"n": [1, 2]}, index=pd.Index(["F1", "F3"], name="Facility"))
    assert guard(indexed, seen, hidden).index.tolist() == ["F1"]
    assert guard(["F1", "F2", "F3"], seen, hidden) == ["F1", "F2"]  # picker options
    assert guard("South", seen, hidden) is None
    window = PeerWindow(
        "T3", "South ICU – Days", "South ICU", "ICU", "South", date(2024, 1, 1), date(2025, 1, 1), 2, 3
    )
    assert guard(window, seen, hidden) is None  # a record about another region is "not found"


def test_viewers_and_co_leads_keep_the_rows_but_not_other_teams_names(db: Database) -> None:
    seen = reach(CO_LEAD)
    shown = guard(projects(), seen, hidden_names(db, seen))
    assert shown["title"].tolist() == ["Falls", "Hand hygiene", "Sharps"]
    assert shown["result"].tolist() == [1.0, 2.0, 3.0]
    assert shown["team_name"].tolist() == ["North ICU – Days", None, None]  # own team only
    assert shown["team_id"].tolist() == ["T1", None, None]
    # a row about another team also loses what would name it: its department and facility
    assert shown["department"].tolist() == ["North ICU", None, None]
    assert shown["facility"].tolist() == ["F1", None, None]
    assert shown["region"].tolist() == ["North", "North", "South"]
    viewer = reach(VIEWER)
    assert guard(projects(), viewer, hidden_names(db, viewer))["team_name"].isna().all()
    # aggregates by department are within the grant: "Lab" stays where no team row carries it
    by_department = pd.DataFrame({"group": ["Lab", "North ICU"], "people": [12, 15]})
    assert guard(by_department, viewer, hidden_names(db, viewer)).equals(by_department)


def test_named_tuples_are_records(db: Database) -> None:
    Row = namedtuple("Row", ["team_id", "team_name", "facility", "rows_in"])
    rows = [Row("T1", "North ICU – Days", "F1", 5), Row("T3", "South ICU – Days", "F3", 7)]
    leader = reach(NORTH_LEADER)
    assert guard(rows, leader, hidden_names(db, leader)) == [rows[0]]
    co_lead = reach(CO_LEAD)
    assert guard(rows, co_lead, hidden_names(db, co_lead)) == [rows[0], Row(None, None, None, 7)]


def test_other_vocabularies_spelled_like_a_unit_are_left_alone(db: Database) -> None:
    """ "South ICU" is a department outside the North leader's scope, and here also a topic."""
    seen = reach(NORTH_LEADER)
    frame = pd.DataFrame({"title": ["Falls"], "topic": ["South ICU"], "region": ["North"]})
    assert guard(frame, seen, hidden_names(db, seen)).equals(frame)


def test_results_without_names_pass_unchanged(db: Database) -> None:
    seen = reach(VIEWER)
    numbers = pd.DataFrame({"quarter": [date(2025, 1, 1)], "share": [0.5]})
    assert guard(numbers, seen, hidden_names(db, seen)) is numbers
    assert guard(None, seen, hidden_names(db, seen)) is None
    assert guard(3, seen, hidden_names(db, seen)) == 3
    assert guard(projects(), Reach("all"), frozenset()).equals(projects())


def test_the_report_command_reads_as_the_identity_given(small_db_path: Path) -> None:
    with Database(small_db_path, read_only=True) as db:
        region = db.scalar("SELECT split_part(scope, ':', 2) FROM access_grants WHERE scope LIKE 'region:%'")
        facilities = [
            r[0] for r in db.rows("SELECT DISTINCT facility FROM teams WHERE region = ? ORDER BY 1", [region])
        ]
        quarter = db.scalar(
            "SELECT strftime(max(quarter), '%Y') || '-Q' || quarter(max(quarter)) FROM team_quarter_levels"
        )
    args = ["report", "--db", str(small_db_path), "--quarter", quarter, "--by", "facility"]
    out = io.StringIO()
    with redirect_stdout(out):
        assert main([*args, "--as", "regional.leader@demo.lmp"]) == 0
    assert [line.split(",")[0] for line in out.getvalue().splitlines()[1:]] == facilities
    assert main([*args, "--as", "nobody@example.org"]) == 2


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}


def test_pages_and_sections_read_only_through_the_read_path() -> None:
    """Only ui.auth (who is asking), ui.reads (the read path), ui.imports (the admin's import and
    undo, which write) and ui.briefing (its PDF reads through ``ScopedReader`` when the button is
    pressed) reach the unguarded cache or connection of ui.data; everything else reads through
    ui.reads."""
    modules = [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]
    around = {p.name for p in modules if _imports(p) & {"cached_for", "get_db", "_connection"}}
    assert around == {"auth.py", "reads.py", "imports.py", "briefing.py"}, around
    assert "ScopedReader" in _imports(ROOT / "ui" / "briefing.py")
