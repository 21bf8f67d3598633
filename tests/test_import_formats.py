"""Files as tools write them (data/samples/formats/): each imports into the sample data, or is refused.

Expected values are read off the sample files by eye (the bytes are written in the comments).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lmp_metrics.core.store import open_read_only
from lmp_metrics.importer import import_file
from lmp_metrics.importer.samples import SAMPLES_DIR, sample_files
from tests.import_support import copy_of, data_digest

FORMATS = SAMPLES_DIR / "formats"


@pytest.fixture(scope="module")
def samples_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample files imported in dependency order (UBT-001…012, P00001…48, courses incl. IBPS)."""
    path = tmp_path_factory.mktemp("samples") / "samples.duckdb"
    for kind, sample in sample_files().items():
        assert import_file(path, kind, sample).status == "loaded", kind
    return path


@pytest.fixture
def db_path(samples_template: Path, tmp_path: Path) -> Path:
    return copy_of(samples_template, tmp_path)


def _one(path: Path, sql: str, params: list[object]) -> tuple:
    with open_read_only(path) as db:
        return db.rows(sql, params)[0]


def _logged_encoding(path: Path) -> str | None:
    with open_read_only(path) as db:
        return db.scalar("SELECT encoding FROM import_log ORDER BY import_id DESC LIMIT 1")


def test_utf8_with_bom_from_excel_csv_utf8(db_path: Path) -> None:
    result = import_file(db_path, "teams", FORMATS / "teams_utf8_bom.csv")
    assert (result.status, result.rows_inserted, result.encoding) == ("loaded", 1, "UTF-8 with BOM")
    assert "read as UTF-8 with BOM" in result.summary()
    assert _one(db_path, "SELECT team_name FROM teams WHERE team_id = ?", ["UBT-101"]) == (
        "Café Nutrition Services",
    )
    assert _logged_encoding(db_path) == "UTF-8 with BOM"


def test_utf8_without_bom(db_path: Path) -> None:
    result = import_file(db_path, "teams", FORMATS / "teams_utf8.csv")
    assert (result.status, result.encoding) == ("loaded", "UTF-8")
    assert _one(db_path, "SELECT team_name FROM teams WHERE team_id = ?", ["UBT-102"]) == (
        "Niños Clinic – Pediatrics",
    )


def test_windows_1252_from_excel_plain_csv(db_path: Path) -> None:
    # é = 0xE9, en dash = 0x96, curly quotes = 0x93/0x94: the last three exist only in Windows-1252
    raw = (FORMATS / "teams_windows1252.csv").read_bytes()
    assert b"P\xe9diatrie \x96 \x93Nord\x94" in raw
    result = import_file(db_path, "teams", FORMATS / "teams_windows1252.csv")
    assert (result.status, result.encoding) == ("loaded", "Windows-1252")
    assert _one(db_path, "SELECT team_name, labor_partner FROM teams WHERE team_id = ?", ["UBT-103"]) == (
        "Pédiatrie – “Nord” Clinic",
        "Both",
    )
    assert _logged_encoding(db_path) == "Windows-1252"


def test_utf16_tab_separated_from_excel_unicode_text(db_path: Path) -> None:
    assert (FORMATS / "staff_unicode_text.txt").read_bytes()[:2] == b"\xff\xfe"  # UTF-16 LE BOM
    result = import_file(db_path, "staff", FORMATS / "staff_unicode_text.txt")
    assert (result.status, result.rows_inserted, result.encoding) == ("loaded", 3, "UTF-16")
    with open_read_only(db_path) as db:
        rows = db.rows(
            "SELECT person_id, team_id, role, union_local, labor_group FROM staff"
            " WHERE person_id IN ('P00101', 'P00102', 'P00103') ORDER BY person_id"
        )
    assert rows == [
        ("P00101", "UBT-001", "employee", "SEIU-UHW", "Coalition"),
        ("P00102", "UBT-002", "employee", "UNAC/UHCP", "Alliance"),
        ("P00103", "UBT-002", "manager", None, "Non-represented"),
    ]


def test_semicolon_separated_from_a_european_locale(db_path: Path) -> None:
    result = import_file(db_path, "team_quarter_levels", FORMATS / "team_quarter_levels_semicolons.csv")
    assert (result.status, result.rows_inserted) == ("loaded", 2)
    assert _one(
        db_path,
        "SELECT level, assessed_on FROM team_quarter_levels WHERE team_id = ? AND quarter = ?",
        ["UBT-002", date(2025, 7, 1)],
    ) == (3, date(2025, 9, 15))


def test_excel_date_serials(db_path: Path) -> None:
    # Excel counts days from 1899-12-30: 45870 = 2025-08-01, 45900 = 2025-08-31, 45960 = 2025-10-30
    result = import_file(db_path, "training_records", FORMATS / "training_records_excel_dates.csv")
    assert (result.status, result.rows_inserted) == ("loaded", 2)
    with open_read_only(db_path) as db:
        rows = db.rows(
            "SELECT person_id, due_on, completed_on FROM training_records"
            " WHERE course_id = 'IBPS' AND assigned_on = ? ORDER BY person_id",
            [date(2025, 8, 1)],
        )
    assert rows == [("P00002", date(2025, 10, 30), date(2025, 8, 31)), ("P00003", date(2025, 10, 30), None)]


def test_a_number_that_is_not_a_five_digit_serial_is_not_a_date(db_path: Path) -> None:
    content = b"person_id,course_id,assigned_on,due_on\nP00002,IBPS,4587,45960\n"
    result = import_file(db_path, "training_records", content, "short.csv")
    assert result.status == "rejected"
    assert list(result.errors[["row", "column", "value"]].itertuples(index=False, name=None)) == [
        (2, "assigned_on", "4587")
    ]


def test_trailing_empty_columns_and_rows(db_path: Path) -> None:
    result = import_file(db_path, "team_quarter_scores", FORMATS / "team_quarter_scores_trailing_columns.csv")
    assert (result.status, result.rows_in, result.rows_inserted) == ("loaded", 2, 2)
    assert _one(
        db_path,
        "SELECT score FROM team_quarter_scores WHERE team_id = ? AND quarter = ? AND dimension_id = ?",
        ["UBT-002", date(2025, 7, 1), "use_of_tools"],
    ) == (3.0,)


def test_mixed_encodings_are_refused_naming_row_and_column(db_path: Path) -> None:
    before = data_digest(db_path)
    result = import_file(db_path, "teams", SAMPLES_DIR / "bad" / "teams_mixed_encodings.csv")
    assert result.status == "rejected"
    # row 2 is UTF-8 (Café = C3 A9); row 3 has Niños in Windows-1252 (ñ = 0xF1) in team_name
    error = result.errors.iloc[0]
    assert (int(error["row"]), error["column"]) == (3, "team_name")
    assert "byte 0xF1" in error["reason"]
    assert data_digest(db_path) == before
