"""The database copy an import starts in the background: used when current, never when stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmp_metrics.core.store import open_read_only, prepared_copy, replace_after_write
from lmp_metrics.importer import import_file, service
from tests.import_support import copy_of, csv_bytes, seed_reference_db

COURSE = "INSERT INTO courses VALUES (?, 'A course', 'all', true, 30)"
TRAINING = (
    "person_id,course_id,assigned_on,due_on\nP1,C1,2025-01-06,2025-03-01\nP2,C1,2025-01-06,2025-03-01\n"
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_reference_db(tmp_path_factory.mktemp("template") / "ref.duckdb")


@pytest.fixture
def db_path(template: Path, tmp_path: Path) -> Path:
    return copy_of(template, tmp_path)


def course_ids(path: Path) -> list[str]:
    with open_read_only(path) as db:
        return [row[0] for row in db.rows("SELECT course_id FROM courses ORDER BY 1")]


def test_a_prepared_copy_of_the_current_file_is_written_and_swapped_in(db_path: Path) -> None:
    with prepared_copy(db_path) as copy:
        with replace_after_write(db_path, changed=(), prepared=copy) as db:
            db.execute(COURSE, ["C2"])
        assert copy.used
    assert course_ids(db_path) == ["C1", "C2"]
    assert not list(db_path.parent.glob(f".{db_path.name}.*"))


def test_a_prepared_copy_is_not_used_once_another_write_replaced_the_file(db_path: Path) -> None:
    with prepared_copy(db_path) as copy:
        with replace_after_write(db_path, changed=()) as db:  # another writer comes first
            db.execute(COURSE, ["C2"])
        with replace_after_write(db_path, changed=(), prepared=copy) as db:
            db.execute(COURSE, ["C3"])
        assert not copy.used
    assert course_ids(db_path) == ["C1", "C2", "C3"]  # nothing of the other write is lost
    assert not list(db_path.parent.glob(f".{db_path.name}.*"))


def test_a_rejected_file_logs_its_attempt_on_the_prepared_copy(db_path: Path) -> None:
    result = import_file(db_path, "training_records", csv_bytes(TRAINING.replace("P2", "P9")), "training.csv")
    assert result.status == "rejected"
    with open_read_only(db_path) as db:
        assert db.rows("SELECT status FROM import_log") == [("rejected",)]
    assert not list(db_path.parent.glob(f".{db_path.name}.*"))


def test_a_valid_import_checks_references_once_when_its_copy_is_current(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = service.check_references
    monkeypatch.setattr(service, "check_references", lambda *args: calls.append(1) or real(*args))
    result = import_file(db_path, "training_records", csv_bytes(TRAINING), "training.csv")
    assert (result.status, result.rows_inserted, len(calls)) == ("loaded", 2, 1)


def test_references_are_checked_again_when_the_file_changed_after_validation(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """P2 leaves the staff table while the import is between its validation and its write."""
    real = service._validate

    def validate_then_remove_p2(*args: object) -> object:
        valid = real(*args)
        with replace_after_write(db_path, changed=()) as db:
            db.execute("DELETE FROM staff WHERE person_id = 'P2'")
        return valid

    monkeypatch.setattr(service, "_validate", validate_then_remove_p2)
    result = import_file(db_path, "training_records", csv_bytes(TRAINING), "training.csv")
    assert result.status == "rejected"
    assert result.errors[["row", "column", "reason"]].values.tolist() == [
        [3, "person_id", "unknown person_id: not in staff"]
    ]
    with open_read_only(db_path) as db:
        assert db.scalar("SELECT count(*) FROM training_records") == 0
        assert db.rows("SELECT status FROM import_log") == [("rejected",)]
