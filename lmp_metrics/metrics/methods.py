"""Index methods as data: proposals for the Partnership Effectiveness Index, saved, listed and reopened.

A method is one way to fill in the index's one definition (``metrics.effectiveness.compose_index``):
its components' weights, the rule for a missing or suppressed component, and the fewest assessed
teams a group needs to get an index at all. Methods live in ``index_methods`` (migration 005);
writes go through ``store.replace_after_write`` without a mart rebuild (no mart reads them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from lmp_metrics.core.database import Database
from lmp_metrics.core.store import replace_after_write
from lmp_metrics.importer.schema import PLAIN_PATTERN, PLAIN_RULE
from lmp_metrics.metrics.effectiveness import MIN_COVERAGE, compose_index, normalise_weights
from lmp_metrics.vocabulary.index_components import KEYS

SIDES = ("management", "labor", "joint")
MAX_NAME_LENGTH = 80
MAX_MIN_TEAMS = 100


@dataclass(frozen=True)
class MissingRule:
    """What happens when a weighted component has no figure (missing, or suppressed for privacy)."""

    label: str
    words: str
    min_coverage: float


MISSING_RULES: dict[str, MissingRule] = {
    "rescale": MissingRule(
        "Rescale over what is there",
        f"A missing or suppressed component is left out and the other weights are scaled up to 100%; "
        f"no index when what is left carries less than {MIN_COVERAGE:.0%} of the weight.",
        MIN_COVERAGE,
    ),
    "require_all": MissingRule(
        "Every weighted component needed",
        "A group with any weighted component missing or suppressed gets no index.",
        1.0,
    ),
}


@dataclass(frozen=True)
class Method:
    """One proposed index: weights as (component, weight) pairs in component order (as entered)."""

    method_id: str
    name: str
    side: str
    weights: tuple[tuple[str, float], ...]
    missing_rule: str
    min_teams: int
    notes: str = ""
    created_by: str | None = None
    created_at: datetime | None = None

    @property
    def normalised(self) -> dict[str, float]:
        """Every component's weight, scaled to sum to 1."""
        return normalise_weights(dict(self.weights))

    @property
    def min_coverage(self) -> float:
        return MISSING_RULES[self.missing_rule].min_coverage


def method_id_for(name: str) -> str:
    """The URL form of a name: lower-case letters and digits joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


def new_method(
    name: str,
    side: str,
    weights: Mapping[str, float],
    missing_rule: str = "rescale",
    min_teams: int = 1,
    notes: str = "",
    created_by: str | None = None,
) -> Method:
    """A checked Method; ``ValueError`` with the reason for a bad name, side, weight, rule or count."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("Give the method a name.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValueError(f"Keep the name under {MAX_NAME_LENGTH} characters.")
    for field, text in (("name", cleaned), ("notes", notes)):
        if re.search(PLAIN_PATTERN, text):
            raise ValueError(f"The {field} must be {PLAIN_RULE}.")
    method_id = method_id_for(cleaned)
    if not method_id:
        raise ValueError("The name needs at least one letter or digit.")
    if side not in SIDES:
        raise ValueError(f"The author side must be one of {', '.join(SIDES)}.")
    if missing_rule not in MISSING_RULES:
        raise ValueError(f"The missing-data rule must be one of {', '.join(MISSING_RULES)}.")
    if not 1 <= int(min_teams) <= MAX_MIN_TEAMS:
        raise ValueError(f"The minimum team count must be between 1 and {MAX_MIN_TEAMS}.")
    normalise_weights(weights)  # raises for unknown components, negative or all-zero weights
    pairs = tuple((key, float(weights.get(key, 0.0))) for key in KEYS)
    return Method(method_id, cleaned, side, pairs, missing_rule, int(min_teams), notes.strip(), created_by)


def insert_methods(db: Database, methods: list[Method]) -> None:
    """Write methods into ``index_methods`` (``ValueError`` when a name or its link is taken)."""
    rows = [
        [
            m.method_id,
            m.name,
            m.side,
            json.dumps(dict(m.weights)),
            m.missing_rule,
            m.min_teams,
            m.notes,
            m.created_by,
        ]
        for m in methods
    ]
    try:
        db.connection.executemany(
            "INSERT INTO index_methods (method_id, name, side, components, missing_rule, min_teams, notes, "
            "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    except duckdb.ConstraintException:
        raise ValueError(
            "A method with this name (or one spelled the same in a link) already exists."
        ) from None


def save_method(path: str | Path, method: Method) -> Method:
    """Save a new method in the database file at ``path`` (atomic swap); returns it."""
    with replace_after_write(path, changed=()) as db:
        insert_methods(db, [method])
    return method


def list_methods(db: Database) -> list[Method]:
    """Every saved method, oldest first (the seeded ones lead); none in a file from before migration
    005 (read-only readers do not migrate; the first write adds the table)."""
    if not db.table_exists("index_methods"):
        return []
    rows = db.rows(
        "SELECT method_id, name, side, components, missing_rule, min_teams, notes, created_by, created_at "
        "FROM index_methods ORDER BY created_at, rowid"
    )
    return [
        Method(i, n, s, tuple((k, float(json.loads(c).get(k, 0.0))) for k in KEYS), r, t, notes, by, at)
        for i, n, s, c, r, t, notes, by, at in rows
    ]


def score_with(components: pd.DataFrame, method: Method) -> pd.DataFrame:
    """``compose_index`` of ``component_scores`` output with the method's weights and rule; no index
    (and the reason in ``missing``) for groups with fewer assessed teams than ``method.min_teams``."""
    out = compose_index(components, method.normalised, method.min_coverage)
    few = out["assessed_teams"].fillna(0).to_numpy() < method.min_teams
    reason = f"fewer than {method.min_teams} assessed teams"
    out.loc[few, ["index", *(f"points_{k}" for k in KEYS)]] = np.nan
    out.loc[few, "missing"] = [f"{m}; {reason}" if m else reason for m in out.loc[few, "missing"]]
    return out


def ranks(index: pd.Series, by: pd.Series) -> pd.Series:
    """Rank of each index within its ``by`` value: 1 = highest; ties share the best; NaN stays NaN."""
    return index.groupby(by.to_numpy()).rank(method="min", ascending=False)


def method_record(method: Method) -> dict[str, object]:
    """A method as plain data (the JSON export's ``method``)."""
    return {
        "method_id": method.method_id,
        "name": method.name,
        "side": method.side,
        "components": dict(method.weights),
        "weights_normalised": method.normalised,
        "missing_rule": method.missing_rule,
        "min_teams": method.min_teams,
        "notes": method.notes,
        "created_by": method.created_by,
        "created_at": method.created_at.isoformat(timespec="seconds") if method.created_at else None,
    }
