"""Cached access to the database from Streamlit.

One read-only connection per process and file version, shared by every session (queries run on
their own cursors). When an import swaps in a new file, its signature changes and the next rerun
opens the new file; results cached with ``cached`` are keyed on that version too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from lmp_metrics.database import Database, default_db_path
from lmp_metrics.store import file_signature, open_read_only

T = TypeVar("T")


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(path: str, signature: tuple[int, int, int]) -> Database:
    return open_read_only(path)


def db_path() -> str:
    return str(default_db_path())


def data_version() -> tuple[int, int, int]:
    """Signature of the database file now on disk (creating an empty database if missing)."""
    path = db_path()
    try:
        return file_signature(path)
    except FileNotFoundError:
        open_read_only(path).close()
        return file_signature(path)


def get_db() -> Database:
    """The shared read-only Database for the current file version."""
    return _connection(db_path(), data_version())


@st.cache_data(max_entries=2000, show_spinner=False)
def _cached_call(key: str, version: tuple, args: tuple, kwargs: tuple, _fn: Callable) -> Any:
    return _fn(_connection(db_path(), version), *args, **dict(kwargs))


def cached(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(db, *args, **kwargs)``, cached on the function, its arguments and the data version."""
    key = f"{fn.__module__}.{fn.__qualname__}"
    return _cached_call(key, data_version(), args, tuple(sorted(kwargs.items())), fn)
