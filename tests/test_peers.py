"""Teams like mine that moved up: selection rules, window, projects and suppressed training counts."""

from __future__ import annotations

from datetime import date

import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.charts.projects import peer_levels_figure, peer_training_figure
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.peers import (
    PeerCriteria,
    peer_projects,
    peer_training,
    peer_window,
    teams_like_mine,
    training_by_course,
)
from tests.dbfixtures import insert_rows, team_row
from tests.test_projects import project

Q = {
    "2024Q1": date(2024, 1, 1),
    "2024Q2": date(2024, 4, 1),
    "2025Q1": date(2025, 1, 1),
    "2025Q2": date(2025, 4, 1),
}
# team → (department, region, {quarter: level}); the window is 2024 Q2 → 2025 Q2 for team M.
TEAMS = {
    "M": ("ICU", "North", {"2024Q1": 1, "2024Q2": 2, "2025Q1": 2, "2025Q2": 2}),  # chosen: starts at 2
    "A": ("ICU", "South", {"2024Q2": 1, "2025Q2": 2}),  # 1 → 2: in at ±1, out at ±0
    "B": ("ICU", "North", {"2024Q2": 2, "2025Q2": 4}),  # 2 → 4: in everywhere
    "C": ("ICU", "North", {"2024Q2": 3, "2025Q2": 4}),  # 3 → 4: in at ±1
    "D": ("ICU", "South", {"2024Q2": 4, "2025Q2": 5}),  # starts 4: too far from 2
    "E": ("ICU", "North", {"2024Q2": 2, "2025Q2": 2}),  # did not move up
    "F": ("Lab", "North", {"2024Q2": 2, "2025Q2": 3}),  # other department type
    "G": ("ICU", "North", {"2025Q2": 3}),  # no starting level
    "H": ("ICU", "North", {"2024Q2": 2, "2025Q1": 3}),  # not assessed at the end quarter
}
STAFF = {"B": 11, "C": 10, "A": 12}  # C is one short of min_group_size


def completion(person: str, course: str, completed: date | None, assigned: date = date(2023, 1, 1)) -> dict:
    return {
        "person_id": person,
        "course_id": course,
        "assigned_on": assigned,
        "due_on": date(2026, 1, 1),
        "completed_on": completed,
    }


def fill_peers(empty_db: Database) -> None:
    """Teams, levels, staff, courses, completions and projects as described next to TEAMS above."""
    insert_rows(
        empty_db, "teams", [team_row(t, region, f"F{t}", dept) for t, (dept, region, _) in TEAMS.items()]
    )
    insert_rows(
        empty_db,
        "team_quarter_levels",
        [
            {"team_id": t, "quarter": Q[q], "level": level}
            for t, (_, _, levels) in TEAMS.items()
            for q, level in levels.items()
        ],
    )
    insert_rows(
        empty_db,
        "staff",
        [
            {"person_id": f"{t}{i:02}", "team_id": t, "role": "employee", "labor_group": "Coalition"}
            for t, n in STAFF.items()
            for i in range(1, n + 1)
        ],
    )
    insert_rows(
        empty_db,
        "courses",
        [
            {
                "course_id": "K1",
                "course_title": "LMP 101",
                "audience": "all",
                "required": True,
                "due_within_days": 90,
            },
            {
                "course_id": "K2",
                "course_title": "Co-lead essentials",
                "audience": "co-leads",
                "required": False,
                "due_within_days": 90,
            },
        ],
    )
    insert_rows(
        empty_db,
        "training_records",
        [
            # B: K1 × 3 in the window; K2 on the window's last day (in) and the day before it starts (out)
            completion("B01", "K1", date(2024, 6, 1)),
            completion("B02", "K1", date(2024, 6, 1)),
            completion("B03", "K1", date(2024, 6, 1)),
            completion("B04", "K2", date(2025, 6, 30)),
            completion("B05", "K2", date(2024, 3, 31)),
            completion("B06", "K1", None),
            # C: 10 people → suppressed whatever they did
            *[completion(f"C{i:02}", "K1", date(2024, 7, 1)) for i in range(1, 6)],
            # A: K2 × 2 on the window's first day (in); K1 the day after it ends (out)
            completion("A01", "K2", date(2024, 4, 1)),
            completion("A02", "K2", date(2024, 4, 1)),
            completion("A03", "K1", date(2025, 7, 1)),
        ],
    )
    insert_rows(
        empty_db,
        "ubt_projects",
        [
            project(
                "BP1",
                "B",
                "Huddle board",
                "Flow",
                10,
                12,
                started=date(2024, 5, 1),
                completed=date(2024, 12, 1),
            ),
            project(
                "BP2", "B", "Old one", "Flow", 10, 12, started=date(2023, 1, 1), completed=date(2024, 3, 31)
            ),
            project("BP3", "B", "Future one", "Flow", 10, 12, started=date(2025, 7, 1), completed=None),
            project("BP4", "B", "Long runner", "Safety", 10, None, started=date(2023, 6, 1), completed=None),
            project(
                "CP1", "C", "Last-day start", "Safety", 10, 11, started=date(2025, 6, 30), completed=None
            ),
            project(
                "AP1",
                "A",
                "First-day end",
                "Safety",
                4,
                3,
                False,
                started=date(2024, 1, 1),
                completed=date(2024, 4, 1),
            ),
        ],
    )


@pytest.fixture
def peer_db(empty_db: Database, build_marts) -> Database:
    fill_peers(empty_db)
    build_marts(empty_db)
    return empty_db


def test_window_is_the_latest_assessment_and_four_quarters_before(peer_db: Database) -> None:
    window = peer_window(peer_db, "M", Filters())
    assert (window.start_quarter, window.end_quarter) == (Q["2024Q2"], Q["2025Q2"])
    assert (window.start_level, window.end_level, window.department) == (2, 2, "ICU")
    earlier = peer_window(peer_db, "M", Filters(last_quarter=Q["2025Q1"]))
    assert (earlier.start_quarter, earlier.end_quarter, earlier.start_level) == (Q["2024Q1"], Q["2025Q1"], 1)
    assert peer_window(peer_db, "M", Filters(regions=("South",))) is None  # outside the filters
    assert peer_window(peer_db, "nope", Filters()) is None


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        # B rose 2; then C and A rose 1, C ending higher (4 > 2)
        (PeerCriteria(), ["B", "C", "A"]),
        (PeerCriteria(level_tolerance=0), ["B"]),
        (PeerCriteria(same_region=True), ["B", "C"]),
        (PeerCriteria(min_rise=2), ["B"]),
    ],
)
def test_peer_selection(peer_db: Database, criteria: PeerCriteria, expected: list[str]) -> None:
    window = peer_window(peer_db, "M", Filters())
    assert teams_like_mine(peer_db, window, Filters(), criteria)["team_id"].tolist() == expected


def test_peer_rows_carry_levels_people_and_projects(peer_db: Database) -> None:
    peers = teams_like_mine(peer_db, peer_window(peer_db, "M", Filters()), Filters()).set_index("team_id")
    assert peers.loc["B", ["start_level", "end_level", "movement", "people"]].tolist() == [2, 4, 2, 11]
    # projects running between 2024-04-01 and 2025-06-30: B: BP1, BP4; C: CP1; A: AP1
    assert peers["projects"].to_dict() == {"B": 2, "C": 1, "A": 1}


def test_filters_limit_the_peers(peer_db: Database) -> None:
    window = peer_window(peer_db, "M", Filters())
    assert teams_like_mine(peer_db, window, Filters(regions=("South",)))["team_id"].tolist() == ["A"]


def test_no_starting_level_gives_no_peers(peer_db: Database) -> None:
    window = peer_window(peer_db, "G", Filters())
    assert window.start_level is None
    assert teams_like_mine(peer_db, window, Filters()).empty


def test_peer_projects_in_the_window(peer_db: Database) -> None:
    window = peer_window(peer_db, "M", Filters())
    projects = peer_projects(peer_db, Filters(), ["B", "C", "A"], window)
    # AP1: (3 − 4)/4 × −1 = +0.25; BP1: (12 − 10)/10 = +0.2; CP1 +0.1; BP4 no result last
    assert projects["project_id"].tolist() == ["AP1", "BP1", "CP1", "BP4"]


def test_training_under_the_marks_hides_teams_whose_trained_people_are_few(peer_db: Database) -> None:
    # The marks count the people holding a training assignment (B 6, C 5, A 3), not team staff:
    # every peer team's training rests on fewer than 11 people, so none shows, not even its courses.
    window = peer_window(peer_db, "M", Filters())
    training = peer_training(peer_db, Filters(), ["B", "C", "A"], window)
    assert training["suppressed"].all() and training["team_id"].tolist() == ["A", "B", "C"]
    assert training["completions"].isna().all() and training["course_id"].isna().all()
    assert training_by_course(training).empty


@pytest.fixture
def peer_figures_db(empty_db: Database, monkeypatch: pytest.MonkeyPatch, build_marts) -> Database:
    """The peer rows with marks built (and read) for min_group_size 1: the counting alone."""
    monkeypatch.setenv("LMP_MIN_GROUP_SIZE", "1")
    fill_peers(empty_db)
    build_marts(empty_db)
    return empty_db


def test_training_counts_by_team_and_course(peer_figures_db: Database) -> None:
    window = peer_window(peer_figures_db, "M", Filters())
    training = peer_training(peer_figures_db, Filters(), ["B", "C", "A"], window)
    assert not training["suppressed"].any()
    counts = {(r.team_id, r.course_id): (r.completions, r.people) for r in training.itertuples()}
    # B: K1 × 3 (B06 never completed), K2 × 1 (B05's was before the window); C: K1 × 5;
    # A: K2 × 2 (A03's after)
    assert counts == {("B", "K1"): (3, 11), ("B", "K2"): (1, 11), ("C", "K1"): (5, 10), ("A", "K2"): (2, 12)}
    by_course = training_by_course(training)
    assert by_course[["course_id", "teams", "completions"]].values.tolist() == [["K1", 2, 8], ["K2", 2, 3]]
    bar = peer_training_figure(by_course, teams_shown=3).data[0]
    # K2 "Co-lead essentials" 3 (A 2 + B 1), K1 "LMP 101" 8 (B 3 + C 5), drawn bottom-up
    assert list(bar.y) == ["Co-lead essentials", "LMP 101"] and list(bar.x) == [3, 8]
    assert list(bar.text) == ["2 of 3 teams", "2 of 3 teams"]


def test_levels_figure_puts_my_team_on_top_of_its_peers(peer_db: Database) -> None:
    window = peer_window(peer_db, "M", Filters())
    found = teams_like_mine(peer_db, window, Filters())
    fig = peer_levels_figure(found, "2024 Q2 → 2025 Q2", ("Team M", 2, 2))
    start, end = fig.data[-2], fig.data[-1]
    # categories bottom-up: A, C, B (so B, the biggest riser, sits right under my team)
    assert list(start.y) == ["Team A · FA", "Team C · FC", "Team B · FB", "Team M (your team)"]
    assert list(start.x) == [1, 3, 2, 2] and list(end.x) == [2, 4, 4, 2]
    assert (
        "No comparable team"
        in peer_levels_figure(found.iloc[0:0], "x", ("Team M", 2, 2)).layout.annotations[0].text
    )
