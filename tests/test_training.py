"""Training rates against the hand-worked numbers in ``training_fixture.py``."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.suppression import MarksOutOfDate
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.training import (
    COURSE_BREAKDOWNS,
    RATES_FRAME_COLUMNS,
    assessment_scores,
    completion_times,
    events_mart,
    overdue_by_age,
    team_training_levels,
    training_rates,
    training_rates_as_of,
    training_span,
    uses_rollup,
)
from lmp_metrics.vocabulary.quarters import quarter_end, shift_quarters
from tests.training_fixture import Q1_2025, Q2_2025, Q3_2025, make_training_db

ALL = Filters()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path = make_training_db(tmp_path_factory.mktemp("training") / "training.duckdb")
    database = Database(path, read_only=True)
    yield database
    database.close()


@pytest.fixture(scope="module")
def figures_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """The same rows with marks built for min_group_size 1: every figure shown, the arithmetic alone."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LMP_MIN_GROUP_SIZE", "1")
        path = make_training_db(tmp_path_factory.mktemp("figures") / "training.duckdb")
    database = Database(path, read_only=True)
    yield database
    database.close()


@pytest.fixture
def raw(figures_db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """``figures_db``, read under the setting its marks were built for."""
    monkeypatch.setenv("LMP_MIN_GROUP_SIZE", "1")
    return figures_db


def one(frame, group: str):
    rows = frame[frame["group"] == group]
    assert len(rows) == 1, (group, frame)
    return rows.iloc[0]


def assert_counts(row, people, assigned, completed, due, on_time, overdue) -> None:
    got = [row[c] for c in ("people", "assigned", "completed", "due", "on_time", "overdue")]
    assert got == [people, assigned, completed, due, on_time, overdue]
    assert row["completion_rate"] == pytest.approx(completed / assigned)
    assert row["on_time_rate"] == pytest.approx(on_time / due)
    assert not row["suppressed"]


def assert_suppressed(row) -> None:
    assert row["suppressed"]
    for column in (
        "people",
        "assigned",
        "completed",
        "due",
        "on_time",
        "overdue",
        "completion_rate",
        "on_time_rate",
    ):
        assert math.isnan(row[column]), column


def test_team_rates_cover_late_missing_future_and_not_yet_due(raw: Database) -> None:
    frame = training_rates(raw, ALL, "team", [Q2_2025])
    assert list(frame.columns) == RATES_FRAME_COLUMNS
    # T1: 11 people (P01 and P03 hold two courses), the future-dated C2 of P11 left out.
    assert_counts(one(frame, "T1"), 11, 14, 10, 13, 8, 2)
    assert one(frame, "T1")["completion_rate"] == pytest.approx(10 / 14)
    assert one(frame, "T1")["on_time_rate"] == pytest.approx(8 / 13)
    assert_counts(one(frame, "T2"), 10, 10, 10, 10, 10, 0)


def test_hierarchy_groups_sum_people_across_teams(raw: Database) -> None:
    frame = training_rates(raw, ALL, "facility", [Q2_2025])
    assert_counts(one(frame, "F1"), 21, 24, 20, 23, 18, 2)
    national = training_rates(raw, ALL, "national", [Q2_2025])
    assert_counts(one(national, "National"), 21, 24, 20, 23, 18, 2)
    departments = training_rates(raw, ALL, "department", [Q2_2025])
    assert_counts(one(departments, "D1"), 11, 14, 10, 13, 8, 2)


def test_marks_hide_small_groups_and_every_group_that_would_give_one_away(db: Database) -> None:
    # 2025 Q2: T2 (= D2) has 10 people → hidden. F1 = D1 + D2 is shown, so D1 (11 people) is hidden
    # too, else F1 − D1 = D2; D1 is T1 alone, so T1 is hidden as well, else D1 = T1.
    teams = training_rates(db, ALL, "team", [Q2_2025])
    assert_suppressed(one(teams, "T1"))
    assert_suppressed(one(teams, "T2"))
    departments = training_rates(db, ALL, "department", [Q2_2025])
    assert_suppressed(one(departments, "D1"))
    assert_suppressed(one(departments, "D2"))
    assert_counts(one(training_rates(db, ALL, "facility", [Q2_2025]), "F1"), 21, 24, 20, 23, 18, 2)
    # a filter to D1 asks for the D1 cell: hidden as well
    assert_suppressed(
        one(training_rates(db, Filters(departments=("D1",)), "national", [Q2_2025]), "National")
    )
    # labor partner: Alliance (T2, 10) hidden, so Coalition (T1, 11) is too
    partners = training_rates(db, ALL, "labor_partner", [Q2_2025])
    assert partners["suppressed"].all()


def test_course_breakdown_counts_people_per_course(raw: Database, monkeypatch) -> None:
    frame = training_rates(raw, ALL, "course", [Q2_2025])
    assert_counts(one(frame, "Partnership basics"), 21, 21, 18, 20, 17, 2)
    assert one(frame, "Co-lead skills")["people"] == 3  # P01, P02, P03 only


def test_course_split_hides_the_other_course_of_a_shown_total(db: Database) -> None:
    # Co-lead skills: 3 people → hidden; the national total is shown, so Partnership basics is too.
    frame = training_rates(db, ALL, "course", [Q2_2025])
    assert_suppressed(one(frame, "Co-lead skills"))
    assert_suppressed(one(frame, "Partnership basics"))


def test_person_breakdowns(raw: Database, db: Database) -> None:
    groups = training_rates(raw, ALL, "labor_group", [Q2_2025])
    assert_counts(one(groups, "Coalition"), 19, 20, 17, 19, 15, 2)
    roles = training_rates(raw, ALL, "role", [Q2_2025])
    assert_counts(one(roles, "employee"), 19, 20, 17, 19, 15, 2)
    assert one(roles, "manager")["people"] == 2


def test_person_splits_hide_both_parts_when_one_is_small(db: Database) -> None:
    # managers / Non-represented: P01, P02 → hidden, so the other part of the national total is too
    for by in ("labor_group", "role"):
        assert training_rates(db, ALL, by, [Q2_2025])["suppressed"].all()


def test_quarter_range_and_early_quarter(raw: Database, db: Database) -> None:
    frame = training_rates(raw, Filters(first_quarter=Q1_2025, last_quarter=Q2_2025), "team")
    t1 = frame[frame["group"] == "T1"]
    assert list(t1["quarter"]) == [Q1_2025, Q2_2025]
    assert t1["people"].tolist() == [1, 11]  # 2025 Q1: only P03's C2


def test_early_quarter_of_one_person_is_hidden(db: Database) -> None:
    frame = training_rates(db, Filters(first_quarter=Q1_2025, last_quarter=Q1_2025), "national")
    assert_suppressed(one(frame, "National"))


def test_filters_restrict_teams_and_unknown_breakdown_is_refused(raw: Database) -> None:
    frame = training_rates(raw, Filters(departments=("D1",)), "national", ["2025-Q2"])
    assert_counts(one(frame, "National"), 11, 14, 10, 13, 8, 2)
    assert training_rates(raw, ALL, "team", []).empty
    with pytest.raises(ValueError, match="unknown breakdown"):
        training_rates(raw, ALL, "person_id", [Q2_2025])


def test_marks_built_for_another_threshold_are_refused(db: Database, monkeypatch) -> None:
    monkeypatch.setenv("LMP_MIN_GROUP_SIZE", "10")
    with pytest.raises(MarksOutOfDate, match="built for min_group_size 11"):
        training_rates(db, ALL, "team", [Q2_2025])


def test_empty_database_gives_an_empty_frame(empty_db: Database, build_marts) -> None:
    build_marts(empty_db)
    frame = training_rates(empty_db, ALL, "region")
    assert frame.empty
    assert list(frame.columns) == RATES_FRAME_COLUMNS


def test_last_quarter_carries_late_completions_and_new_overdue(raw: Database) -> None:
    frame = training_rates(raw, ALL, "team", [Q3_2025])
    assert_counts(one(frame, "T1"), 11, 15, 11, 15, 8, 4)


def test_as_of_uses_the_last_quarter_end_on_or_before_the_date(raw: Database) -> None:
    exact = training_rates_as_of(raw, ALL, "team", date(2025, 6, 30))
    assert list(exact["as_of"].unique()) == [date(2025, 6, 30)]
    assert_counts(one(exact, "T1"), 11, 14, 10, 13, 8, 2)
    mid = training_rates_as_of(raw, ALL, "team", date(2025, 8, 15))
    assert list(mid["as_of"].unique()) == [date(2025, 6, 30)]


def test_overdue_age_buckets_worst_groups_first(raw: Database, db: Database) -> None:
    q2 = overdue_by_age(raw, ALL, "team", Q2_2025)
    assert q2[["group", "age", "overdue"]].values.tolist() == [["T1", "due this quarter", 2.0]]
    q3 = overdue_by_age(raw, ALL, "course", Q3_2025)
    c1 = q3[q3["group"] == "Partnership basics"]
    assert dict(zip(c1["age"], c1["overdue"], strict=True)) == {
        "due this quarter": 1,
        "due 1 quarter earlier": 1,
    }
    t1 = overdue_by_age(raw, ALL, "team", Q3_2025)
    assert dict(zip(t1["age"], t1["overdue"], strict=True)) == {
        "due this quarter": 2,
        "due 1 quarter earlier": 2,
    }
    with pytest.raises(ValueError, match="overdue age"):
        overdue_by_age(raw, ALL, "role", Q2_2025)


def test_overdue_age_follows_the_marks(db: Database) -> None:
    # 2025 Q3 by course: Co-lead skills (P01, P02, P03, P11: 4 people) hidden, and so Partnership
    # basics, the only other part of the shown national total.
    q3 = overdue_by_age(db, ALL, "course", Q3_2025)
    assert set(q3["group"]) == {"Co-lead skills", "Partnership basics"}
    assert q3["suppressed"].all() and q3["overdue"].isna().all()


def test_overdue_age_is_suppressed_for_small_groups(db: Database) -> None:
    q1 = overdue_by_age(db, ALL, "team", Q1_2025)  # T1 holds one person's assignment then
    assert q1["suppressed"].all() and q1["overdue"].isna().all() and q1["people"].isna().all()


def test_assessment_scores_need_enough_people_and_scores(raw: Database, db: Database, monkeypatch) -> None:
    q2 = Filters(first_quarter=Q2_2025, last_quarter=Q2_2025)
    c1 = one(assessment_scores(raw, q2, "course"), "Partnership basics")
    assert c1["mean_score"] == pytest.approx(1500 / 18)
    assert c1["scored"] == 18 and not c1["suppressed"]
    assert one(assessment_scores(raw, q2, "team"), "T1")["mean_score"] == pytest.approx(600 / 8)
    monkeypatch.setenv("LMP_MIN_GROUP_SIZE", "11")
    # both courses hidden by the marks (Co-lead skills: 3 people; the other is its complement)
    assert assessment_scores(db, q2, "course")["suppressed"].all()
    teams = assessment_scores(db, q2, "team")
    assert teams["suppressed"].all() and teams["mean_score"].isna().all()  # T1: 8 scores; T2: 10 people


def test_completion_times_per_course_against_the_due_window(raw: Database, db: Database, monkeypatch) -> None:
    frame = completion_times(raw, Filters(first_quarter=Q2_2025, last_quarter=Q2_2025))
    c1 = frame[frame["course"] == "Partnership basics"].set_index("bin")
    assert c1.loc["done_within_14", "completions"] == 10
    assert c1.loc["done_within_30", "completions"] == 7
    assert c1.loc["done_within_45", "completions"] == 1
    assert c1["completions"].sum() == 18
    assert c1.loc[c1["within_window"], "completions"].sum() == 17
    assert (c1["due_within_days"] == 30).all()
    monkeypatch.setenv("LMP_MIN_GROUP_SIZE", "11")
    frame = completion_times(db, Filters(first_quarter=Q2_2025, last_quarter=Q2_2025))
    c2 = frame[frame["course"] == "Co-lead skills"]
    assert c2["suppressed"].all() and c2["completions"].isna().all() and c2["share"].isna().all()


def test_completion_times_for_filters_without_training_are_empty_not_an_error(db: Database) -> None:
    frame = completion_times(db, Filters(team_ids=("no such team",)))
    assert frame.empty and "within_window" in frame.columns


def test_team_training_next_to_level(db: Database) -> None:
    q3 = team_training_levels(db, ALL, Q3_2025).set_index("team_id")
    assert q3.loc["T1", "trained_members"] == 11
    assert q3.loc["T1", "on_time_share"] == pytest.approx(5 / 11)
    assert q3.loc["T1", "level"] == 3
    assert q3.loc["T2", "suppressed"] and math.isnan(q3.loc["T2", "on_time_share"])
    assert q3.loc["T2", "level"] == 4
    q2 = team_training_levels(db, ALL, Q2_2025).set_index("team_id")
    assert q2.loc["T1", "suppressed"]  # P11 has nothing due yet → 10 members


def test_team_levels_fall_back_to_the_contract_table(tmp_path: Path) -> None:
    path = make_training_db(tmp_path / "fallback.duckdb")
    with Database(path) as writable:
        writable.execute("DROP TABLE IF EXISTS mart_team_quarter")
        frame = team_training_levels(writable, ALL, Q3_2025).set_index("team_id")
    assert frame.loc["T1", "level"] == 3
    assert frame.loc["T1", "on_time_share"] == pytest.approx(5 / 11)


# -- the marts against direct SQL over training_records, on the small demo ----------------------
DIRECT = """
WITH r AS (
    SELECT t.region, t.team_id, s.role, s.labor_group, c.course_title, r.*
    FROM training_records AS r
    JOIN staff AS s USING (person_id)
    JOIN teams AS t ON t.team_id = s.team_id
    JOIN courses AS c USING (course_id)
)
SELECT CAST({group} AS VARCHAR) AS "group",
       count(DISTINCT person_id) FILTER (assigned_on <= $d) AS people,
       count(*) FILTER (assigned_on <= $d) AS assigned,
       count(*) FILTER (completed_on <= $d) AS completed,
       count(*) FILTER (due_on <= $d) AS due,
       count(*) FILTER (due_on <= $d AND completed_on <= due_on) AS on_time,
       count(*) FILTER (due_on < $d AND (completed_on IS NULL OR completed_on > $d)) AS overdue
FROM r GROUP BY 1 HAVING count(*) FILTER (assigned_on <= $d) > 0 ORDER BY 1
"""


@pytest.mark.parametrize("by", ["national", "region", "team", "role", "labor_group", "course"])
def test_mart_matches_direct_sql_on_the_small_demo(small_figures_db: Database, by: str) -> None:
    first, last = small_figures_db.rows("SELECT min(quarter), max(quarter) FROM mart_training_quarter")[0]
    quarters = [first, shift_quarters(first, 5), shift_quarters(last, -7), last]
    group = {"national": "'National'", "course": "course_title", "team": "team_id"}.get(by, by)
    mart = training_rates(small_figures_db, ALL, by, quarters)
    for quarter in quarters:
        direct = small_figures_db.query(DIRECT.format(group=group), {"d": quarter_end(quarter)})
        got = mart[mart["quarter"] == quarter].reset_index(drop=True)
        assert got["group"].tolist() == direct["group"].tolist(), quarter
        for column in ("people", "assigned", "completed", "due", "on_time", "overdue"):
            assert got[column].tolist() == direct[column].astype(float).tolist(), (quarter, column)


def test_overdue_ages_add_up_to_the_overdue_count_on_the_small_demo(small_figures_db: Database) -> None:
    last = small_figures_db.scalar("SELECT max(quarter) FROM mart_training_quarter")
    for quarter in (shift_quarters(last, -6), last):
        ages = overdue_by_age(small_figures_db, ALL, "region", quarter).groupby("group")["overdue"].sum()
        rates = training_rates(small_figures_db, ALL, "region", [quarter]).set_index("group")["overdue"]
        assert ages.to_dict() == rates[rates > 0].to_dict()


def test_team_training_mart_matches_a_direct_count_on_the_small_demo(small_figures_db: Database) -> None:
    quarter = shift_quarters(small_figures_db.scalar("SELECT max(quarter) FROM mart_team_quarter"), -2)
    start, end = shift_quarters(quarter, -3), quarter_end(quarter)
    direct = small_figures_db.query(
        """
        WITH per_person AS (
            SELECT s.team_id, r.person_id, bool_and(coalesce(r.completed_on <= r.due_on, false)) AS on_time
            FROM training_records AS r JOIN staff AS s USING (person_id) JOIN courses AS c USING (course_id)
            WHERE (c.audience = 'co-leads' OR c.course_title ILIKE '%partnership%')
              AND r.due_on BETWEEN ? AND ?
            GROUP BY ALL
        )
        SELECT team_id, count(*)::DOUBLE AS trained_members, avg(on_time::INT) AS on_time_share
        FROM per_person GROUP BY 1 ORDER BY 1
        """,
        [start, end],
    ).set_index("team_id")
    got = team_training_levels(small_figures_db, ALL, quarter).set_index("team_id")
    got = got[got["trained_members"] > 0]
    assert len(direct) > 10
    shared = direct.index.intersection(got.index)
    assert len(shared) == len(got)
    assert got.loc[shared, "trained_members"].tolist() == direct.loc[shared, "trained_members"].tolist()
    assert got.loc[shared, "on_time_share"].tolist() == pytest.approx(
        direct.loc[shared, "on_time_share"].tolist()
    )


def test_complement_rule_hides_the_same_groups_in_rates_overdue_and_scores(db: Database) -> None:
    # 2025 Q3 by course: C2 (4 people) is suppressed, so C1, the only other course, is hidden too:
    # otherwise the national figures minus C1 would give C2 away.
    rates = training_rates(db, ALL, "course", [Q3_2025])
    assert rates["suppressed"].all() and rates["completion_rate"].isna().all()
    overdue = overdue_by_age(db, ALL, "course", Q3_2025)
    assert overdue["suppressed"].all() and overdue["overdue"].isna().all()
    scores = assessment_scores(db, Filters(first_quarter=Q2_2025, last_quarter=Q2_2025), "course")
    assert scores["suppressed"].all() and scores["mean_score"].isna().all()
    # with nothing suppressed, nothing extra is hidden
    assert not training_rates(db, ALL, "national", [Q2_2025])["suppressed"].any()


def test_rollups_hold_the_team_marts_totals_on_the_small_demo(small_db: Database) -> None:
    columns = "sum(assigned), sum(due), sum(on_time), sum(completed), sum(people), sum(score_sum), sum(done_within_30)"
    for cell in ("role IS NULL AND course_id IS NULL", "role IS NOT NULL", "course_id IS NOT NULL"):
        sql = f"SELECT region, quarter, {columns} FROM {{}} WHERE {cell} GROUP BY ALL ORDER BY ALL"
        assert small_db.rows(sql.format("mart_training_rollup")) == small_db.rows(
            sql.format("mart_training_quarter")
        )
    sql = (
        "SELECT facility, due_quarter, completed_quarter, sum(assignments) FROM {} GROUP BY ALL ORDER BY ALL"
    )
    assert small_db.rows(sql.format("mart_training_overdue_rollup")) == small_db.rows(
        sql.format("mart_training_overdue")
    )
    # a sixth of the rows or fewer: the point of the rollup
    rollup, teams = (
        small_db.scalar(f"SELECT count(*) FROM {t}")
        for t in ("mart_training_rollup", "mart_training_quarter")
    )
    assert rollup < teams / 2


def test_rollup_answers_only_without_department_or_team(db: Database) -> None:
    assert uses_rollup(ALL, "region") and uses_rollup(Filters(regions=("R1",)), "course")
    assert not uses_rollup(ALL, "department") and not uses_rollup(ALL, "team")
    assert not uses_rollup(Filters(departments=("D1",)), "region")
    assert not uses_rollup(Filters(team_ids=("T1",)), "national")
    # the hand-worked F1 figures (module docstring of training_fixture) from either mart
    via_rollup = one(training_rates(db, ALL, "facility", [Q2_2025]), "F1")
    via_teams = one(training_rates(db, Filters(departments=("D1", "D2")), "facility", [Q2_2025]), "F1")
    for row in (via_rollup, via_teams):
        assert_counts(row, 21, 24, 20, 23, 18, 2)


def test_a_file_built_before_the_rollups_reads_the_team_marts(tmp_path: Path) -> None:
    path = make_training_db(tmp_path / "old.duckdb")
    with Database(path) as old:
        old.execute("DROP TABLE mart_training_rollup")
        old.execute("DROP TABLE mart_training_overdue_rollup")
        assert events_mart(old, ALL, "facility") == "mart_training_quarter"
        assert_counts(one(training_rates(old, ALL, "facility", [Q2_2025]), "F1"), 21, 24, 20, 23, 18, 2)
        assert overdue_by_age(old, ALL, "facility", Q2_2025)["overdue"].sum() == 2


@pytest.mark.parametrize(
    "by", ["national", "region", "facility", "labor_partner", "role", "labor_group", "course"]
)
def test_rollup_and_team_marts_give_the_same_figures_on_the_small_demo(
    small_figures_db: Database, by: str, monkeypatch
) -> None:
    first, last = training_span(small_figures_db)
    departments = tuple(r[0] for r in small_figures_db.rows("SELECT DISTINCT department FROM teams"))
    region = small_figures_db.scalar("SELECT min(region) FROM teams")
    for filters in (
        ALL,
        Filters(first_quarter=shift_quarters(first, 3), last_quarter=shift_quarters(last, -2)),
        Filters(regions=(region,), labor_partners=("Coalition", "Both")),
    ):
        per_team = filters.narrowed(departments=departments)  # same teams, read from the per-team mart
        assert events_mart(small_figures_db, filters, by) == "mart_training_rollup"
        assert events_mart(small_figures_db, per_team, by) == "mart_training_quarter"
        pairs = [
            (training_rates, (by,)),
            (assessment_scores, (by,)),
            (overdue_by_age, (by, shift_quarters(last, -3))),
        ]
        if by == "course":
            pairs.append((completion_times, ()))
        for function, args in pairs:
            if function is overdue_by_age and by not in COURSE_BREAKDOWNS:
                continue
            got, want = (
                function(small_figures_db, filters, *args),
                function(small_figures_db, per_team, *args),
            )
            assert len(got) > 0, (function.__name__, filters)
            pd.testing.assert_frame_equal(got, want, obj=f"{function.__name__} {filters}")
