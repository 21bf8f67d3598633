"""Named views: a page's URL state saved under a name in the database, listed and reopened.

A view is stored as the page's URL query string, so a saved view and a copied link are the same
thing. Writes go through ``store.replace_after_write`` (the app reads the file read-only),
without a mart rebuild: no mart reads ``saved_views``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pandas as pd

from lmp_metrics.core.database import Database
from lmp_metrics.core.store import replace_after_write

MAX_NAME_LENGTH = 80
# URL parameters that describe the viewer, not the view: never saved.
PERSONAL_PARAMS = frozenset({"as"})

QueryParams = Mapping[str, str | Sequence[str]]


def encode_query(params: QueryParams) -> str:
    """A stable query string: keys sorted, repeated keys for lists, personal params left out."""
    pairs = []
    for key in sorted(params):
        if key in PERSONAL_PARAMS:
            continue
        values = params[key]
        pairs.extend((key, value) for value in ([values] if isinstance(values, str) else values))
    return urlencode(pairs)


def decode_query(query: str) -> dict[str, list[str]]:
    """The inverse of ``encode_query``: key → list of values."""
    return {key: values for key, values in parse_qs(query, keep_blank_values=True).items()}


def clean_name(name: str) -> str:
    """A view name trimmed and checked; raise ``ValueError`` with a reason otherwise."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("Give the view a name.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValueError(f"Keep the name under {MAX_NAME_LENGTH} characters.")
    return cleaned


def save_view(path: str | Path, page: str, name: str, params: QueryParams, saved_by: str | None) -> str:
    """Save (or overwrite) the view ``name`` of ``page``; returns the cleaned name."""
    cleaned = clean_name(name)
    with replace_after_write(path, changed=()) as db:
        db.execute(
            "INSERT OR REPLACE INTO saved_views (page, name, query, saved_by, saved_at) "
            "VALUES (?, ?, ?, ?, current_timestamp)",
            [page, cleaned, encode_query(params), saved_by],
        )
    return cleaned


def delete_view(path: str | Path, page: str, name: str) -> None:
    """Remove a saved view (nothing happens if it does not exist)."""
    with replace_after_write(path, changed=()) as db:
        db.execute("DELETE FROM saved_views WHERE page = ? AND name = ?", [page, name])


def list_views(db: Database, page: str) -> pd.DataFrame:
    """Saved views of ``page``, newest first: name, query, saved_by, saved_at."""
    return db.query(
        "SELECT name, query, saved_by, saved_at FROM saved_views WHERE page = ? ORDER BY saved_at DESC, name",
        [page],
    )


def load_view(db: Database, page: str, name: str) -> dict[str, list[str]] | None:
    """The URL parameters of a saved view, or None when there is no such view."""
    query = db.scalar("SELECT query FROM saved_views WHERE page = ? AND name = ?", [page, name])
    return None if query is None else decode_query(query)
