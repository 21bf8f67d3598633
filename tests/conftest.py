"""Shared fixtures: empty migrated databases, a row inserter, and one `small` demo database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config as streamlit_config
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import app_test as app_test_module

from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import rebuild_marts
from lmp_metrics.core.migrations import migrate

ROOT = Path(__file__).resolve().parent.parent
# Readers get redacted errors (.streamlit/config.toml); tests want the full message and stack
# (the environment variable reaches the browser tests' server, set_option the in-process AppTests).
os.environ["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] = "full"
streamlit_config.set_option("client.showErrorDetails", "full")


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated database file with no rows."""
    db = Database(tmp_path / "empty.duckdb")
    migrate(db)
    yield db
    db.close()


@pytest.fixture
def build_marts():
    """Call with a Database after inserting fixture rows to rebuild the derived marts."""
    return rebuild_marts


@pytest.fixture(scope="session")
def small_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a `small` demo database built once per test session (seed 7)."""
    from lmp_metrics.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "small.duckdb"
    build_demo(path, scale="small", seed=7)
    return path


@pytest.fixture
def small_db(small_db_path: Path) -> Iterator[Database]:
    """Read-only connection to the session's `small` demo database."""
    db = Database(small_db_path, read_only=True)
    yield db
    db.close()


@pytest.fixture(scope="session")
def small_figures_path(small_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the `small` demo whose disclosure marks are built for min_group_size 1 (every
    figure shown), for tests that check arithmetic against direct SQL, small groups included."""
    import shutil

    path = tmp_path_factory.mktemp("figures") / "small.duckdb"
    shutil.copy(small_db_path, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LMP_MIN_GROUP_SIZE", "1")
        with Database(path) as db:
            rebuild_marts(db, changed=())
    return path


@pytest.fixture
def small_figures_db(small_figures_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """Read-only connection to ``small_figures_path``, read under the setting its marks were built for."""
    monkeypatch.setenv("LMP_MIN_GROUP_SIZE", "1")
    db = Database(small_figures_path, read_only=True)
    yield db
    db.close()


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list[MemoryMediaFileStorage]:
    """Keeps AppTest's in-memory media stores, so the bytes a download button offers can be read back."""
    stores: list[MemoryMediaFileStorage] = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    return stores
