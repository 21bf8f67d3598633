"""``python -m lmp_metrics import``: exit 0 loaded/unchanged/valid, 1 rejected (with the error table), 2 usage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lmp_metrics.commands import main
from tests.import_support import csv_bytes, file_sha, log_rows, seed_reference_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return seed_reference_db(tmp_path / "ref.duckdb")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(csv_bytes(text))
    return path


def test_valid_file_exits_0_then_unchanged_exits_0(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    levels = write(tmp_path, "levels.csv", "team_id,quarter,level\nT1,2025-Q3,4\n")
    assert main(["import", "team_quarter_levels", str(levels), "--db", str(db_path)]) == 0
    assert "loaded 1 rows (1 new, 0 updated)" in capsys.readouterr().out
    assert main(["import", "team_quarter_levels", str(levels), "--db", str(db_path)]) == 0
    assert "unchanged" in capsys.readouterr().out


def test_rejected_file_exits_1_and_prints_file_row_column_value_reason(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    levels = write(tmp_path, "levels.csv", "team_id,quarter,level\nT1,2025-Q3,4\nT9,2025-Q3,7\n")
    assert main(["import", "team_quarter_levels", str(levels), "--db", str(db_path)]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "rejected with 2 error(s); nothing was changed" in lines[0]
    assert lines[1].split() == ["file", "row", "column", "value", "reason"]
    assert lines[2].split()[:4] == ["levels.csv", "3", "team_id", "T9"]
    assert "unknown team_id" in lines[2]
    assert lines[3].split()[:4] == ["levels.csv", "3", "level", "7"]
    assert "must be between 1 and 5" in lines[3]


def test_long_error_lists_are_cut_with_a_count(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "".join(f"T{i},2025-Q3,3\n" for i in range(10, 80))
    levels = write(tmp_path, "levels.csv", "team_id,quarter,level\n" + rows)
    assert main(["import", "team_quarter_levels", str(levels), "--db", str(db_path)]) == 1
    assert "… and 20 more error(s)" in capsys.readouterr().out


def test_dry_run_exits_0_and_changes_no_byte(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = file_sha(db_path)
    levels = write(tmp_path, "levels.csv", "team_id,quarter,level\nT1,2025-Q3,4\n")
    assert main(["import", "team_quarter_levels", str(levels), "--db", str(db_path), "--dry-run"]) == 0
    assert "(dry run)" in capsys.readouterr().out
    bad = write(tmp_path, "bad.csv", "team_id,quarter,level\nT1,2025-Q3,9\n")
    assert main(["import", "team_quarter_levels", str(bad), "--db", str(db_path), "--dry-run"]) == 1
    assert file_sha(db_path) == before


@pytest.mark.parametrize(
    ("kind", "file_name", "message"),
    [
        ("teams", "missing.csv", "file not found"),
        ("teams", "teams.xls", "unknown file type"),
        ("import_log", "teams.csv", "invalid choice"),
    ],
)
def test_usage_errors_exit_2_and_log_nothing(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, file_name: str, message: str
) -> None:
    if file_name != "missing.csv":
        write(tmp_path, file_name, "team_id\nT1\n")
    assert main(["import", kind, str(tmp_path / file_name), "--db", str(db_path)]) == 2
    assert message in capsys.readouterr().err
    assert log_rows(db_path) == []


def test_real_process_exit_codes(db_path: Path) -> None:
    """The same through ``python -m lmp_metrics`` (what cron jobs and the README use)."""

    def run(*args: str) -> int:
        command = [sys.executable, "-m", "lmp_metrics", "import", *args, "--db", str(db_path)]
        return subprocess.run(command, cwd=ROOT, capture_output=True, timeout=120).returncode

    assert run("teams", "data/samples/teams.csv") == 0
    assert run("teams", "data/samples/bad/teams_bad_rows.csv") == 1
    assert run("teams", "data/samples/nope.csv") == 2
