"""Cached access to the database from Streamlit.

One read-only connection per process and file version, shared by every session (queries run on
their own cursors). When an import swaps in a new file, its signature changes and the next rerun
opens the new file; cached results are keyed on that version too.

Pages read through ``ui.reads`` (``cached``, ``derived``, ``query``), which apply the caller's grant
(``lmp_metrics.access.read_path``) and key every cached result on the caller's *reach*. The ``*_for``
functions here take the reach explicitly; ``None`` (no guard) is for resolving who the caller is
(``ui.auth``) and for results that name no one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

from lmp_metrics.access.read_path import Reach, guard, hidden_names
from lmp_metrics.core.database import Database, default_db_path
from lmp_metrics.core.store import file_signature, open_read_only

T = TypeVar("T")
# Every cache is bounded in entries and age, so a server's memory levels off however many distinct
# views people open (make load's soak measures it). An hour keeps a meeting's views; data versions
# are in the keys, so age never serves stale figures, it only frees memory.
CACHE_TTL_S = 3600


@st.cache_resource(max_entries=2, show_spinner=False)  # one connection per file version
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


@st.cache_resource(max_entries=64, ttl=CACHE_TTL_S, show_spinner=False)
def _hidden(version: tuple[int, int, int], seen: Reach) -> frozenset[str]:
    return hidden_names(_connection(db_path(), version), seen)


def guarded(seen: Reach, value: T) -> T:
    """A value that did not come from a cached read (e.g. URL values carried into a link), guarded
    for ``seen`` like every read."""
    return guard(value, seen, _hidden(data_version(), seen))


@st.cache_data(max_entries=2000, ttl=CACHE_TTL_S, show_spinner=False)
def _cached_call(key: str, version: tuple, args: tuple, kwargs: tuple, _fn: Callable) -> Any:
    return _fn(_connection(db_path(), version), *args, **dict(kwargs))


@st.cache_data(max_entries=2000, ttl=CACHE_TTL_S, show_spinner=False)
def _guarded_call(key: str, version: tuple, seen: Reach, args: tuple, kwargs: tuple, _fn: Callable) -> Any:
    return guard(_cached_call(key, version, args, kwargs, _fn), seen, _hidden(version, seen))


def _unguarded(seen: Reach | None) -> bool:
    return seen is None or seen.kind == "all"  # nothing is hidden (see read_path.hidden_names)


def cached_for(seen: Reach | None, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(db, *args, **kwargs)`` guarded for ``seen`` (None: unguarded), cached on the function,
    its arguments, the reach and the data version. The query itself is cached apart from the
    reach, so readers with different reaches but the same arguments run it once."""
    key = f"{fn.__module__}.{fn.__qualname__}"
    options = tuple(sorted(kwargs.items()))
    if _unguarded(seen):
        return _cached_call(key, data_version(), args, options, fn)
    return _guarded_call(key, data_version(), seen, args, options, fn)


@st.cache_data(max_entries=500, ttl=CACHE_TTL_S, show_spinner=False)
def _derived_call(key: str, version: tuple, seen: Reach | None, args: tuple, _fn: Callable) -> Any:
    return _fn(*args)


def derived_for(seen: Reach | None, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` for a result computed from other cached results (no database of its own),
    cached on the function, its arguments, the reach (``fn`` reads as the caller) and the version."""
    seen = None if _unguarded(seen) else seen
    return _derived_call(f"{fn.__module__}.{fn.__qualname__}", data_version(), seen, args, fn)


@dataclass(frozen=True)
class Query:
    """``cached_for(seen, fn, *args)`` to be made only when needed: inside a figure that is not
    cached yet (``ui.layout.cached_figure``), which is keyed on this call — reach included, so a
    figure drawn for one reach is never served to another — instead of on the frame it returns."""

    fn: Callable[..., Any]
    args: tuple
    seen: Reach | None = None

    def key(self) -> tuple:
        seen = None if _unguarded(self.seen) else self.seen
        return ("query", f"{self.fn.__module__}.{self.fn.__qualname__}", seen, self.args)

    def result(self) -> Any:
        return cached_for(self.seen, self.fn, *self.args)


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
