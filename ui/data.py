"""Cached access to the database from Streamlit.

One read-only connection per process and file version, shared by every session (queries run on
their own cursors). When an import swaps in a new file, its signature changes and the next rerun
opens the new file; results cached with ``cached`` are keyed on that version too.
"""

from __future__ import annotations

import dataclasses
import sys
import weakref
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import streamlit as st

from lmp_metrics.core.database import Database, default_db_path
from lmp_metrics.core.store import file_signature, open_read_only

if TYPE_CHECKING:
    import pandas as pd

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
    """``fn(db, *args, **kwargs)``, cached on the function, its arguments and the data version.

    A DataFrame it returns remembers that call (see ``origin``), so a figure drawn from it can be
    cached on the call instead of on the frame's contents.
    """
    key = f"{fn.__module__}.{fn.__qualname__}"
    version = data_version()
    options = tuple(sorted(kwargs.items()))
    result = _cached_call(key, version, args, options, fn)
    if is_frame(result) and _plain((args, options)):
        _remember(result, f"{key}{(version, args, options)!r}")
    return result


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


# id(frame) → (weak reference to it, the call that returned it, its shape when returned)
_ORIGINS: dict[int, tuple[weakref.ref, str, tuple]] = {}
_PLAIN_TYPES = (str, int, float, bool, type(None), date)


def _plain(value: object) -> bool:
    """Whether ``repr(value)`` spells out all of it (so it can stand in for the value in a key)."""
    if isinstance(value, _PLAIN_TYPES):
        return True
    if isinstance(value, tuple | list | frozenset):
        return all(_plain(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return all(_plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False


def _shape(frame: pd.DataFrame) -> tuple:
    return frame.shape, tuple(frame.columns), tuple(map(str, frame.dtypes))


def _remember(frame: pd.DataFrame, call: str) -> None:
    ident = id(frame)
    _ORIGINS[ident] = (weakref.ref(frame, lambda _: _ORIGINS.pop(ident, None)), call, _shape(frame))


def origin(frame: pd.DataFrame) -> str | None:
    """The ``cached`` call that returned this very frame (data version included), or None for
    any other frame (a derived frame is a new object) or one whose columns were changed since."""
    entry = _ORIGINS.get(id(frame))
    if entry is None or entry[0]() is not frame or entry[2] != _shape(frame):
        return None
    return entry[1]
