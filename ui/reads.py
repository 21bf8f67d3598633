"""What pages read: ``lmp_metrics`` calls, cached, through the signed-in caller's grant.

``cached(fn, *args)`` is ``fn(db, *args)`` passed through ``lmp_metrics.access.read_path.guard`` for the
caller's reach: pages, sections, pickers and downloads all read here, so names outside a grant are
taken out in one place, before any widget, chart or file is built from them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from lmp_metrics.access.read_path import reach
from ui.auth import require_access
from ui.data import cached_for, guarded

T = TypeVar("T")


def cached(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(db, *args, **kwargs)`` as the signed-in caller may see it, cached per reach and data version."""
    return cached_for(reach(require_access()), fn, *args, **kwargs)


def shown(value: T) -> T:
    """``value`` (names from the URL, say) without what the signed-in caller may not see."""
    return guarded(reach(require_access()), value)
