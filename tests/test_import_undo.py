"""``python -m lmp_metrics undo``: the database from just before an import comes back; undo is undoable.

The reference database (tests/import_support.py) holds level 3 for T1 in 2025 Q2 and nothing in
2025 Q3; the files below change exactly that, so each state is known by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lmp_metrics.commands import main
from lmp_metrics.core.store import open_read_only, replace_after_write, snapshot_disk_use, snapshots
from lmp_metrics.importer import import_file
from lmp_metrics.importer.undo import undo_import
from tests.import_support import csv_bytes, data_digest, seed_reference_db

FIRST = csv_bytes("team_id,quarter,level\nT1,2025-Q3,4\n")  # one new row
SECOND = csv_bytes("team_id,quarter,level\nT1,2025-Q2,5\nT2,2024-Q3,2\n")  # one update, one new


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return seed_reference_db(tmp_path / "ref.duckdb")


def levels(path: Path) -> list[tuple]:
    with open_read_only(path) as db:
        return db.rows("SELECT team_id, quarter, level FROM team_quarter_levels ORDER BY ALL")


def log(path: Path) -> list[tuple]:
    with open_read_only(path) as db:
        return db.rows("SELECT import_id, source_name, status, undoes FROM import_log ORDER BY import_id")


def two_imports(path: Path) -> None:
    assert import_file(path, "team_quarter_levels", FIRST, "first.csv").status == "loaded"
    assert import_file(path, "team_quarter_levels", SECOND, "second.csv").status == "loaded"


def test_undo_puts_back_the_database_from_before_the_latest_import(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two_imports(db_path)
    assert main(["undo", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "undid #2 team_quarter_levels (second.csv)" in out
    assert "snapshot(s) kept for undo" in out
    # as after FIRST: the seed's Q2 level 3 and the new Q3 level 4; SECOND's rows gone
    assert levels(db_path) == [("T1", date(2025, 4, 1), 3), ("T1", date(2025, 7, 1), 4)]
    assert log(db_path) == [
        (1, "first.csv", "loaded", None),
        (2, "second.csv", "undone", None),
        (3, "undo of import #2", "undo", 2),
    ]


def test_an_undo_can_be_undone_and_then_undone_again(db_path: Path) -> None:
    two_imports(db_path)
    after_both = data_digest(db_path)
    assert undo_import(db_path).ok
    after_first = data_digest(db_path)
    redo = undo_import(db_path)  # the latest change is now the undo itself
    assert redo.ok and redo.undo_id == 4
    assert data_digest(db_path) == after_both
    assert log(db_path)[1:] == [
        (2, "second.csv", "loaded", None),
        (3, "undo of import #2", "undone", 2),
        (4, "undo of import #3", "undo", 3),
    ]
    assert undo_import(db_path).ok  # undoes #4: #3 is in force again
    assert data_digest(db_path) == after_first
    assert [row[2] for row in log(db_path)] == ["loaded", "undone", "undo", "undone", "undo"]


def test_an_earlier_import_is_refused_while_a_later_one_stands(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two_imports(db_path)
    before = data_digest(db_path)
    assert main(["undo", "--db", str(db_path), "--import", "1"]) == 1
    assert "#2 team_quarter_levels (second.csv) came after it; undo that first" in capsys.readouterr().out
    assert data_digest(db_path) == before


@pytest.mark.parametrize(
    ("import_id", "reason"),
    [
        (7, "there is no import #7"),
        (1, "import #1 was rejected: it changed nothing"),
    ],
)
def test_unknown_or_rejected_imports_are_refused(
    db_path: Path, capsys: pytest.CaptureFixture[str], import_id: int, reason: str
) -> None:
    assert import_file(
        db_path, "team_quarter_levels", b"team_id,quarter,level\nT9,2025-Q3,4\n", "x.csv"
    ).status == ("rejected")
    assert main(["undo", "--db", str(db_path), "--import", str(import_id)]) == 1
    assert reason in capsys.readouterr().out


def test_nothing_to_undo_and_usage_errors(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["undo", "--db", str(db_path)]) == 1
    assert "cannot undo: nothing to undo" in capsys.readouterr().out
    assert main(["undo", "--db", str(db_path), "--import", "latest"]) == 2


def test_only_the_newest_snapshots_are_kept(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMP_UNDO_SNAPSHOTS", "1")
    two_imports(db_path)
    assert len(snapshots(db_path)) == 1
    count, size = snapshot_disk_use(db_path)
    assert count == 1 and size == snapshots(db_path)[0].stat().st_size > 0
    assert undo_import(db_path).ok  # #2's snapshot is the one kept
    monkeypatch.setenv("LMP_UNDO_SNAPSHOTS", "0")
    assert import_file(db_path, "team_quarter_levels", SECOND, "again.csv").status == "loaded"
    refused = undo_import(db_path)
    assert not refused.ok
    assert "no longer kept (the newest 0 are: setting undo_snapshots)" in refused.message


def test_what_is_not_imported_data_survives_an_undo(db_path: Path) -> None:
    two_imports(db_path)
    with replace_after_write(db_path, changed=()) as db:  # a grant given after the import
        db.execute("INSERT INTO access_grants VALUES ('ana@example.org', 'leader', 'region:North')")
    assert undo_import(db_path).ok
    with open_read_only(db_path) as db:
        assert db.rows("SELECT identity, role, scope FROM access_grants") == [
            ("ana@example.org", "leader", "region:North")
        ]
