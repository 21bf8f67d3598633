"""Valid files: upsert counts, repeat imports change nothing, dry runs change nothing, text is literal.

The reference database is the hand-made one of tests/import_support.py (teams T1, T2, …).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from lmp_metrics.core.store import open_read_only
from lmp_metrics.importer import KINDS, import_file
from lmp_metrics.importer.samples import sample_files
from tests.import_support import copy_of, csv_bytes, data_digest, file_sha, log_rows, seed_reference_db
from tests.test_import_validation import xlsx_bytes

TEAMS_HEADER = "team_id,team_name,department,facility,service_area,region,labor_partner,formed_on,closed_on\n"
PLACE = "Pharmacy,Fremont,Alameda,North"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_reference_db(tmp_path_factory.mktemp("template") / "ref.duckdb")


@pytest.fixture
def db_path(template: Path, tmp_path: Path) -> Path:
    return copy_of(template, tmp_path)


def rows(db_path: Path, sql: str) -> list[tuple]:
    with open_read_only(db_path) as db:
        return db.rows(sql)


def test_sample_files_import_cleanly_in_dependency_order_into_an_empty_database(tmp_path: Path) -> None:
    db_path = tmp_path / "fresh.duckdb"
    samples = sample_files()
    assert list(samples) == list(KINDS)  # one sample per kind, listed in dependency order
    for kind, path in samples.items():
        result = import_file(db_path, kind, path)
        assert (result.status, result.error_count) == ("loaded", 0), result.errors
        data_rows = sum(1 for _ in csv.reader(io.StringIO(path.read_text("utf-8")))) - 1
        assert result.rows_in == result.rows_inserted == data_rows
    loaded = data_digest(db_path)
    for kind, path in samples.items():
        assert import_file(db_path, kind, path).status == "unchanged"
    assert data_digest(db_path) == loaded
    statuses = [row[2] for row in log_rows(db_path)]
    assert statuses == ["loaded"] * len(KINDS) + ["unchanged"] * len(KINDS)
    # the marts were rebuilt from the imported rows
    assert rows(db_path, "SELECT count(*) FROM mart_team_quarter") == rows(
        db_path, "SELECT count(*) FROM team_quarter_levels"
    )


def test_upsert_counts_new_and_changed_rows_and_leaves_others_alone(db_path: Path) -> None:
    content = csv_bytes(
        TEAMS_HEADER
        + f"T1,Team One renamed,{PLACE},Coalition,2020-01-01,\n"
        + f"T2,Team Two,{PLACE},Both,2021-01-01,2024-12-31\n"
        + f"T3,Team Three,{PLACE},Alliance,2022-03-01,\n"
    )
    result = import_file(db_path, "teams", content, "teams.csv")
    assert (result.status, result.rows_in, result.rows_inserted, result.rows_updated) == ("loaded", 3, 1, 1)
    assert rows(db_path, "SELECT team_id, team_name FROM teams ORDER BY team_id") == [
        ("T1", "Team One renamed"),
        ("T2", "Team Two"),
        ("T3", "Team Three"),
    ]
    assert log_rows(db_path) == [("teams", "teams.csv", "loaded", 3, 1, 1, 0)]


def test_repeat_import_is_unchanged_by_hash_and_by_content(db_path: Path) -> None:
    header = "team_id,quarter,level,assessed_on\n"
    first = csv_bytes(header + "T1,2025-Q3,4,2025-09-10\nT2,2024-Q3,2,\n")
    assert import_file(db_path, "team_quarter_levels", first, "levels.csv").status == "loaded"
    after_first = data_digest(db_path)

    again = import_file(db_path, "team_quarter_levels", first, "levels.csv")
    assert (again.status, again.rows_in, again.rows_inserted, again.rows_updated) == ("unchanged", 2, 0, 0)
    # same rows, other order and other quarter spellings: a different hash, still nothing to change
    reordered = csv_bytes(header + "T2,2024-08-01,2,\nT1,Q3 2025,4,2025-09-10\n")
    same = import_file(db_path, "team_quarter_levels", reordered, "levels-v2.csv")
    assert (same.status, same.rows_inserted, same.rows_updated) == ("unchanged", 0, 0)
    assert data_digest(db_path) == after_first
    assert [row[2] for row in log_rows(db_path)] == ["loaded", "unchanged", "unchanged"]


def test_reimporting_an_older_file_after_a_newer_one_restores_its_values(db_path: Path) -> None:
    header = "team_id,quarter,level\n"
    old, new = csv_bytes(header + "T1,2025-Q3,3\n"), csv_bytes(header + "T1,2025-Q3,4\n")
    import_file(db_path, "team_quarter_levels", old, "old.csv")
    import_file(db_path, "team_quarter_levels", new, "new.csv")
    result = import_file(db_path, "team_quarter_levels", old, "old.csv")
    assert (result.status, result.rows_updated) == ("loaded", 1)
    assert rows(db_path, "SELECT level FROM team_quarter_levels WHERE quarter = '2025-07-01'") == [(3,)]


def test_dry_run_changes_nothing_not_even_the_log(db_path: Path) -> None:
    before = file_sha(db_path)
    good = csv_bytes(TEAMS_HEADER + f"T3,Team Three,{PLACE},Alliance,2022-03-01,\n")
    valid = import_file(db_path, "teams", good, "teams.csv", dry_run=True)
    assert (valid.status, valid.rows_inserted, valid.rows_updated, valid.dry_run) == ("valid", 1, 0, True)
    bad = csv_bytes(TEAMS_HEADER + f"T3,Team Three,{PLACE},Union,2022-03-01,\n")
    assert import_file(db_path, "teams", bad, "teams.csv", dry_run=True).status == "rejected"
    assert file_sha(db_path) == before


def test_optional_column_left_out_keeps_stored_values(db_path: Path) -> None:
    content = csv_bytes(
        "team_id,team_name,department,facility,service_area,region,labor_partner,formed_on\n"
        f"T2,Team Two renamed,{PLACE},Both,2021-01-01\n"
    )
    assert import_file(db_path, "teams", content, "teams.csv").rows_updated == 1
    assert rows(db_path, "SELECT team_name, closed_on FROM teams WHERE team_id = 'T2'") == [
        ("Team Two renamed", date(2024, 12, 31))
    ]


def test_row_the_database_refuses_rejects_the_whole_file(db_path: Path) -> None:
    """T2 closed 2024-12-31; moving formed_on past it (closed_on not in the file) breaks a CHECK."""
    before = data_digest(db_path)
    content = csv_bytes(
        "team_id,team_name,department,facility,service_area,region,labor_partner,formed_on\n"
        f"T1,Team One,{PLACE},Coalition,2020-01-01\nT2,Team Two,{PLACE},Both,2025-06-01\n"
    )
    result = import_file(db_path, "teams", content, "teams.csv")
    assert result.status == "rejected"
    assert "the database refused the rows" in result.errors.loc[0, "reason"]
    assert data_digest(db_path) == before


def test_text_is_stored_literally(db_path: Path) -> None:
    name = "x'); DROP TABLE teams;--"
    content = csv_bytes(
        TEAMS_HEADER
        + f'T3,"{name}",{PLACE},Both,2022-01-01,\n'
        + f'"T4; --","Robert"" Tables",{PLACE},Both,2022-01-01,\n'
    )
    result = import_file(db_path, "teams", content, "x'); DROP TABLE import_log;--.csv")
    assert result.status == "loaded"
    assert rows(
        db_path, "SELECT team_id, team_name FROM teams WHERE team_id IN ('T3', 'T4; --') ORDER BY 1"
    ) == [
        ("T3", name),
        ("T4; --", 'Robert" Tables'),
    ]
    assert rows(db_path, "SELECT count(*) FROM teams") == [(4,)]
    assert log_rows(db_path)[-1][1] == "x'); DROP TABLE import_log;--.csv"


def test_utf8_bom_semicolons_spaces_and_header_case_are_accepted(db_path: Path) -> None:
    content = "\ufeffTeam_ID ; Quarter;LEVEL\r\nT1 ; 2025Q3 ; 4\r\nT2;2024-Q3;2\r\n".encode()
    result = import_file(db_path, "team_quarter_levels", content, "levels.csv")
    assert (result.status, result.rows_inserted) == ("loaded", 2), result.errors
    assert rows(
        db_path, "SELECT team_id, quarter, level FROM team_quarter_levels WHERE level <> 3 ORDER BY 1"
    ) == [
        ("T1", date(2025, 7, 1), 4),
        ("T2", date(2024, 7, 1), 2),
    ]


def test_every_quarter_spelling_of_the_contract_lands_on_the_first_day(db_path: Path) -> None:
    content = csv_bytes(
        "team_id,quarter,dimension_id,score\n"
        "T1,2025-Q3,sponsorship,3\nT1,2025Q3,use_of_tools,3.5\n"
        "T2,Q3 2025,sponsorship,2\nT2,2025-09-30,use_of_tools,4.25\n"
    )
    assert import_file(db_path, "team_quarter_scores", content, "scores.csv").status == "loaded"
    assert rows(db_path, "SELECT DISTINCT quarter FROM team_quarter_scores") == [(date(2025, 7, 1),)]


def test_xlsx_with_blank_rows_and_typed_cells_loads(db_path: Path) -> None:
    content = xlsx_bytes(
        {
            1: ["team_id", "quarter", "level", "assessed_on"],
            2: ["T1", "2025-Q3", 4, date(2025, 9, 15)],
            3: [None, None, None, None],
            6: ["T2", date(2024, 8, 1), 2.0, None],
            40: [" ", None, None, None],
        }
    )
    result = import_file(db_path, "team_quarter_levels", content, "levels.xlsx")
    assert (result.status, result.rows_in, result.rows_inserted) == ("loaded", 2, 2), result.errors
    assert rows(
        db_path, "SELECT team_id, quarter, level, assessed_on FROM team_quarter_levels WHERE level <> 3"
    ) == [
        ("T1", date(2025, 7, 1), 4, date(2025, 9, 15)),
        ("T2", date(2024, 7, 1), 2, None),
    ]


def test_project_may_be_adapted_from_a_project_in_the_same_file(db_path: Path) -> None:
    content = csv_bytes(
        "project_id,team_id,title,topic,started_on,adapted_from_project_id,higher_is_better\n"
        "PR3,T2,Falls 3,Safety,2025-02-01,PR2,no\nPR2,T1,Falls 2,Safety,2025-01-01,PR1,yes\n"
    )
    result = import_file(db_path, "ubt_projects", content, "projects.csv")
    assert (result.status, result.rows_inserted) == ("loaded", 2), result.errors
    assert rows(
        db_path, "SELECT project_id, adapted_from_project_id, higher_is_better FROM ubt_projects ORDER BY 1"
    ) == [
        ("PR1", None, None),
        ("PR2", "PR1", True),
        ("PR3", "PR2", False),
    ]


def test_kind_file_and_extension_problems_are_usage_errors(db_path: Path, tmp_path: Path) -> None:
    from lmp_metrics.errors import UsageError

    with pytest.raises(UsageError, match="unknown kind"):
        import_file(db_path, "import_log", b"a\n1\n", "log.csv")
    with pytest.raises(UsageError, match="file not found"):
        import_file(db_path, "teams", tmp_path / "missing.csv")
    with pytest.raises(UsageError, match="unknown file type"):
        import_file(db_path, "teams", b"team_id\n", "teams.xls")
    assert log_rows(db_path) == []
