"""Disclosure marks under attack: random hierarchies (Hypothesis), hand-made fixtures with known
answers, and subtraction across breakdowns on the `small` demo through the real page functions.

Partitions are enumerated here from the raw rows, independently of the mart: every group into its
groups one level down, and into its labor-partner parts (a department's part into that partner's
teams). For each, with the parent shown, the hidden children must be none, or at least two resting
on at least ``min_group_size`` people together; with the parent hidden, at least one child must be
hidden too (else the parent is the sum of shown children).
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import rebuild_marts
from lmp_metrics.core.migrations import migrate
from lmp_metrics.metrics.report import report_table
from lmp_metrics.metrics.surveys import survey_summary
from lmp_metrics.metrics.training import training_quarters, training_rates
from tests.dbfixtures import insert_rows, team_row

MIN = 11
LEVELS = ["region", "service_area", "facility", "department", "team_id"]
PARTNERS = ["Coalition", "Alliance", "Both"]
YEAR = 2024


def build(rows: list[tuple[str, str, str, str, str, str, int]]) -> Database:
    """A database of teams (id, region, service area, facility, department, partner) with one Just
    Culture result each (respondents), marts built."""
    db = Database()
    migrate(db)
    insert_rows(
        db,
        "teams",
        [team_row(t, r, f, d, lp, service_area=sa) for t, r, sa, f, d, lp, _ in rows],
    )
    results = [
        {"team_id": t, "survey_year": YEAR, "index_name": "just_culture", "score": 50.0, "respondents": n}
        for t, *_, n in rows
        if n > 0
    ]
    if results:
        insert_rows(db, "survey_results", results)
    rebuild_marts(db)
    return db


def marks_frame(db: Database) -> pd.DataFrame:
    """Every Just Culture cell of the mart: level, path key, split value ('' whole), people, shown."""
    return db.query(
        """
        SELECT g.level, g.path, array_to_string(g.path, '/') AS path_key, g.group_name, s.split_by, s.split_value, m.people, m.shown, m.reason
        FROM mart_disclosure AS m
        JOIN mart_disclosure_groups AS g USING (node) JOIN mart_disclosure_splits AS s USING (split)
        WHERE s.family = 'survey:just_culture'
        """
    )


def expected_cells(rows: list[tuple]) -> dict[tuple, int]:
    """(depth, path, part) → respondents, summed here from the rows; part '' is the whole group."""
    cells: dict[tuple, int] = {}
    for t, r, sa, f, d, lp, n in rows:
        if n <= 0:
            continue
        names = [r, sa, f, d, t]
        for depth in range(6):
            path = tuple(names[:depth])
            cells[(depth, path, "")] = cells.get((depth, path, ""), 0) + n
            if depth < 5:
                cells[(depth, path, lp)] = cells.get((depth, path, lp), 0) + n
    return cells


def partitions(cells: dict[tuple, int], partner_of: dict[str, str]) -> Iterator[tuple[tuple, list[tuple]]]:
    """(parent cell, child cells) for every published partition of these cells."""
    children: dict[tuple, list[tuple]] = {}
    for depth, path, part in cells:
        if depth == 0:
            continue
        if part or depth < 5:
            children.setdefault((depth - 1, path[:-1], part), []).append((depth, path, part))
        if depth == 5:  # a team is its department's part of its labor partner
            children.setdefault((4, path[:-1], partner_of[path[-1]]), []).append((depth, path, ""))
        if part:
            children.setdefault((depth, path, ""), []).append((depth, path, part))
    # a group into its groups one level down and into its labor-partner parts are two partitions
    for parent, kids in children.items():
        for kind in ("down", "parts"):
            chosen = [k for k in kids if (k[0] == parent[0]) == (kind == "parts")]
            if chosen:
                yield parent, chosen


def check(rows: list[tuple]) -> pd.DataFrame:
    """Build, then assert the rule on every partition; returns the marks for further checks."""
    db = build(rows)
    frame = marks_frame(db)
    got = {
        (len(path), tuple(path), value if split == "labor_partner" else ""): (people, shown)
        for path, split, value, people, shown in frame[
            ["path", "split_by", "split_value", "people", "shown"]
        ].itertuples(index=False)
    }
    cells = expected_cells(rows)
    assert {k: v[0] for k, v in got.items()} == cells  # the mart's people are the sums
    assert all(not shown for people, shown in got.values() if people < MIN)  # primary
    for parent, kids in partitions(cells, {t: lp for t, *_, lp, _ in rows}):
        hidden = [got[k][0] for k in kids if not got[k][1]]
        if got[parent][1]:
            assert not hidden or (len(hidden) >= 2 and sum(hidden) >= MIN), (parent, kids)
        else:
            assert hidden, (parent, kids)
    rebuild_marts(db, {"survey_results"})  # rebuilt from the same rows: the same marks
    order = ["level", "path_key", "split_value"]
    again = marks_frame(db).drop(columns="path").sort_values(order).reset_index(drop=True)
    assert again.equals(frame.drop(columns="path").sort_values(order).reset_index(drop=True))
    db.close()
    return frame


@st.composite
def hierarchies(draw: st.DrawFn) -> list[tuple]:
    """Up to 14 teams in a random tree of at most 2 regions × 2 service areas × 2 facilities × 3
    departments, random labor partners and 0–30 respondents (often below 11)."""
    count = draw(st.integers(1, 14))
    rows = []
    for i in range(count):
        r = draw(st.integers(0, 1))
        sa = draw(st.integers(0, 1))
        f = draw(st.integers(0, 1))
        d = draw(st.integers(0, 2))
        lp = draw(st.sampled_from(PARTNERS))
        n = draw(st.one_of(st.integers(0, 10), st.integers(0, 30)))
        rows.append((f"T{i:02}", f"R{r}", f"S{r}{sa}", f"F{r}{sa}{f}", f"D{d}", lp, n))
    return rows


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hierarchies())
def test_random_hierarchies_leave_nothing_to_subtract(rows: list[tuple]) -> None:
    # department names repeat across facilities on purpose: each is its own group in the tree
    check(rows)


# -- hand-made fixtures with known answers ----------------------------------------------------------
def hidden_groups(frame: pd.DataFrame) -> dict[str, str]:
    """group name → reason, for whole (unsplit) groups that are hidden."""
    whole = frame[(frame["split_by"] == "all") & ~frame["shown"]]
    return dict(zip(whole["group_name"], whole["reason"], strict=True))


def test_a_department_with_one_small_team_hides_the_smallest_other_team() -> None:
    # D: T1 5 (small), T2 12, T3 20. D (37) is shown, so T2, the smallest other, is hidden too.
    rows = [
        ("T1", "R", "S", "F", "D", "Both", 5),
        ("T2", "R", "S", "F", "D", "Both", 12),
        ("T3", "R", "S", "F", "D", "Both", 20),
    ]
    assert hidden_groups(check(rows)) == {"T1": "small", "T2": "complement"}


def test_a_facility_whose_only_hidden_department_has_six_people_hides_the_next_smallest() -> None:
    # F: D1 (T1, 6), D2 (T2, 15), D3 (T3, 30) → D2 hidden too, and T2 with it (D2 is T2 alone).
    rows = [
        ("T1", "R", "S", "F", "D1", "Both", 6),
        ("T2", "R", "S", "F", "D2", "Both", 15),
        ("T3", "R", "S", "F", "D3", "Both", 30),
    ]
    hidden = hidden_groups(check(rows))
    assert hidden == {"T1": "small", "D1": "small", "D2": "complement", "T2": "complement"}


def test_a_hidden_labor_partner_part_propagates_up_to_the_facility_level() -> None:
    # F: DA = TA (Coalition, 12); DB = TB1 (Alliance, 30) + TB2 (Coalition, 5, small).
    # DB (35) − TB1 = TB2 → TB1 hidden. F's Coalition part (17) − DA's (12) = DB's (5) → DA's
    # Coalition part hidden; DA is that part alone → DA hidden; F (47) = DA + DB → DB hidden too;
    # DA = TA → TA hidden. F's Alliance part is TB1 alone → hidden, so its Coalition part is too.
    # F itself (47) stays shown.
    rows = [
        ("TA", "R", "S", "F", "DA", "Coalition", 12),
        ("TB1", "R", "S", "F", "DB", "Alliance", 30),
        ("TB2", "R", "S", "F", "DB", "Coalition", 5),
    ]
    frame = check(rows)
    assert hidden_groups(frame) == {
        "TA": "complement",
        "DA": "complement",
        "DB": "complement",
        "TB1": "complement",
        "TB2": "small",
    }
    f = frame[frame["group_name"] == "F"].set_index("split_value")
    assert f["shown"].to_dict() == {"": True, "Alliance": False, "Coalition": False}


def test_two_small_teams_together_big_enough_hide_nothing_more() -> None:
    rows = [
        ("T1", "R", "S", "F", "D", "Both", 6),
        ("T2", "R", "S", "F", "D", "Both", 5),
        ("T3", "R", "S", "F", "D", "Both", 20),
    ]
    assert hidden_groups(check(rows)) == {"T1": "small", "T2": "small"}


# -- the attacks from the issue, on the `small` demo through the page functions ---------------------
def children_of(db: Database, child: str, parent: str) -> dict[str, str]:
    column = {"team": "team_id"}.get(child, child)
    return dict(db.rows(f"SELECT DISTINCT CAST({column} AS VARCHAR), {parent} FROM teams"))


def assert_no_lone_hidden_child(
    shown: pd.DataFrame, raw: pd.DataFrame, parents: pd.DataFrame, parent_of: dict[str, str], people: str
) -> int:
    """For every shown parent: its hidden children are none, or ≥ 2 resting on ≥ MIN people (their
    people read from ``raw``, the same figures with nothing hidden). Returns the partitions checked."""
    hidden = set(shown.loc[shown["suppressed"], "group"])
    sizes = dict(zip(raw["group"], raw[people], strict=True))
    checked = 0
    for parent in parents.loc[~parents["suppressed"], "group"]:
        kids = [g for g in shown["group"] if parent_of.get(g) == parent]
        lost = [sizes[g] for g in kids if g in hidden]
        assert not lost or (len(lost) >= 2 and sum(lost) >= MIN), (parent, lost)
        checked += 1
    return checked


@pytest.mark.parametrize(("child", "parent"), [("team", "department"), ("department", "facility")])
def test_training_by_child_against_by_parent_reveals_nothing(
    small_db: Database, small_figures_path, child: str, parent: str, monkeypatch
) -> None:
    quarters = training_quarters(small_db, Filters())
    parent_of = children_of(small_db, child, parent)
    checked = 0
    for quarter in (quarters[4], quarters[len(quarters) // 2], quarters[-1]):
        shown = training_rates(small_db, Filters(), child, [quarter])
        parents = training_rates(small_db, Filters(), parent, [quarter])
        with monkeypatch.context() as patch:
            patch.setenv("LMP_MIN_GROUP_SIZE", "1")
            with Database(small_figures_path, read_only=True) as figures:
                raw = training_rates(figures, Filters(), child, [quarter])
        checked += assert_no_lone_hidden_child(shown, raw, parents, parent_of, "people")
    assert checked > 10


def just_culture(db: Database, by: str, year: int) -> pd.DataFrame:
    frame = survey_summary(db, Filters(), by, years=[year])
    return frame[frame["index_name"] == "just_culture"]


@pytest.mark.parametrize(("child", "parent"), [("department", "facility"), ("facility", "service_area")])
def test_just_culture_by_child_against_by_parent_reveals_nothing(
    small_db: Database, small_figures_path, child: str, parent: str, monkeypatch
) -> None:
    parent_of = children_of(small_db, child, parent)
    years = [y for (y,) in small_db.rows("SELECT DISTINCT survey_year FROM survey_results ORDER BY 1")]
    checked = 0
    for year in years:
        with monkeypatch.context() as patch:
            patch.setenv("LMP_MIN_GROUP_SIZE", "1")
            with Database(small_figures_path, read_only=True) as figures:
                raw = just_culture(figures, child, year)
        shown, parents = just_culture(small_db, child, year), just_culture(small_db, parent, year)
        checked += assert_no_lone_hidden_child(shown, raw, parents, parent_of, "respondents")
    assert checked > 10


def test_report_and_training_page_read_the_same_marks(small_db: Database) -> None:
    quarter = training_quarters(small_db, Filters())[-1]
    for by in ("region", "facility", "department"):
        report = report_table(small_db, Filters(), by, quarter).set_index("group")
        page = training_rates(small_db, Filters(), by, [quarter]).set_index("group")
        empty = report["training_completion_rate"].isna()
        assert set(empty[empty].index) >= set(page.index[page["suppressed"]])
        assert not (page["suppressed"] & page["completion_rate"].notna()).any()
        assert report.loc[page.index[~page["suppressed"]], "training_completion_rate"].equals(
            page.loc[~page["suppressed"], "completion_rate"].rename("training_completion_rate")
        )
