"""The disclosure marts in memory, read once per data version, for ``access.suppression``.

A read-only connection sees one data version (an import swaps in a new file, opened on a new
connection), so its ``MarkIndex`` is built once and kept with it (weakly: it goes with the
connection). A writable connection may rebuild the marts under it, so it gets a fresh index per call.

What is held: every team's group (node of ``mart_disclosure_groups``) at each depth with its
grouping values, and — loaded the first time a split is asked for — that split's marks as a dense
period × node table (0 no cell, 1 hidden, 2 shown: a few hundred kB per split at kp).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from weakref import WeakKeyDictionary

import duckdb
import numpy as np
import pandas as pd

from lmp_metrics.core.database import Database
from lmp_metrics.vocabulary.hierarchy import FILTER_LEVELS, GROUPINGS, LEVELS

TEAM_DEPTH = len(LEVELS) - 1
ABSENT, HIDDEN, SHOWN = 0, 1, 2


def period_number(day: date) -> int | None:
    """A period's number in the marts (year × 4 + quarter − 1); None for a day that starts no quarter."""
    if day.day != 1 or day.month % 3 != 1:
        return None
    return day.year * 4 + (day.month - 1) // 3


def period_date(number: int) -> date:
    """The first day of period ``number``."""
    return date(number // 4, number % 4 * 3 + 1, 1)


@dataclass(frozen=True)
class Cells:
    """The teams' cells at one depth: ``inverse[team]`` is its cell; ``order`` lists the teams cell by
    cell, each cell's run starting at ``starts`` and ``size`` teams long."""

    inverse: np.ndarray
    order: np.ndarray
    starts: np.ndarray
    size: np.ndarray

    def all(self, flags: np.ndarray) -> np.ndarray:
        """Per cell, whether ``flags`` holds for all its teams."""
        return np.logical_and.reduceat(flags[self.order], self.starts)

    def uniform(self, values: np.ndarray) -> np.ndarray:
        """Per cell, whether its teams all have the same value."""
        ordered = values[self.order]
        return np.minimum.reduceat(ordered, self.starts) == np.maximum.reduceat(ordered, self.starts)


class MarkIndex:
    """One data version's teams, their groups at every depth, and the marks of the splits read so far."""

    def __init__(self, db: Database) -> None:
        try:
            self.rule: int | None = db.scalar("SELECT min_group_size FROM mart_disclosure_rule")
        except duckdb.CatalogException:
            self.rule = None
        if self.rule is None:
            return
        columns = ", ".join(f'CAST({g.column_of("t")} AS VARCHAR) AS "{key}"' for key, g in GROUPINGS.items())
        depths = ", ".join(
            f"coalesce(max(g.node) FILTER (WHERE g.depth = {d}), -1) AS depth_{d}"
            for d in range(TEAM_DEPTH + 1)
        )
        teams = db.query(
            f"""SELECT {depths}, {columns}
                FROM mart_disclosure_team_groups AS g JOIN teams AS t USING (team_id)
                GROUP BY ALL ORDER BY "team\""""
        )
        self.nodes = teams[[f"depth_{d}" for d in range(TEAM_DEPTH + 1)]].to_numpy(dtype=np.int64)
        self.groups = {key: teams[key].to_numpy(dtype=object) for key in GROUPINGS}
        # each grouping's values and every team's index into them
        self._groupings = {
            key: pd.factorize(values, use_na_sentinel=False)[::-1] for key, values in self.groups.items()
        }
        self.partners, self.partner = self._groupings["labor_partner"]
        self.position = {team: row for row, team in enumerate(self.groups["team"])}
        self._splits: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for split, family, split_by, value in db.rows(
            "SELECT split, family, split_by, split_value FROM mart_disclosure_splits ORDER BY split"
        ):
            self._splits.setdefault((family, split_by), []).append((split, value))
        self.width = int(db.scalar("SELECT coalesce(max(node), 0) FROM mart_disclosure_groups")) + 1
        self._cells: dict[tuple[int, bool], Cells] = {}
        self._tables: dict[int, tuple[int, np.ndarray]] = {}  # split → first period, period × node codes
        self._lock = threading.Lock()

    # -- cells: which teams each group (or labor-partner part of a group) holds -------------------
    def cells(self, depth: int, part: bool) -> Cells:
        """The teams' cells at ``depth`` (``part``: the labor-partner parts of its groups)."""
        found = self._cells.get((depth, part))
        if found is None:
            nodes = self.nodes[:, depth]
            key = nodes * len(self.partners) + self.partner if part else nodes
            _keys, inverse = np.unique(key, return_inverse=True)
            order = np.argsort(inverse, kind="stable")
            starts = np.flatnonzero(np.r_[True, np.diff(inverse[order]) != 0])
            found = self._cells[(depth, part)] = Cells(
                inverse, order, starts, np.diff(np.r_[starts, len(key)])
            )
        return found

    def selected(self, filters: object) -> np.ndarray:
        """Which teams ``filters`` (an ``access.filters.Filters``) select: its team scope, as ``team_where``."""
        chosen = np.ones(len(self.nodes), dtype=bool)
        for grouping in FILTER_LEVELS:
            values = getattr(filters, grouping.filter_field)
            if values:
                chosen &= np.isin(self.groups[grouping.key], list(values))
        return chosen

    # -- marks: one split's cells, period × node ---------------------------------------------------
    def table(self, db: Database, split: int) -> tuple[int, np.ndarray]:
        """The first period and the period × node codes (ABSENT, HIDDEN, SHOWN) of one split of ``db``
        (the connection this index was built from; not kept here, so the index goes with it)."""
        split = int(split)
        found = self._tables.get(split)
        if found is None:
            with self._lock:
                found = self._tables.get(split) or self._load(db, split)
                self._tables[split] = found
        return found

    def _load(self, db: Database, split: int) -> tuple[int, np.ndarray]:
        cells = db.query(
            """SELECT year(period) * 4 + quarter(period) - 1 AS period, node, shown
               FROM mart_disclosure WHERE split = ?""",
            [split],
        )
        if not len(cells):
            return 0, np.zeros((0, self.width), dtype=np.int8)
        period = cells["period"].to_numpy(dtype=np.int64)
        first = int(period.min())
        codes = np.zeros((int(period.max()) - first + 1, self.width), dtype=np.int8)
        codes[period - first, cells["node"].to_numpy(dtype=np.int64)] = np.where(
            cells["shown"].to_numpy(dtype=bool), SHOWN, HIDDEN
        )
        return first, codes

    def codes(self, db: Database, split: int, nodes: np.ndarray, periods: Sequence[int]) -> np.ndarray:
        """Codes of the cells (``split``, node, period): one row per node, one column per period."""
        first, table = self.table(db, split)
        out = np.zeros((len(nodes), len(periods)), dtype=np.int8)
        for column, number in enumerate(periods):
            if 0 <= number - first < len(table):
                out[:, column] = table[number - first, nodes]
        return out

    def family_splits(self, family: str, split_by: str) -> list[tuple[int, str]]:
        """The splits of ``family`` made by ``split_by``: (split, split_value) each."""
        return self._splits.get((family, split_by), [])

    def grouping(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """The values of grouping ``key`` (a key of ``GROUPINGS``), as text, and each team's index into them."""
        return self._groupings[key]


_INDEXES: WeakKeyDictionary[Database, MarkIndex] = WeakKeyDictionary()
_BUILDING = threading.Lock()


def mark_index(db: Database) -> MarkIndex:
    """The index of ``db``'s data version: kept for a read-only connection, fresh for a writable one."""
    if not db.read_only:
        return MarkIndex(db)
    with _BUILDING:
        found = _INDEXES.get(db)
        if found is None:
            found = _INDEXES[db] = MarkIndex(db)
    return found
