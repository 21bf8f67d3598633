"""Which marts an import rebuilds, read from the SQL itself."""

from __future__ import annotations

from pathlib import Path

from lmp_metrics.database import Database
from lmp_metrics.marts import mart_files, mart_tables, marts_to_rebuild, rebuild_marts

ALL_MART_TABLES = {table for path in mart_files() for table in mart_tables(path)}


def stems(paths: list[Path]) -> set[str]:
    return {path.stem for path in paths}


def test_training_records_rebuild_only_the_training_marts() -> None:
    assert stems(marts_to_rebuild({"training_records"}, ALL_MART_TABLES)) == {"20_training_quarter"}


def test_projects_and_surveys_touch_only_their_own_marts() -> None:
    assert stems(marts_to_rebuild({"ubt_projects"}, ALL_MART_TABLES)) == {"31_projects"}
    assert stems(marts_to_rebuild({"survey_results"}, ALL_MART_TABLES)) == {"30_survey_team_year"}


def test_teams_feed_every_mart_and_a_mart_of_a_mart_follows() -> None:
    assert stems(marts_to_rebuild({"teams"}, ALL_MART_TABLES)) == stems(mart_files())
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
        assert rebuild_marts(db, {"training_records"}) == ["training_quarter"]
        partial = db.query("SELECT * FROM mart_training_quarter ORDER BY ALL")
        rebuild_marts(db)
        full = db.query("SELECT * FROM mart_training_quarter ORDER BY ALL")
    assert partial.equals(full)
