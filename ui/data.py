"""Cached access to the database from Streamlit.

One read-only connection per process and file version, shared by every session (queries run on
their own cursors). When an import swaps in a new file, its signature changes and the next rerun
opens the new file; results cached with ``cached`` are keyed on that version too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

from lmp_metrics.core.database import Database, default_db_path
from lmp_metrics.core.store import file_signature, open_read_only

T = TypeVar("T")
# Every cache is bounded in entries and age, so a server's memory levels off however many distinct
# views people open (make load's soak shows it). An hour keeps a meeting's views; data versions
# are in the keys, so age never serves stale figures, it only frees memory.
CACHE_TTL_S = 3600


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


@st.cache_data(max_entries=1000, ttl=CACHE_TTL_S, show_spinner=False)
def _cached_call(key: str, version: tuple, args: tuple, kwargs: tuple, _fn: Callable) -> Any:
    return _fn(_connection(db_path(), version), *args, **dict(kwargs))


def cached(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(db, *args, **kwargs)``, cached on the function, its arguments and the data version."""
    key = f"{fn.__module__}.{fn.__qualname__}"
    return _cached_call(key, data_version(), args, tuple(sorted(kwargs.items())), fn)


@st.cache_data(max_entries=500, ttl=CACHE_TTL_S, show_spinner=False)
def _derived_call(key: str, version: tuple, args: tuple, _fn: Callable) -> Any:
    return _fn(*args)


def derived(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` for a result computed from other cached results (no database of its own),
    cached on the function, its arguments and the data version."""
    return _derived_call(f"{fn.__module__}.{fn.__qualname__}", data_version(), args, fn)


@dataclass(frozen=True)
class Query:
    """``cached(fn, *args)`` to be made only when needed: inside a figure that is not cached yet
    (``ui.layout.cached_figure``), which is keyed on this call instead of on the frame it returns."""

    fn: Callable[..., Any]
    args: tuple

    def key(self) -> tuple:
        return ("query", f"{self.fn.__module__}.{self.fn.__qualname__}", self.args)

    def result(self) -> Any:
        return cached(self.fn, *self.args)


def query(fn: Callable[..., Any], *args: Any) -> Query:
    """The call ``cached(fn, *args)``, to hand to ``ui.layout.cached_figure`` in place of its result."""
    return Query(fn, args)


def is_frame(value: object) -> bool:
    """Whether ``value`` is a pandas DataFrame, without loading pandas for pages that use none.

    No DataFrame can exist before pandas is loaded. Once it is in ``sys.modules`` it may still be
    half-imported by another session's thread: the import statement (unlike a look in
    ``sys.modules``) waits for that import to finish.
    """
    if "pandas" not in sys.modules:
        return False
    import pandas

    return isinstance(value, pandas.DataFrame)
