"""The SQL corner's sandbox: what it refuses, its limits, and small-group withholding.

Fixture by hand: team A has 12 staff (P01–P12), team B has 3 (P13–P15). Every person has one
assignment of course C1; in team A persons P01–P09 completed it, in team B only P13.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lmp_metrics.access.grants import seed_demo_grants
from lmp_metrics.commands import main
from lmp_metrics.core.database import Database
from lmp_metrics.core.migrations import migrate
from lmp_metrics.metrics.sql_sandbox import SqlRefused, reachable_tables, run_query
from tests.dbfixtures import insert_rows

TEAM = {
    "department": "Dept",
    "facility": "Fac",
    "service_area": "SA",
    "region": "Colorado",
    "labor_partner": "Alliance",
    "formed_on": date(2020, 1, 1),
}


@pytest.fixture(scope="module")
def sandbox_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sandbox") / "sandbox.duckdb"
    with Database(path) as db:
        migrate(db)
        insert_rows(
            db,
            "teams",
            [
                {"team_id": "A", "team_name": "Team A", **TEAM},
                {"team_id": "B", "team_name": "Team B", **TEAM},
            ],
        )
        people = [(f"P{i:02d}", "A" if i <= 12 else "B") for i in range(1, 16)]
        insert_rows(
            db,
            "staff",
            [
                {"person_id": p, "team_id": t, "role": "employee", "labor_group": "Alliance"}
                for p, t in people
            ],
        )
        insert_rows(
            db,
            "courses",
            [
                {
                    "course_id": "C1",
                    "course_title": "LMP 101",
                    "audience": "all",
                    "required": True,
                    "due_within_days": 30,
                }
            ],
        )
        assigned = date(2025, 1, 10)
        insert_rows(
            db,
            "training_records",
            [
                {
                    "person_id": p,
                    "course_id": "C1",
                    "assigned_on": assigned,
                    "due_on": assigned + timedelta(days=30),
                    "completed_on": assigned + timedelta(days=5) if p <= "P09" or p == "P13" else None,
                }
                for p, _ in people
            ],
        )
        db.execute("CREATE TABLE schema_secrets AS SELECT 'hidden' AS x")
        db.execute("CHECKPOINT")
    return path


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("COPY teams TO '/tmp/leak.csv'", "not COPY"),
        ("COPY (SELECT * FROM staff) TO '/tmp/leak.csv'", "not COPY"),
        ("ATTACH '/tmp/other.duckdb' AS other", "not ATTACH"),
        ("INSTALL httpfs", "Only SELECT"),
        ("LOAD httpfs", "Only SELECT"),
        ("PRAGMA database_list", "not PRAGMA"),
        ("SET threads = 1", "not SET"),
        ("CALL pragma_version()", "not CALL"),
        ("EXPORT DATABASE '/tmp/dump'", "not EXPORT"),
        ("CREATE TABLE x AS SELECT 1", "not CREATE"),
        ("INSERT INTO teams SELECT * FROM teams", "not INSERT"),
        ("UPDATE teams SET team_name = 'x'", "not UPDATE"),
        ("DELETE FROM teams", "not DELETE"),
        ("DROP TABLE teams", "not DROP"),
        ("ALTER TABLE teams ADD COLUMN x INT", "not ALTER"),
        ("SELECT 1; DROP TABLE teams", "Only one statement"),
        ("SELECT 1 /* harmless */; DROP TABLE teams; -- trailing", "Only one statement"),
        ("SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
        ("SELECT * FROM read_csv_auto('/etc/passwd')", "read_csv_auto"),
        ("SELECT * FROM '/etc/passwd'", "/etc/passwd"),
        ("SELECT * FROM glob('/etc/*')", "glob"),
        ("SELECT * FROM read_text('/etc/hostname')", "read_text"),
        ("SELECT * FROM query_table('staff')", "query_table"),
        ("SELECT * FROM query('SELECT * FROM staff')", "query"),
        ("SELECT getenv('HOME')", "getenv"),
        ("SELECT * FROM duckdb_settings()", "duckdb_settings"),
        ("SELECT * FROM information_schema.tables", "Only the contract tables"),
        ("SELECT * FROM schema_secrets", "unavailable table"),
        ("SELECT * FROM schema_migrations", "unavailable table"),
        ("SHOW TABLES", "SHOW"),
        ("DESCRIBE teams", "DESCRIBE"),
        ("EXPLAIN SELECT 1", "not EXPLAIN"),
        ("SELEC 1", "syntax error"),
    ],
)
def test_refuses_everything_but_one_select(sandbox_db: Path, sql: str, reason: str) -> None:
    with pytest.raises(SqlRefused, match=re.escape(reason)) as refused:
        run_query(sandbox_db, sql)
    assert "\n" not in str(refused.value)
    assert not Path("/tmp/leak.csv").exists()


def test_database_is_unchanged_after_refused_writes(sandbox_db: Path) -> None:
    for sql in ("DROP TABLE teams", "SELECT 1; DROP TABLE teams", "DELETE FROM teams"):
        with pytest.raises(SqlRefused):
            run_query(sandbox_db, sql)
    assert run_query(sandbox_db, "SELECT count(*) AS n FROM teams").frame["n"].tolist() == [2]


def test_plain_select_with_cte_and_comments_runs(sandbox_db: Path) -> None:
    sql = """
        -- teams per region
        WITH t AS (SELECT * FROM teams) /* a comment with ; inside */
        SELECT region, count(*) AS teams FROM t GROUP BY region
    """
    result = run_query(sandbox_db, sql)
    assert result.frame.to_dict("records") == [{"region": "Colorado", "teams": 2}]
    assert not result.person_level and not result.truncated and result.withheld_rows == 0


def test_unknown_column_is_one_plain_line(sandbox_db: Path) -> None:
    with pytest.raises(SqlRefused) as refused:
        run_query(sandbox_db, "SELECT nope FROM teams")
    message = str(refused.value)
    assert "nope" in message and "\n" not in message and "Traceback" not in message


def test_long_query_is_stopped_after_the_timeout(sandbox_db: Path) -> None:
    sql = "SELECT sum(a.range * b.range) AS s FROM range(200000) a, range(200000) b"
    with pytest.raises(SqlRefused, match=r"longer than 0\.5 s"):
        run_query(sandbox_db, sql, timeout=0.5)


def test_row_cap_keeps_the_first_rows_and_says_so(sandbox_db: Path) -> None:
    result = run_query(sandbox_db, "SELECT range AS n FROM range(100) ORDER BY n", row_cap=7)
    assert result.frame["n"].tolist() == [0, 1, 2, 3, 4, 5, 6]
    assert result.truncated
    assert any("first 7 rows" in note for note in result.notes())


def test_person_level_rows_must_be_aggregated_with_a_people_count(sandbox_db: Path) -> None:
    for sql in (
        "SELECT * FROM staff",
        "SELECT team_id, count(*) AS people FROM staff GROUP BY team_id",  # not distinct persons
        "SELECT team_id, 99 AS people FROM staff GROUP BY team_id",
        "SELECT * FROM teams WHERE team_id IN (SELECT team_id FROM staff WHERE person_id = 'P13')",
        "WITH staff AS (SELECT * FROM staff) SELECT * FROM staff",  # a CTE named like the table
        'SELECT * FROM "Staff"',
        "SELECT team_id, count(DISTINCT person_id) AS people FROM staff GROUP BY 1 "
        "UNION ALL SELECT person_id, 99 FROM staff",
    ):
        with pytest.raises(SqlRefused, match="must aggregate"):
            run_query(sandbox_db, sql)


def test_aggregates_returning_single_people_are_refused(sandbox_db: Path) -> None:
    sql = "SELECT team_id, count(DISTINCT person_id) AS people, list(person_id) AS ids FROM staff GROUP BY 1"
    with pytest.raises(SqlRefused, match="list"):
        run_query(sandbox_db, sql)


def test_groups_under_eleven_people_are_withheld(sandbox_db: Path) -> None:
    # Team A: 12 people, 9 completed → shown. Team B: 3 people → withheld.
    sql = """
        SELECT s.team_id, count(DISTINCT s.person_id) AS people,
               avg(CASE WHEN r.completed_on IS NOT NULL THEN 1 ELSE 0 END) AS completion
        FROM training_records r JOIN staff s USING (person_id)
        GROUP BY s.team_id ORDER BY s.team_id
    """
    result = run_query(sandbox_db, sql)
    assert result.person_level
    assert result.frame.to_dict("records") == [{"team_id": "A", "people": 12, "completion": 0.75}]
    assert result.withheld_rows == 1
    assert any("fewer than 11 people" in note for note in result.notes())


def test_grouping_by_person_withholds_every_row(sandbox_db: Path) -> None:
    sql = (
        "SELECT person_id, count(DISTINCT person_id) AS people FROM training_records "
        "WHERE completed_on IS NULL GROUP BY person_id"
    )
    result = run_query(sandbox_db, sql)
    assert result.frame.empty and result.withheld_rows == 5


def test_reachable_tables_lists_contract_tables_and_flags_people(sandbox_db: Path) -> None:
    tables = reachable_tables(sandbox_db).set_index("table")
    assert {"teams", "staff", "training_records", "survey_results"} <= set(tables.index)
    assert "schema_secrets" not in tables.index and "schema_migrations" not in tables.index
    assert tables.loc["staff", "person_level"] and not tables.loc["teams", "person_level"]
    assert tables.loc["teams", "columns"].startswith("team_id, team_name")


def test_app_connection_keeps_file_access(sandbox_db: Path, tmp_path: Path) -> None:
    """The sandbox's settings must not leak into other connections of the same process."""
    outside = tmp_path / "x.csv"
    outside.write_text("a\n1\n")
    with Database(sandbox_db, read_only=True) as app_db:
        run_query(sandbox_db, "SELECT 1 AS one")
        assert app_db.scalar("SELECT a FROM read_csv(?)", [str(outside)]) == 1


def test_cli_exit_codes(sandbox_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "--db", str(sandbox_db), "--query", "SELECT team_id FROM teams ORDER BY 1"]) == 0
    assert capsys.readouterr().out.split() == ["team_id", "A", "B"]
    assert main(["sql", "--db", str(sandbox_db), "--query", "SELECT 1 AS x", "--format", "json"]) == 0
    assert capsys.readouterr().out.strip() == '[{"x":1}]'
    assert main(["sql", "--db", str(sandbox_db), "--query", "COPY teams TO '/tmp/leak.csv'"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("refused: ") and err.count("\n") == 1
    slow = "SELECT sum(a.range * b.range) FROM range(200000) a, range(200000) b"
    assert main(["sql", "--db", str(sandbox_db), "--query", slow, "--timeout", "0.3"]) == 1
    assert "longer than 0.3 s" in capsys.readouterr().err


# -- the SQL corner page ---------------------------------------------------------------------------
ROOT = Path(__file__).resolve().parent.parent


def run_in_page(sandbox_db: Path, monkeypatch: pytest.MonkeyPatch, sql: str) -> AppTest:
    monkeypatch.setenv("LMP_DB", str(sandbox_db))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    app.switch_page("pages/sql_corner.py").run()
    app.text_area(key="sql_text").input(sql)
    next(b for b in app.button if b.label == "Run").click().run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_page_shows_refusals_as_one_plain_line(sandbox_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_in_page(sandbox_db, monkeypatch, "SELECT 1; DROP TABLE teams")
    # one line, as a code span (the refusal may quote the typed SQL: never rendered as Markdown)
    [shown] = [e.value for e in app.error]
    assert shown.startswith("`") and shown.endswith("`")
    assert shown.strip("` ") == "Only one statement at a time: remove everything after the first ';'."
    assert not app.get("exception")


def test_page_shows_rows_and_withheld_note(sandbox_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sql = "SELECT team_id, count(DISTINCT person_id) AS people FROM staff GROUP BY team_id ORDER BY 1"
    app = run_in_page(sandbox_db, monkeypatch, sql)
    assert app.dataframe[0].value.to_dict("records") == [{"team_id": "A", "people": 12}]
    assert any("1 row(s) withheld" in w.value for w in app.warning)


def test_page_run_directly_still_checks_the_role(
    sandbox_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened by URL without app.py's navigation (e.g. Streamlit's pages/ discovery), a viewer is refused."""
    path = tmp_path / "grants.duckdb"
    shutil.copyfile(sandbox_db, path)
    with Database(path) as db:
        seed_demo_grants(db)
    monkeypatch.setenv("LMP_DB", str(path))
    app = AppTest.from_file(str(ROOT / "pages" / "sql_corner.py"), default_timeout=60)
    app.query_params["as"] = "viewer@demo.lmp"
    app.run()
    assert [e.value for e in app.error] == ["The SQL corner page is outside your access."]
    assert not app.text_area
