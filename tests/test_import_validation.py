"""Every kind of bad input is rejected with the right row, column and reason, and changes no data.

The reference database is hand-made (tests/import_support.py): teams T1, T2; dimensions
sponsorship, use_of_tools; course C1; people P1, P2; project PR1; T1 at level 3 in 2025 Q2.
Row numbers are as a person sees them in the file: header = row 1.
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import openpyxl
import pytest

from lmp_metrics.importer import import_file
from tests.import_support import copy_of, csv_bytes, data_digest, log_rows, seed_reference_db

LEVELS = "team_id,quarter,level,assessed_on\n"
TEAMS = "team_id,team_name,department,facility,service_area,region,labor_partner,formed_on,closed_on\n"
TEAM_ROW = "Pharmacy,Fremont,Alameda,North"

# (id, kind, file content, expected [(row, column, reason fragment)] in report order)
CASES = [
    (
        "no header row",
        "teams",
        f"T3,Team Three,{TEAM_ROW},Both,2020-01-01,\n",
        [(1, "", "no header row")],
    ),
    (
        "unknown column",
        "team_quarter_levels",
        "team_id,quarter,level,assesed_on\nT1,2025-Q3,3,2025-09-01\n",
        [(1, "assesed_on", "unknown column; did you mean assessed_on?")],
    ),
    (
        "missing required column",
        "team_quarter_levels",
        "team_id,quarter\nT1,2025-Q3\n",
        [(1, "level", "required column is missing")],
    ),
    (
        "column twice",
        "team_quarter_levels",
        "team_id,quarter,level,level\nT1,2025-Q3,3,3\n",
        [(1, "level", "column appears twice")],
    ),
    (
        "values under an empty header cell",
        "team_quarter_levels",
        "team_id,quarter,level,\nT1,2025-Q3,3,oops\n",
        [(1, "column D", "column has values but no name")],
    ),
    (
        "bad whole number",
        "team_quarter_levels",
        LEVELS + "T1,2025-Q3,three,\nT1,2025-Q4,3.5,\n",
        [(2, "level", "not a whole number"), (3, "level", "not a whole number")],
    ),
    (
        "bad number",
        "team_quarter_scores",
        "team_id,quarter,dimension_id,score\nT1,2025-Q3,sponsorship,high\nT1,2025-Q3,use_of_tools,3.5\n",
        [(2, "score", "not a number")],
    ),
    (
        "bad true/false",
        "courses",
        "course_id,course_title,audience,required,due_within_days\nC2,Basics 2,all,maybe,30\n",
        [(2, "required", "not a true/false")],
    ),
    (
        "bad dates",
        "teams",
        TEAMS + f"T3,Team Three,{TEAM_ROW},Both,2020-13-01,\nT4,Team Four,{TEAM_ROW},Both,15/01/2020,\n",
        [(2, "formed_on", "not a date"), (3, "formed_on", "not a date")],
    ),
    (
        "bad quarter",
        "team_quarter_levels",
        LEVELS + "T1,2025-Q5,3,\nT1,Q3-2025,3,\nT2,2025-Q3,3,\n",
        [(2, "quarter", "is not a quarter"), (3, "quarter", "is not a quarter")],
    ),
    (
        "out of range",
        "team_quarter_levels",
        LEVELS + "T1,2025-Q3,6,\nT2,2024-Q3,0,\n",
        [(2, "level", "must be between 1 and 5"), (3, "level", "must be between 1 and 5")],
    ),
    (
        "out of range (score, lower bound only)",
        "courses",
        "course_id,course_title,audience,required,due_within_days\nC2,Basics 2,all,yes,0\n",
        [(2, "due_within_days", "must be at least 1")],
    ),
    (
        "not an accepted value",
        "teams",
        TEAMS + f"T3,Team Three,{TEAM_ROW},Union,2020-01-01,\n",
        [(2, "labor_partner", "must be one of: Coalition, Alliance, Both")],
    ),
    (
        "required value missing",
        "teams",
        TEAMS + f"T3,  ,{TEAM_ROW},Both,2020-01-01,\n",
        [(2, "team_name", "required value is missing")],
    ),
    (
        "closed before formed",
        "teams",
        TEAMS + f"T3,Team Three,{TEAM_ROW},Both,2020-01-01,2019-12-31\n",
        [(2, "closed_on", "closed_on is before formed_on")],
    ),
    (
        "duplicate key in the file (same quarter written two ways)",
        "team_quarter_levels",
        LEVELS + "T1,2025-Q3,3,\nT2,2025-Q3,2,\nT1,2025-08-15,4,\n",
        [(4, "team_id, quarter", "duplicate key: same team_id, quarter as row 2")],
    ),
    (
        "unknown team",
        "team_quarter_levels",
        LEVELS + "T1,2025-Q3,3,\nT9,2025-Q3,3,\n",
        [(3, "team_id", "unknown team_id: not in teams")],
    ),
    (
        "unknown person and course",
        "training_records",
        "person_id,course_id,assigned_on,due_on\nP9,C9,2025-01-01,2025-03-01\n",
        [(2, "person_id", "not in staff"), (2, "course_id", "not in courses")],
    ),
    (
        "unknown dimension",
        "team_quarter_scores",
        "team_id,quarter,dimension_id,score\nT1,2025-Q3,charisma,3\n",
        [(2, "dimension_id", "unknown dimension_id: not in dimensions")],
    ),
    (
        "adapted from a project neither stored nor in the file",
        "ubt_projects",
        "project_id,team_id,title,topic,started_on,adapted_from_project_id\n"
        "PR2,T1,Falls 2,Safety,2025-01-01,PR1\nPR3,T2,Falls 3,Safety,2025-01-01,PR2\n"
        "PR4,T2,Falls 4,Safety,2025-01-01,PR9\n",
        [(4, "adapted_from_project_id", "not in ubt_projects or in this file")],
    ),
    (
        "row longer than the header",
        "team_quarter_levels",
        LEVELS + "T1,2025-Q3,3,,extra\n",
        [(2, "", "row has 5 values but the header has 4")],
    ),
    (
        "markup in a name shown in the app's sentences",
        "teams",
        TEAMS
        + f"T3,[Sign in](http://evil.example),{TEAM_ROW},Both,2020-01-01,\n"
        + "T4,<b>Team</b>,Pharmacy,Fremont,www.evil.example,North,Both,2020-01-01,\n"
        + "T5,Team `Five`,Pharmacy,Fremont,Alameda,North,Both,2020-01-01,\n"
        + f"T6,St. Mary's (East) – Days,{TEAM_ROW},Both,2020-01-01,\n",
        [
            (2, "team_name", "plain text"),
            (3, "team_name", "plain text"),
            (3, "service_area", "plain text"),
            (4, "team_name", "plain text"),
        ],
    ),
    (
        "row numbers count blank lines",
        "team_quarter_levels",
        LEVELS + "\nT1,2025-Q3,3,\n ,,,\nT2,2025-Q3,9,\n",
        [(5, "level", "must be between 1 and 5")],
    ),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_reference_db(tmp_path_factory.mktemp("template") / "ref.duckdb")


@pytest.fixture
def db_path(template: Path, tmp_path: Path) -> Path:
    return copy_of(template, tmp_path)


@pytest.mark.parametrize(("kind", "text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_file_is_rejected_with_row_column_reason_and_changes_no_data(
    db_path: Path, kind: str, text: str, expected: list[tuple[int, str, str]]
) -> None:
    before = data_digest(db_path)
    result = import_file(db_path, kind, csv_bytes(text), "bad.csv")
    assert result.status == "rejected"
    found = list(result.errors[["row", "column", "reason"]].itertuples(index=False, name=None))
    assert [(row, column) for row, column, _ in found] == [(row, column) for row, column, _ in expected]
    for (_, _, reason), (_, _, fragment) in zip(found, expected, strict=True):
        assert fragment in reason
    assert result.error_count == len(expected)
    assert set(result.errors["file"]) == {"bad.csv"}
    assert data_digest(db_path) == before
    assert log_rows(db_path) == [(kind, "bad.csv", "rejected", result.rows_in, 0, 0, len(expected))]


def test_error_value_column_holds_the_text_as_written(db_path: Path) -> None:
    result = import_file(db_path, "team_quarter_levels", csv_bytes(LEVELS + "T1, 2025-Q5 ,3,\n"), "q.csv")
    assert result.errors.loc[0, "value"] == "2025-Q5"
    assert "'2025-Q5' is not a quarter" in result.errors.loc[0, "reason"]


@pytest.mark.parametrize(
    ("content", "row", "reason"),
    [
        (b"", None, "the file is empty"),
        (b"\n \n\r\n", None, "the file is empty"),
        (b"\xef\xbb\xbf", None, "the file is empty"),
        (LEVELS.encode(), 1, "the file has a header but no data rows"),
        (LEVELS.encode() + b"\n,,,\n", 1, "the file has a header but no data rows"),
        (
            (LEVELS + "T1,2025-Q3,3,Évry\n").encode() + "T2,2025-Q3,2,Épinal\n".encode("cp1252"),
            3,
            "not UTF-8, and not clearly Windows-1252 either (byte 0xC9 cannot be read)",
        ),
        (codecs.BOM_UTF16_LE + "T1,2".encode("utf-16-le") + b"\x00", 1, "cut off or damaged"),
    ],
    ids=[
        "zero bytes",
        "blank lines",
        "only a BOM",
        "header only",
        "header and blank rows",
        "UTF-8 and Windows-1252 mixed",
        "UTF-16 cut off",
    ],
)
def test_unreadable_or_empty_file_is_rejected(
    db_path: Path, content: bytes, row: int | None, reason: str
) -> None:
    before = data_digest(db_path)
    result = import_file(db_path, "team_quarter_levels", content, "levels.csv")
    assert result.status == "rejected"
    assert result.error_count == 1
    found = result.errors.iloc[0]
    assert (None if found["row"] is None or str(found["row"]) == "<NA>" else int(found["row"])) == row
    assert reason in found["reason"]
    assert data_digest(db_path) == before


def test_sample_bad_files_list_every_problem(db_path: Path) -> None:
    teams = import_file(db_path, "teams", Path("data/samples/bad/teams_bad_rows.csv"))
    assert list(teams.errors["row"]) == [3, 4, 5, 6, 7]
    assert list(teams.errors["column"]) == ["labor_partner", "formed_on", "team_name", "closed_on", "team_id"]
    levels = import_file(
        db_path, "team_quarter_levels", Path("data/samples/bad/team_quarter_levels_bad_rows.csv")
    )
    assert levels.status == "rejected"
    assert {(r, c) for r, c in levels.errors[["row", "column"]].itertuples(index=False, name=None)} >= {
        (3, "team_id"),
        (4, "quarter"),
        (5, "level"),
        (6, "level"),
    }


def xlsx_bytes(rows: dict[int, list[object]]) -> bytes:
    """A workbook whose first sheet has ``rows`` at the given (1-based) row numbers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for number, values in rows.items():
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_errors_use_the_sheet_row_numbers_despite_blank_rows(db_path: Path) -> None:
    content = xlsx_bytes(
        {
            1: ["team_id", "quarter", "level"],
            2: ["T1", "2025-Q3", 3],
            5: ["T2", "2025-Q3", 8],
            6: [None, None, None],
            9: ["   ", None, None],
        }
    )
    before = data_digest(db_path)
    result = import_file(db_path, "team_quarter_levels", content, "levels.xlsx")
    assert result.status == "rejected"
    assert list(result.errors[["row", "column"]].itertuples(index=False, name=None)) == [(5, "level")]
    assert result.rows_in == 2
    assert data_digest(db_path) == before


def test_damaged_xlsx_is_rejected(db_path: Path) -> None:
    result = import_file(db_path, "teams", b"PK\x03\x04 not really a workbook", "teams.xlsx")
    assert result.status == "rejected"
    assert "not a readable .xlsx workbook" in result.errors.loc[0, "reason"]


def test_many_errors_are_counted_but_the_report_is_capped(db_path: Path) -> None:
    rows = "".join(f"T1,2025-Q3,{9 + i % 3},\n" for i in range(12_000))
    result = import_file(db_path, "team_quarter_levels", (LEVELS + rows).encode(), "many.csv", dry_run=True)
    assert result.status == "rejected"
    assert (
        result.error_count == 12_000 + 11_999
    )  # every level out of range, every row after the first a duplicate
    assert len(result.errors) == 10_000
    assert result.errors["row"].is_monotonic_increasing
