"""Which marts an import rebuilds, read from the SQL itself; stale marts after a code change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import (
    BUILT,
    fingerprint,
    mart_files,
    mart_key,
    mart_tables,
    marts_to_rebuild,
    rebuild_marts,
    temporary_tables,
)
from lmp_metrics.core.marts.__main__ import refresh_marts
from lmp_metrics.core.store import file_signature, open_read_only

ALL_MART_TABLES = {table for path in mart_files() for table in mart_tables(path)}


def stems(paths: list[Path]) -> set[str]:
    return {path.stem for path in paths}


TRAINING = [
    "20_training_staging",
    "21_training_quarter",
    "22_training_rollup",
    "23_training_overdue",
    "24_training_overdue_rollup",
    "25_training_team_quarter",
]
TRAINING_MARTS = [
    "mart_training_quarter",
    "mart_training_rollup",
    "mart_training_overdue",
    "mart_training_overdue_rollup",
    "mart_training_team_quarter",
]


# The disclosure marks rest on people in training and surveys: those imports rebuild them too.
DISCLOSURE = {path.stem for path in mart_files() if "disclosure" in path.stem}


def test_each_file_builds_one_mart_with_its_grain_and_key_or_only_staging_tables() -> None:
    for path in mart_files():
        header = path.read_text().split("CREATE", 1)[0].lower()
        marts = mart_tables(path) - temporary_tables(path)
        if marts:  # a mart file may also use temporary tables of its own
            assert len(marts) == 1 and "one row" in header and mart_key(path), path.name
        else:  # a staging file: temporary tables for later marts
            assert temporary_tables(path) and mart_key(path) == (), path.name


def test_training_records_rebuild_only_the_training_marts() -> None:
    assert stems(marts_to_rebuild({"training_records"}, ALL_MART_TABLES)) - DISCLOSURE == set(TRAINING)


def test_a_stale_training_mart_brings_the_staging_tables_it_reads() -> None:
    stale = marts_to_rebuild((), ALL_MART_TABLES, stale={"23_training_overdue.sql"})
    assert [path.stem for path in stale] == [TRAINING[0], TRAINING[3], TRAINING[4]]


def test_projects_and_surveys_touch_only_their_own_marts() -> None:
    assert stems(marts_to_rebuild({"ubt_projects"}, ALL_MART_TABLES)) == {"31_projects"}
    assert stems(marts_to_rebuild({"survey_results"}, ALL_MART_TABLES)) - DISCLOSURE == {
        "30_survey_team_year"
    }


def test_teams_feed_every_mart_and_a_mart_of_a_mart_follows() -> None:
    settings_only = {"41_disclosure_rule"}  # reads no table: only the min_group_size setting
    assert stems(marts_to_rebuild({"teams"}, ALL_MART_TABLES)) == stems(mart_files()) - settings_only
    # team_quarter_scores → mart_team_dimension_context → mart_team_peer_rank (reads the former)
    chain = stems(marts_to_rebuild({"team_quarter_scores"}, ALL_MART_TABLES))
    assert {"30_team_dimension_context", "34_team_peer_rank"} <= chain


def test_nothing_changed_rebuilds_nothing_unless_a_mart_is_missing() -> None:
    assert marts_to_rebuild((), ALL_MART_TABLES) == []
    missing = ALL_MART_TABLES - {"mart_projects"}
    assert stems(marts_to_rebuild((), missing)) == {"31_projects"}


def test_a_partial_rebuild_gives_the_same_tables_as_a_full_one(small_db_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(small_db_path.read_bytes())
    with Database(copy) as db:
        db.execute(
            "UPDATE training_records SET completed_on = NULL WHERE person_id IN "
            "(SELECT person_id FROM training_records ORDER BY person_id LIMIT 50)"
        )
        rebuilt = rebuild_marts(db, {"training_records"})
        assert [m for m in rebuilt if "disclosure" not in m] == [stem.split("_", 1)[1] for stem in TRAINING]
        partial = [db.query(f"SELECT * FROM {mart} ORDER BY ALL") for mart in TRAINING_MARTS]
        rebuild_marts(db)
        full = [db.query(f"SELECT * FROM {mart} ORDER BY ALL") for mart in TRAINING_MARTS]
        staging_left = [
            table
            for table in temporary_tables(next(p for p in mart_files() if p.stem == TRAINING[0]))
            if db.table_exists(table)
        ]
    assert all(a.equals(b) for a, b in zip(partial, full, strict=True))
    assert staging_left == []  # the build drops its staging tables


def test_a_changed_mart_file_is_rebuilt_with_the_marts_that_read_it() -> None:
    stale = stems(marts_to_rebuild((), ALL_MART_TABLES, stale={"33_team_department_type.sql"}))
    assert stale == {"33_team_department_type", "34_team_peer_rank"}  # 34 reads mart_team_department_type


def recorded(path: Path) -> dict[str, str]:
    with open_read_only(path) as db:
        return dict(db.rows(f"SELECT mart_file, sha256 FROM {BUILT}"))


def test_a_fresh_file_gets_every_mart_and_its_fingerprint(tmp_path: Path) -> None:
    path = tmp_path / "fresh.duckdb"
    assert refresh_marts(path) == []  # created with every mart, so nothing is stale
    assert recorded(path) == {p.name: fingerprint(p) for p in mart_files()}
    with open_read_only(path) as db:
        assert all(db.table_exists(table) for table in ALL_MART_TABLES if table.startswith("mart_"))


def test_an_outdated_fingerprint_is_rebuilt_through_a_swap_and_then_left_alone(
    small_db_path: Path, tmp_path: Path
) -> None:
    """As after a code upgrade: 10_team_quarter.sql changed since its (now emptied) mart was built."""
    path = tmp_path / "old.duckdb"
    path.write_bytes(small_db_path.read_bytes())
    with Database(path) as db:
        expected = db.scalar("SELECT count(*) FROM mart_team_quarter")
        db.execute("DELETE FROM mart_team_quarter")
        db.execute(f"UPDATE {BUILT} SET sha256 = 'older code' WHERE mart_file = '10_team_quarter.sql'")
    reader = open_read_only(path)
    before = file_signature(path)
    assert refresh_marts(path) == ["10_team_quarter.sql"]
    assert file_signature(path) != before  # swapped in, not written in place
    assert reader.scalar("SELECT count(*) FROM mart_team_quarter") == 0  # open snapshot unchanged
    reader.close()
    with open_read_only(path) as db:
        assert db.scalar("SELECT count(*) FROM mart_team_quarter") == expected > 0
    assert recorded(path)["10_team_quarter.sql"] == fingerprint(mart_files()[0])
    current = file_signature(path)
    done = subprocess.run(
        [sys.executable, "-m", "lmp_metrics.core.marts", "--db", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == f"{path}: marts are current"
    assert file_signature(path) == current  # nothing stale: no write at all


def test_a_database_without_fingerprints_rebuilds_every_mart_on_its_next_write(
    small_db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "before-fingerprints.duckdb"
    path.write_bytes(small_db_path.read_bytes())
    with Database(path) as db:
        db.execute(f"DROP TABLE {BUILT}")
        assert len(rebuild_marts(db, ())) == len(mart_files())  # e.g. the import_log row of a rejected file
        assert rebuild_marts(db, ()) == []
