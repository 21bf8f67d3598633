"""The demo generator: sizes, determinism, the edge cases pages must handle, plausible distributions.

Uses the session's `small` demo (seed 7) from conftest; one more build checks determinism and the CLI.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from lmp_metrics.commands import run_demo
from lmp_metrics.core.database import Database
from lmp_metrics.demo import build_demo
from lmp_metrics.demo.build import CONTRACT_TABLES
from lmp_metrics.demo.config import SCALES

# Plausible row counts for `small` (about 60 teams, 2,500 staff, 40 quarters).
SMALL_RANGES = {
    "teams": (55, 90),
    "dimensions": (7, 7),
    "team_quarter_levels": (1_600, 2_800),
    "team_quarter_scores": (7 * 1_600, 7 * 2_800),
    "staff": (2_400, 2_600),
    "courses": (6, 6),
    # ~2,100 people × two yearly refreshers × ~5 years on the team, plus ~4,500 one-time courses
    "training_records": (20_000, 40_000),
    "survey_results": (1_000, 2_500),
    "ubt_projects": (25, 90),
}


def checksums(db: Database) -> dict[str, tuple]:
    """Row count and an order-independent hash of every contract table."""
    return {
        table: db.rows(f"SELECT count(*), sum(hash(t)::HUGEINT) FROM {table} AS t")[0]
        for table in CONTRACT_TABLES
    }


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second `small` build with the session's seed, made through the CLI handler."""
    path = tmp_path_factory.mktemp("rebuild") / "again.duckdb"
    assert run_demo(argparse.Namespace(db=str(path), scale="small", seed=7)) == 0
    return path


def test_row_counts_are_plausible(small_db: Database) -> None:
    for table, (low, high) in SMALL_RANGES.items():
        count = small_db.scalar(f"SELECT count(*) FROM {table}")
        assert low <= count <= high, f"{table}: {count} rows"


def test_same_seed_same_database(small_db: Database, rebuilt: Path) -> None:
    with Database(rebuilt, read_only=True) as again:
        assert checksums(again) == checksums(small_db)


def test_batched_inserts_give_the_same_database(
    small_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``commit_rows`` (used at 10x to bound memory) changes how rows are inserted, not which."""
    monkeypatch.setitem(SCALES, "small", dataclasses.replace(SCALES["small"], commit_rows=20_000))
    build_demo(tmp_path / "batched.duckdb", scale="small", seed=7)
    with Database(tmp_path / "batched.duckdb", read_only=True) as batched:
        assert checksums(batched) == checksums(small_db)


def test_different_seed_different_database(small_db: Database, tmp_path: Path) -> None:
    result = build_demo(tmp_path / "other.duckdb", scale="small", seed=8)
    assert set(result["rows"]) == set(CONTRACT_TABLES) and result["seconds"] > 0
    with Database(tmp_path / "other.duckdb", read_only=True) as other:
        mine, theirs = checksums(small_db), checksums(other)
    changed = [t for t in CONTRACT_TABLES if mine[t] != theirs[t]]
    assert set(changed) >= {"teams", "team_quarter_levels", "staff", "training_records", "ubt_projects"}


def test_cli_summary_names_tables_and_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_demo(argparse.Namespace(db=str(tmp_path / "x.duckdb"), scale="small", seed=3)) == 0
    out = capsys.readouterr().out
    assert "small demo (seed 3)" in out and " s" in out
    assert all(table in out for table in CONTRACT_TABLES)


@pytest.mark.parametrize(("scale", "seed"), [("huge", 1), ("small", -1)])
def test_bad_arguments_are_refused(tmp_path: Path, scale: str, seed: int) -> None:
    with pytest.raises(ValueError):
        build_demo(tmp_path / "x.duckdb", scale=scale, seed=seed)
    assert not (tmp_path / "x.duckdb").exists()


# -- the shape the contract describes ------------------------------------------------------------


def test_forty_quarters_ending_2026_q3(small_db: Database) -> None:
    first, last, n = small_db.rows(
        "SELECT min(quarter), max(quarter), count(DISTINCT quarter) FROM team_quarter_levels"
    )[0]
    assert (first, last, n) == (date(2016, 10, 1), date(2026, 7, 1), 40)


def test_dimensions_and_families(small_db: Database) -> None:
    rows = small_db.rows("SELECT dimension_id, family FROM dimensions ORDER BY sort_order")
    assert rows == [
        ("goals_performance", "performance"),
        ("use_of_tools", "performance"),
        ("sponsorship", "leadership"),
        ("leadership", "leadership"),
        ("team_process", "engagement"),
        ("member_engagement", "engagement"),
        ("training", "engagement"),
    ]


def test_level_is_weakest_dimension_rounded(small_db: Database) -> None:
    mismatched = small_db.scalar(
        """
        SELECT count(*) FROM team_quarter_levels l
        JOIN (SELECT team_id, quarter, min(score) AS weakest, count(*) AS n
              FROM team_quarter_scores GROUP BY ALL) s USING (team_id, quarter)
        WHERE l.level <> floor(s.weakest + 0.5) OR s.n <> 7
        """
    )
    assert mismatched == 0
    assert (
        small_db.scalar("SELECT count(*) FROM team_quarter_scores WHERE score * 10 <> round(score * 10)") == 0
    )


def test_edge_cases_pages_must_handle(small_db: Database) -> None:
    small_departments = small_db.scalar(
        "SELECT count(*) FROM (SELECT department FROM teams JOIN staff USING (team_id) "
        "GROUP BY department HAVING count(*) < 11)"
    )
    assert small_departments >= 1
    assert small_db.scalar("SELECT count(*) FROM teams WHERE closed_on IS NOT NULL") >= 1
    new = small_db.rows("SELECT team_id FROM teams WHERE formed_on >= DATE '2026-07-01'")
    assert new
    assert not small_db.scalar(
        "SELECT count(*) FROM team_quarter_levels WHERE team_id IN (SELECT team_id FROM teams "
        "WHERE formed_on >= DATE '2026-07-01')"
    )
    # people on the newest teams have their foundational courses (assigned at hire) but no refresher
    # yet (those wait for a settling-in period and the next yearly campaign)
    new_team_courses = {
        row[0]
        for row in small_db.rows(
            "SELECT DISTINCT r.course_id FROM training_records r JOIN staff s USING (person_id)"
            " JOIN teams t USING (team_id) WHERE t.formed_on >= DATE '2026-07-01'"
        )
    }
    assert new_team_courses and new_team_courses <= {"IBPS", "LMP101", "MIP", "UBT-COLEAD"}
    assert small_db.scalar("SELECT count(*) FROM ubt_projects WHERE result IS NULL") >= 1
    assert small_db.scalar("SELECT count(*) FROM survey_results WHERE respondents < 11") >= 1


def test_missing_assessments_are_a_few_percent(small_db: Database) -> None:
    share = small_db.scalar(
        """
        WITH open_quarters AS (
            SELECT t.team_id, q.quarter FROM teams t
            JOIN (SELECT DISTINCT quarter FROM team_quarter_levels) q
              ON q.quarter > t.formed_on AND (t.closed_on IS NULL OR q.quarter + INTERVAL 3 MONTH <= t.closed_on)
        )
        SELECT avg((l.team_id IS NULL)::INT) FROM open_quarters o
        LEFT JOIN team_quarter_levels l USING (team_id, quarter)
        """
    )
    assert 0.01 <= share <= 0.08


def test_adaptation_chains(small_db: Database) -> None:
    longest = small_db.scalar(
        """
        WITH RECURSIVE chain(project_id, depth) AS (
            SELECT project_id, 0 FROM ubt_projects WHERE adapted_from_project_id IS NULL
            UNION ALL
            SELECT p.project_id, c.depth + 1 FROM ubt_projects p JOIN chain c ON p.adapted_from_project_id = c.project_id
        )
        SELECT max(depth) FROM chain
        """
    )
    assert longest >= 2
    later = small_db.scalar(
        "SELECT bool_and(a.started_on > o.started_on AND a.team_id <> o.team_id) FROM ubt_projects a "
        "JOIN ubt_projects o ON o.project_id = a.adapted_from_project_id"
    )
    assert later


def test_staff_roles_and_unions(small_db: Database) -> None:
    shares = dict(small_db.rows("SELECT role, count(*) / sum(count(*)) OVER () FROM staff GROUP BY role"))
    assert 0.75 <= shares["employee"] <= 0.85
    assert 0.09 <= shares["manager"] <= 0.15
    assert 0.05 <= shares["physician"] <= 0.10
    groups = small_db.rows("SELECT DISTINCT role, labor_group, union_local IS NULL FROM staff ORDER BY ALL")
    assert ("manager", "Non-represented", True) in groups
    assert {g for r, g, _ in groups if r == "employee"} == {"Alliance", "Coalition"}
    partners = {row[0] for row in small_db.rows("SELECT DISTINCT labor_partner FROM teams")}
    assert partners == {"Coalition", "Alliance", "Both"}


def test_training_dates_follow_the_course(small_db: Database) -> None:
    wrong = small_db.scalar(
        "SELECT count(*) FROM training_records r JOIN courses c USING (course_id) "
        "WHERE r.due_on <> r.assigned_on + c.due_within_days OR r.assigned_on > DATE '2026-09-30' "
        "OR r.completed_on > DATE '2026-09-30' OR (r.completed_on IS NULL AND r.assessment_score IS NOT NULL)"
    )
    assert wrong == 0
    late, never, open_ = small_db.rows(
        "SELECT avg((completed_on > due_on)::INT), avg((completed_on IS NULL AND due_on < DATE '2026-07-01')::INT), "
        "count(*) FILTER (WHERE due_on > DATE '2026-09-30') FROM training_records"
    )[0]
    assert 0.05 <= late <= 0.35 and 0 < never <= 0.005 and open_ > 0


ONE_TIME = ("IBPS", "LMP101", "MIP", "UBT-COLEAD")
REFRESHERS = ("JUST-CULTURE", "SPEAK-UP")


def test_one_time_courses_are_assigned_once_and_refreshers_yearly(small_db: Database) -> None:
    # A person has one team and one role in `staff`, so no change of role or team can call for a
    # second foundational course: each is assigned at most once per person.
    repeated = small_db.scalar(
        "SELECT count(*) FROM (SELECT person_id, course_id FROM training_records"
        " WHERE list_contains(?, course_id) GROUP BY ALL HAVING count(*) > 1)",
        [list(ONE_TIME)],
    )
    assert repeated == 0
    twice_a_year = small_db.scalar(
        "SELECT count(*) FROM (SELECT person_id, course_id, year(assigned_on) FROM training_records"
        " WHERE list_contains(?, course_id) GROUP BY ALL HAVING count(*) > 1)",
        [list(REFRESHERS)],
    )
    assert twice_a_year == 0
    # LMP 101 reaches nearly everyone; the co-lead course only the two co-leads of a team
    reach = dict(
        small_db.rows("SELECT course_id, count(DISTINCT person_id) FROM training_records GROUP BY 1")
    )
    staff = small_db.scalar("SELECT count(*) FROM staff")
    teams = small_db.scalar("SELECT count(*) FROM teams")
    assert reach["LMP101"] >= 0.85 * staff and reach["UBT-COLEAD"] <= 2 * teams


def test_overdue_backlog_is_small_and_mostly_from_the_last_four_quarters(small_db: Database) -> None:
    # overdue as of the data date (2026-09-30): due before it and not completed (nothing completes later)
    overdue, recent, assignments = small_db.rows(
        "SELECT count(*) FILTER (WHERE completed_on IS NULL AND due_on < DATE '2026-09-30'),"
        " count(*) FILTER (WHERE completed_on IS NULL AND due_on BETWEEN DATE '2025-10-01' AND DATE '2026-09-29'),"
        " count(*) FROM training_records"
    )[0]
    assert overdue > 0 and recent / overdue > 0.5
    assert overdue < 0.03 * assignments


# -- distributions worth charting ---------------------------------------------------------------


def test_level_mix_and_rising_high_performers(small_db: Database) -> None:
    levels = {row[0] for row in small_db.rows("SELECT DISTINCT level FROM team_quarter_levels")}
    assert levels == {1, 2, 3, 4, 5}
    first_year, last_year = small_db.rows(
        "SELECT avg((level >= 4)::INT) FILTER (WHERE quarter < DATE '2017-10-01'), "
        "avg((level >= 4)::INT) FILTER (WHERE quarter >= DATE '2025-10-01') FROM team_quarter_levels"
    )[0]
    assert 0.1 <= first_year <= 0.45 and last_year >= first_year + 0.15


def test_levels_move_mostly_one_step(small_db: Database) -> None:
    up, down, jumps = small_db.rows(
        """
        SELECT avg((d > 0)::INT), avg((d < 0)::INT), avg((abs(d) > 1)::INT) FROM (
            SELECT level - lag(level) OVER (PARTITION BY team_id ORDER BY quarter) AS d,
                   quarter - lag(quarter) OVER (PARTITION BY team_id ORDER BY quarter) AS gap
            FROM team_quarter_levels
        ) WHERE gap BETWEEN 89 AND 92
        """
    )[0]
    assert 0.03 <= up <= 0.2 and 0.01 <= down <= 0.12 and down < up and jumps <= 0.01


def test_training_completion_rises_with_level(small_db: Database) -> None:
    rates = dict(
        small_db.rows(
            """
            SELECT CASE WHEN l.level >= 4 THEN 'high' WHEN l.level <= 2 THEN 'low' ELSE 'mid' END,
                   avg((r.completed_on <= r.due_on)::INT)
            FROM training_records r JOIN staff s USING (person_id)
            JOIN team_quarter_levels l ON l.team_id = s.team_id AND l.quarter = date_trunc('quarter', r.assigned_on)
            WHERE r.due_on <= DATE '2026-09-30' GROUP BY 1
            """
        )
    )
    assert rates["low"] + 0.05 < rates["mid"] < rates["high"] - 0.03


def test_surveys_relate_to_level(small_db: Database) -> None:
    slope = small_db.scalar(
        """
        SELECT regr_slope(s.score, l.level) FROM survey_results s
        JOIN team_quarter_levels l ON l.team_id = s.team_id AND l.quarter = make_date(s.survey_year, 4, 1)
        WHERE s.index_name = 'engagement'
        """
    )
    assert 3 <= slope <= 9


def test_training_records_keep_their_primary_key(small_db_path: Path, tmp_path: Path) -> None:
    """The demo adds the key after loading: it must still be there and enforced."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(small_db_path, copy)
    with Database(copy) as db:
        keys = db.rows(
            "SELECT constraint_text FROM duckdb_constraints()"
            " WHERE table_name = 'training_records' AND constraint_type = 'PRIMARY KEY'"
        )
        assert keys == [("PRIMARY KEY(person_id, course_id, assigned_on)",)]
        person, course, assigned = db.rows(
            "SELECT person_id, course_id, assigned_on FROM training_records LIMIT 1"
        )[0]
        with pytest.raises(duckdb.ConstraintException):
            db.execute(
                "INSERT INTO training_records VALUES (?, ?, ?, ?, NULL, NULL)",
                [person, course, assigned, assigned],
            )


def test_staff_join_and_leave_over_the_decade() -> None:
    from lmp_metrics.demo.build import STAFF_STREAM, TEAMS_STREAM, _rng
    from lmp_metrics.demo.config import FIRST_DAY, LAST_DAY
    from lmp_metrics.demo.staff import build_staff
    from lmp_metrics.demo.teams import build_teams

    scale = SCALES["small"]
    teams = build_teams(scale, _rng(7, TEAMS_STREAM))
    staff = build_staff(scale, teams, _rng(7, STAFF_STREAM))
    joined = (staff.start_day >= FIRST_DAY).mean()
    left = (staff.end_day <= LAST_DAY).mean()
    # a quarter to a half joined during the decade; a third to two thirds left (or their team closed)
    assert 0.25 <= joined <= 0.5 and 0.33 <= left <= 0.67
    assert (staff.end_day > staff.start_day).all()
