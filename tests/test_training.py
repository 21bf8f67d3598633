"""Training rates against the hand-worked numbers in ``training_fixture.py``."""

from __future__ import annotations

import math

import pytest
from training_fixture import Q1_2025, Q2_2025, make_training_db

from lmp_metrics.database import Database
from lmp_metrics.filters import Filters
from lmp_metrics.training import RATES_FRAME_COLUMNS, training_rates

ALL = Filters()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path = make_training_db(tmp_path_factory.mktemp("training") / "training.duckdb")
    database = Database(path, read_only=True)
    yield database
    database.close()


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


def test_team_rates_cover_late_missing_future_and_not_yet_due(db: Database) -> None:
    frame = training_rates(db, ALL, "team", [Q2_2025])
    assert list(frame.columns) == RATES_FRAME_COLUMNS
    # T1: 11 people (P01 and P03 hold two courses), the future-dated C2 of P11 left out.
    assert_counts(one(frame, "T1"), 11, 14, 10, 13, 8, 2)
    assert one(frame, "T1")["completion_rate"] == pytest.approx(10 / 14)
    assert one(frame, "T1")["on_time_rate"] == pytest.approx(8 / 13)
    # T2: 10 people → suppressed, every figure blank.
    assert_suppressed(one(frame, "T2"))


def test_hierarchy_groups_sum_people_across_teams(db: Database) -> None:
    frame = training_rates(db, ALL, "facility", [Q2_2025])
    assert_counts(one(frame, "F1"), 21, 24, 20, 23, 18, 2)
    national = training_rates(db, ALL, "national", [Q2_2025])
    assert_counts(one(national, "National"), 21, 24, 20, 23, 18, 2)
    departments = training_rates(db, ALL, "department", [Q2_2025])
    assert_counts(one(departments, "D1"), 11, 14, 10, 13, 8, 2)
    assert_suppressed(one(departments, "D2"))


def test_course_breakdown_counts_people_per_course(db: Database) -> None:
    frame = training_rates(db, ALL, "course", [Q2_2025])
    assert_counts(one(frame, "Partnership basics"), 21, 21, 18, 20, 17, 2)
    assert_suppressed(one(frame, "Co-lead skills"))  # P01, P02, P03 only


def test_person_breakdowns(db: Database) -> None:
    groups = training_rates(db, ALL, "labor_group", [Q2_2025])
    assert_counts(one(groups, "Coalition"), 19, 20, 17, 19, 15, 2)
    assert_suppressed(one(groups, "Non-represented"))
    roles = training_rates(db, ALL, "role", [Q2_2025])
    assert_counts(one(roles, "employee"), 19, 20, 17, 19, 15, 2)
    assert_suppressed(one(roles, "manager"))


def test_quarter_range_and_early_quarter(db: Database) -> None:
    frame = training_rates(db, Filters(first_quarter=Q1_2025, last_quarter=Q2_2025), "team")
    t1 = frame[frame["group"] == "T1"]
    assert list(t1["quarter"]) == [Q1_2025, Q2_2025]
    assert_suppressed(t1.iloc[0])  # 2025 Q1: only P03's C2 → 1 person
    assert t1.iloc[1]["people"] == 11


def test_filters_restrict_teams_and_unknown_breakdown_is_refused(db: Database) -> None:
    frame = training_rates(db, Filters(departments=("D1",)), "national", ["2025-Q2"])
    assert_counts(one(frame, "National"), 11, 14, 10, 13, 8, 2)
    assert training_rates(db, ALL, "team", []).empty
    with pytest.raises(ValueError, match="unknown breakdown"):
        training_rates(db, ALL, "person_id", [Q2_2025])


def test_small_group_threshold_follows_the_setting(db: Database, monkeypatch) -> None:
    monkeypatch.setenv("LMP_MIN_GROUP_SIZE", "10")
    frame = training_rates(db, ALL, "team", [Q2_2025])
    assert one(frame, "T2")["people"] == 10
    assert not one(frame, "T2")["suppressed"]


def test_empty_database_gives_an_empty_frame(empty_db: Database, build_marts) -> None:
    build_marts(empty_db)
    frame = training_rates(empty_db, ALL, "region")
    assert frame.empty
    assert list(frame.columns) == RATES_FRAME_COLUMNS
