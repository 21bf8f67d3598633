"""Project library: signed improvement, ties, missing results, zero baselines, adaptation chains."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.charts.projects import (
    BETTER,
    UNKNOWN,
    WORSE,
    chain_figure,
    peer_training_figure,
    topic_figure,
)
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.projects import (
    ProjectSearch,
    adaptation_chain,
    search_projects,
    topic_summary,
    topics,
)
from lmp_metrics.vocabulary.formats import improvement_text
from tests.dbfixtures import insert_rows, team_row

DONE = date(2023, 9, 30)


def project(
    project_id: str,
    team_id: str,
    title: str,
    topic: str,
    baseline: float | None,
    result: float | None,
    higher_is_better: bool | None = True,
    adapted_from: str | None = None,
    metric: str = "rate",
    started: date = date(2023, 1, 15),
    completed: date | None = DONE,
) -> dict:
    return {
        "project_id": project_id,
        "team_id": team_id,
        "title": title,
        "topic": topic,
        "started_on": started,
        "completed_on": completed,
        "metric_name": metric,
        "baseline": baseline,
        "result": result,
        "higher_is_better": higher_is_better,
        "adapted_from_project_id": adapted_from,
    }


# Chain P1 → P2 → P3 → P4 (depth 3) plus P1 → P5; a cycle C1 → C2 → C3 → C1.
PROJECTS = [
    # lower is better: (3 − 4)/4 × −1 = +0.25
    project("P1", "T1", "Reduce falls", "Safety", 4.0, 3.0, False, metric="falls per 1000 patient days"),
    # (100 − 80)/80 = +0.25: ties with P1
    project("P2", "T2", "Hand hygiene compliance", "Safety", 80.0, 100.0, True, "P1"),
    # lower is better, got worse: (75 − 60)/60 × −1 = −0.25
    project("P3", "T3", "Faster lab turnaround", "Flow", 60.0, 75.0, False, "P2", metric="minutes"),
    # baseline 0: no relative change, but change = +2 (better)
    project("P4", "T4", "Falls huddles", "Safety", 0.0, 2.0, True, "P3", metric="near misses reported"),
    # in progress, no result yet
    project("P5", "T1", "Patient experience", "Service", 70.0, None, True, "P1", completed=None),
    # no direction: neither improvement nor change
    project("P6", "T3", "Supply audit", "Flow", 5.0, 6.0, None),
    # (60 − 50)/50 = 0.2, started early
    project("P7", "T2", "Discharge calls", "Service", 50.0, 60.0, True, started=date(2022, 6, 1)),
    # (120 − 100)/100 = 0.2, completed 2024
    project("P8", "T4", "Room turnover", "Flow", 100.0, 120.0, True, completed=date(2024, 2, 10)),
    # cycle: C1 from C3, C2 from C1, C3 from C2. C1: +0.2, C2: (9 − 10)/10 = −0.1, C3: no result
    project("C1", "T3", "Cost loop one", "Cost", 10.0, 12.0, True, "C3"),
    project("C2", "T3", "Cost loop two", "Cost", 10.0, 9.0, True, "C1"),
    project("C3", "T3", "Cost loop three", "Cost", 10.0, None, True, "C2", completed=None),
]


def fill_projects(db: Database) -> None:
    """Four teams (North: T1 F1, T2 F2; South: T3, T4 in F3) and the PROJECTS above."""
    insert_rows(
        db,
        "teams",
        [
            team_row("T1", "North", "F1", "ICU"),
            team_row("T2", "North", "F2", "ICU"),
            team_row("T3", "South", "F3", "Lab"),
            team_row("T4", "South", "F3", "ICU"),
        ],
    )
    insert_rows(db, "ubt_projects", PROJECTS)


@pytest.fixture
def project_db(empty_db: Database, build_marts) -> Database:
    fill_projects(empty_db)
    build_marts(empty_db)
    return empty_db


def ids(frame) -> list[str]:
    return frame["project_id"].tolist()


def by_id(db: Database, project_id: str):
    frame = search_projects(db, Filters(), ProjectSearch())
    return frame.set_index("project_id").loc[project_id]


def test_improvement_is_signed_so_positive_is_better(project_db: Database) -> None:
    assert by_id(project_db, "P1")["improvement"] == pytest.approx(0.25)  # lower is better, fell
    assert by_id(project_db, "P1")["change"] == pytest.approx(1.0)
    assert by_id(project_db, "P3")["improvement"] == pytest.approx(-0.25)  # lower is better, rose
    assert by_id(project_db, "C2")["improvement"] == pytest.approx(-0.1)


def test_missing_results_and_zero_baselines_are_not_zero(project_db: Database) -> None:
    p5 = by_id(project_db, "P5")
    assert math.isnan(p5["improvement"]) and math.isnan(p5["change"])
    assert p5["result_note"] == "no result yet" and p5["status"] == "in progress"
    p4 = by_id(project_db, "P4")
    assert math.isnan(p4["improvement"]) and p4["change"] == 2.0
    assert p4["result_note"] == "baseline 0: no relative change"
    assert by_id(project_db, "P6")["result_note"] == "direction unknown"


def test_impact_order_breaks_ties_by_adaptations_then_id_and_puts_no_result_last(
    project_db: Database,
) -> None:
    # 0.25: P1 (4 adaptations) before P2 (2); 0.2: C1 (2) before P7, P8 (0, by id);
    # then −0.1 C2, −0.25 P3; then no improvement: C3 (2 adaptations), P4, P5, P6 (0, by id).
    order = ids(search_projects(project_db, Filters(), ProjectSearch(sort="impact")))
    assert order == ["P1", "P2", "C1", "P7", "P8", "C2", "P3", "C3", "P4", "P5", "P6"]


def test_adaptations_follow_chains_of_depth_three(project_db: Database) -> None:
    p1 = by_id(project_db, "P1")
    # P1's adaptations: P2, P5 directly; P3 via P2; P4 via P3 → 2 direct, 4 in all, depth 3.
    assert (p1["adaptations_direct"], p1["adaptations_total"], p1["chain_depth"]) == (2, 4, 3)
    # other teams: T2 (P2), T3 (P3), T4 (P4); P5 is P1's own team T1 → 3
    assert p1["adapting_teams"] == 3
    # with a result: P2 (+20), P3 (−15), P4 (+2); improved: P2, P4 → 2 of 3
    assert (p1["adaptations_with_result"], p1["adaptations_improved"]) == (3, 2)
    assert p1["adaptations_improved_share"] == pytest.approx(2 / 3)
    # median relative improvement over P2 (+0.25) and P3 (−0.25); P4 has none → 0.0
    assert p1["adaptations_median_improvement"] == pytest.approx(0.0)
    p2 = by_id(project_db, "P2")
    assert (p2["adaptations_direct"], p2["adaptations_total"], p2["adaptations_improved_share"]) == (
        1,
        2,
        0.5,
    )
    p4 = by_id(project_db, "P4")
    assert (p4["adaptations_total"], p4["chain_depth"]) == (0, 0)
    assert math.isnan(p4["adaptations_improved_share"])


def test_a_cycle_counts_each_project_once_and_ends(project_db: Database) -> None:
    # C1's adaptations: C2 (direct), C3 (via C2); C3 → C1 closes the loop and is not followed.
    c1 = by_id(project_db, "C1")
    assert (c1["adaptations_direct"], c1["adaptations_total"], c1["chain_depth"]) == (1, 2, 2)
    assert c1["adapting_teams"] == 0  # all the same team
    # with a result: C2 only (−1) → improved 0 of 1; median improvement −0.1
    assert c1["adaptations_improved_share"] == 0.0
    assert c1["adaptations_median_improvement"] == pytest.approx(-0.1)
    c3 = by_id(project_db, "C3")
    # C3's adaptations: C1 (+0.2), C2 (−0.1) → 1 of 2 improved, median 0.05
    assert c3["adaptations_improved_share"] == 0.5
    assert c3["adaptations_median_improvement"] == pytest.approx(0.05)


def test_chain_of_a_middle_project_shows_the_whole_family_in_tree_order(project_db: Database) -> None:
    chain = adaptation_chain(project_db, "P3")
    # up from P3: P2, P1 (origin); down: P1's children P2 (+0.25) before P5 (none)
    assert ids(chain) == ["P1", "P2", "P3", "P4", "P5"]
    assert chain["generation"].tolist() == [0, 1, 2, 3, 1]
    assert chain["parent_id"].tolist()[1:] == ["P1", "P2", "P3", "P1"]
    assert chain["chosen"].tolist() == [False, False, True, False, False]
    assert not chain["in_cycle"].any()


def test_chain_through_a_cycle_ends_and_is_flagged(project_db: Database) -> None:
    chain = adaptation_chain(project_db, "C2")
    # up from C2: C1, C3, then C2 again → stop; origin C3; down: C3 → C1 → C2 (C3 again: stop)
    assert ids(chain) == ["C3", "C1", "C2"]
    assert chain["generation"].tolist() == [0, 1, 2]
    assert chain["in_cycle"].tolist() == [True, False, False]


def test_chain_of_unknown_project_is_empty(project_db: Database) -> None:
    assert adaptation_chain(project_db, "nope").empty


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        (ProjectSearch(text="falls"), {"P1", "P4"}),  # title of P1 and P4, metric of P1
        (ProjectSearch(text="FALLS  huddles"), {"P4"}),  # every word, any case
        (ProjectSearch(text="patient days"), {"P1"}),  # metric name
        (ProjectSearch(text="100%' OR 1=1 --"), set()),  # just text
        (ProjectSearch(topics=("Safety",)), {"P1", "P2", "P4"}),
        (ProjectSearch(statuses=("in progress",)), {"P5", "C3"}),
        (ProjectSearch(band="no_result"), {"P5", "C3"}),
        (ProjectSearch(band="improved"), {"P1", "P2", "P4", "P7", "P8", "C1"}),
        (ProjectSearch(band="25"), {"P1", "P2"}),
        (ProjectSearch(band="not_improved"), {"P3", "C2"}),
        (ProjectSearch(topics=("Safety", "Flow"), band="improved"), {"P1", "P2", "P4", "P8"}),
    ],
)
def test_search_and_filters(project_db: Database, search: ProjectSearch, expected: set[str]) -> None:
    assert set(ids(search_projects(project_db, Filters(), search))) == expected


def test_hierarchy_and_quarter_filters(project_db: Database) -> None:
    north = search_projects(project_db, Filters(regions=("North",)), ProjectSearch())
    assert set(ids(north)) == {"P1", "P2", "P5", "P7"}
    # running in 2024 or later: in progress (P5, C3) or completed since (P8)
    since = search_projects(project_db, Filters(first_quarter=date(2024, 1, 1)), ProjectSearch())
    assert set(ids(since)) == {"P5", "C3", "P8"}
    # started by the end of 2022 Q4: only P7
    until = search_projects(project_db, Filters(last_quarter=date(2022, 10, 1)), ProjectSearch())
    assert ids(until) == ["P7"]
    facility = search_projects(project_db, Filters(facilities=("F3",)), ProjectSearch(topics=("Safety",)))
    assert ids(facility) == ["P4"]


def test_limit_keeps_the_match_count(project_db: Database) -> None:
    top = search_projects(project_db, Filters(), ProjectSearch(), limit=2)
    assert ids(top) == ["P1", "P2"] and top["matches"].tolist() == [11, 11]


def test_sort_by_times_adapted(project_db: Database) -> None:
    order = ids(search_projects(project_db, Filters(), ProjectSearch(sort="adapted")))
    # 4: P1; 2: P2 (0.25), C1 (0.2), C2 (−0.1), C3 (none); 1: P3; 0: P7, P8 (0.2, by id), P4, P5, P6
    assert order == ["P1", "P2", "C1", "C2", "C3", "P3", "P7", "P8", "P4", "P5", "P6"]


def test_topic_summary(project_db: Database) -> None:
    summary = topic_summary(project_db, Filters(), ProjectSearch()).set_index("topic")
    # Safety: P1 (+0.25, +1), P2 (+0.25, +20), P4 (none, +2) → 3 with a result, all improved, median 0.25
    safety = summary.loc["Safety"]
    assert (safety["projects"], safety["with_result"], safety["improved_share"]) == (3, 3, 1.0)
    assert safety["median_improvement"] == pytest.approx(0.25)
    # Cost: C1 (+0.2), C2 (−0.1), C3 (none) → 2 with a result, 1 improved, median 0.05
    assert summary.loc["Cost", "improved_share"] == 0.5
    assert summary.loc["Cost", "median_improvement"] == pytest.approx(0.05)
    assert topics(project_db, Filters(regions=("North",))) == ["Safety", "Service"]


def test_unknown_band_or_sort_is_refused(project_db: Database) -> None:
    with pytest.raises(ValueError, match="band"):
        search_projects(project_db, Filters(), ProjectSearch(band="1=1"))
    with pytest.raises(ValueError, match="sort"):
        search_projects(project_db, Filters(), ProjectSearch(sort="title; DROP TABLE x"))


@pytest.mark.parametrize(
    ("improvement", "change", "note", "expected"),
    [
        (0.25, 1.0, None, "+25%"),
        (-0.1, -1.0, None, "-10%"),
        (float("nan"), 2.0, "baseline 0: no relative change", "+2 (baseline 0: no relative change)"),
        (float("nan"), float("nan"), "no result yet", "no result yet"),
    ],
)
def test_improvement_text(improvement: float, change: float, note: str | None, expected: str) -> None:
    assert improvement_text(improvement, change, note) == expected


def test_chain_figure_places_generations_and_colours_outcomes(project_db: Database) -> None:
    fig = chain_figure(adaptation_chain(project_db, "P3"))
    edges, nodes = fig.data
    # tree order P1, P2, P3, P4, P5 → x = generation, y = −row
    assert list(nodes.x) == [0, 1, 2, 3, 1] and list(nodes.y) == [0, -1, -2, -3, -4]
    # better (P1 +1, P2 +20, P4 +2) blue, worse (P3) vermillion, no result (P5) grey
    assert list(nodes.marker.color) == [BETTER, BETTER, WORSE, BETTER, UNKNOWN]
    assert list(nodes.marker.symbol) == ["circle", "circle", "star", "circle", "circle"]
    # four edges, each drawn as parent → elbow → child → gap
    assert len(edges.x) == 16 and list(edges.x[:3]) == [0, 0, 1]
    assert "Choose a project" in chain_figure(adaptation_chain(project_db, "nope")).layout.annotations[0].text


def test_topic_figure_uses_the_median_improvement(project_db: Database) -> None:
    fig = topic_figure(topic_summary(project_db, Filters(), ProjectSearch()))
    bars = fig.data[0]
    # Safety 0.25, Service 0.2 (P7 only), Cost 0.05, Flow: P3 −0.25, P8 +0.2 → −0.025; drawn bottom-up
    assert list(bars.y) == ["Flow", "Cost", "Service", "Safety"]
    assert list(bars.x) == pytest.approx([-0.025, 0.05, 0.2, 0.25])


def test_topic_bars_are_labelled_with_the_median_and_the_project_count(project_db: Database) -> None:
    fig = topic_figure(topic_summary(project_db, Filters(), ProjectSearch()))
    # Flow: P3, P6, P8 (median −0.025); Cost: C1–C3 (+0.05); Service: P5, P7 (+0.2); Safety: P1, P2, P4
    assert list(fig.data[0].text) == [
        "-2% · 3 projects",
        "+5% · 3 projects",
        "+20% · 2 projects",
        "+25% · 3 projects",
    ]
    assert fig.data[0].textposition == "outside"
    # 0.45 × the span (0.25 + 0.025) added on both sides, so the outside labels fit
    assert list(fig.layout.xaxis.range) == pytest.approx([-0.025 - 0.12375, 0.25 + 0.12375])


def test_chain_title_names_the_chosen_project(project_db: Database) -> None:
    assert chain_figure(adaptation_chain(project_db, "P3")).layout.title.text == (
        "“Faster lab turnaround”: 5 projects in the family"
    )


def test_chain_labels_repeat_the_title_only_where_an_adaptation_renamed_it(project_db: Database) -> None:
    nodes = chain_figure(adaptation_chain(project_db, "P3")).data[1]
    # P3 is chosen; P1, P2, P4 and P5 carry other titles, so every label but P3's names its project
    assert nodes.text[2] == "Team T3 · -25%"
    assert nodes.text[0] == "Reduce falls · Team T1 · +25%"


def test_peer_training_labels_sit_outside_the_bars_and_count_one_team_as_one() -> None:
    by_course = pd.DataFrame(
        {
            "course_id": ["K1", "K2"],
            "course_title": ["LMP 101", "Co-lead"],
            "teams": [1, 1],
            "completions": [20, 4],
        }
    )
    bar = peer_training_figure(by_course, teams_shown=1).data[0]
    assert list(bar.y) == ["Co-lead", "LMP 101"] and list(bar.text) == ["1 of 1 team", "1 of 1 team"]
    assert bar.textposition == "outside"
    fig = peer_training_figure(by_course, teams_shown=1)
    assert list(fig.layout.xaxis.range) == pytest.approx([0, 20 * 1.45])  # room for the labels
