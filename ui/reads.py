"""What pages read: ``lmp_metrics`` calls, cached, through the signed-in caller's grant.

``cached(fn, *args)`` is ``fn(db, *args)`` passed through ``lmp_metrics.access.read_path.guard`` for
the caller's reach; ``query`` is the same call handed to ``ui.layout.cached_figure`` (keyed on the
reach too); ``derived`` caches a result computed from such reads. Pages, sections, pickers and
downloads all read here, so names outside a grant are taken out in one place, before any widget,
chart or file is built from them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from lmp_metrics.access.read_path import Reach, reach
from ui.auth import require_access
from ui.data import Query, cached_for, derived_for, guarded

T = TypeVar("T")


def _reach() -> Reach:
    return reach(require_access())


def cached(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(db, *args, **kwargs)`` as the signed-in caller may see it, cached per reach and data version."""
    return cached_for(_reach(), fn, *args, **kwargs)


def reader() -> Callable[..., Any]:
    """``cached`` bound to the signed-in caller's reach now, for work done after the run (a
    download built when its button is clicked)."""
    seen = _reach()
    return lambda fn, *args, **kwargs: cached_for(seen, fn, *args, **kwargs)


def derived(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` computed from reads made as the caller, cached per reach and data version."""
    return derived_for(_reach(), fn, *args)


def query(fn: Callable[..., Any], *args: Any) -> Query:
    """The call ``cached(fn, *args)``, to hand to ``ui.layout.cached_figure`` in place of its result."""
    return Query(fn, args, _reach())


def shown(value: T) -> T:
    """``value`` (names from the URL, say) without what the signed-in caller may not see."""
    return guarded(_reach(), value)
