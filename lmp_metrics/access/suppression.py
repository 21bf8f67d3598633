"""Small-cell disclosure control: every figure about people reads the marks of ``mart_disclosure``.

The marks are decided once per data load, over every cell a page, export or command can publish
(see ``core/marts/4*_disclosure*.sql``): a cell is a statistic family (``training``,
``survey:<index>``, ``partnership_training``) × hierarchy level × group × split (nothing, labor
partner, role, labor group or course) × period, and its size is the distinct people it rests on.

1. Primary: a cell with fewer than ``min_group_size`` people is hidden.
2. Complementary: a published partition — a cell into the groups one level down, or into its parts
   by labor partner, role, labor group or course — is an equation, parent = sum of its parts. With
   the parent shown, its hidden parts must be none, or at least two resting on at least
   ``min_group_size`` people together (course parts overlap, so there the lower bound
   max(largest hidden part, parent − shown parts) counts); with the parent hidden, at least one part
   must be hidden. Else the smallest shown part (ties: lowest cell id) is hidden too, or the parent
   when no part is left.
3. Step 2 repeats over all partitions until nothing changes, per period.

A figure drawn over the teams a page's filters select may be exactly one cell, or the union of
several (a team filter, a labor-partner filter under a department breakdown …). ``marks`` splits
each row into the largest whole cells it is made of and shows it only when every one is shown: a
sum of shown cells reveals nothing that is not published already. Suppressed figures become
missing values with a ``suppressed`` flag, so tables, charts, hovers and exports all say
"suppressed" instead of a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.mark_index import (
    ABSENT,
    HIDDEN,
    SHOWN,
    TEAM_DEPTH,
    MarkIndex,
    mark_index,
    period_date,
    period_number,
)
from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.vocabulary.hierarchy import level

SUPPRESSED_LABEL = "suppressed (<{n} people)"
# Splits of a cell into parts; a breakdown by one of them reads that split's cells.
SPLITS = ("labor_partner", "role", "labor_group", "course")
TEAM_ONLY = ("partnership_training",)  # families published per team only: their cells are teams
# Teams whose cell of a family (first parameter) is shown in a period (second), for ``team_id IN (…)``.
SHOWN_TEAMS = """SELECT g.group_name FROM mart_disclosure AS m
    JOIN mart_disclosure_groups AS g USING (node) JOIN mart_disclosure_splits AS s USING (split)
    WHERE g.level = 'team' AND s.family = ? AND s.split_by = 'all' AND m.period = ? AND m.shown"""


class MarksOutOfDate(RuntimeError):
    """The marks were built for another ``min_group_size`` (or not at all): rebuild the marts."""


def suppressed_label(minimum: int | None = None) -> str:
    """Text shown in place of a suppressed number."""
    return SUPPRESSED_LABEL.format(n=min_group_size() if minimum is None else minimum)


def _built(db: Database) -> MarkIndex:
    """The marks of ``db`` in memory; refuses marks that are missing or built for another ``min_group_size``."""
    index = mark_index(db)
    if index.rule != min_group_size():
        raise MarksOutOfDate(
            f"{db.path}: the disclosure marks were built for min_group_size {index.rule}, the setting is "
            f"{min_group_size()}; rebuild them with `python -m lmp_metrics.core.marts --db PATH`"
        )
    return index


def marks(db: Database, family: str, filters: Filters, by: str, periods: Sequence[date]) -> pd.DataFrame:
    """Whether each group of the breakdown ``by`` may be shown in each period: columns group, period, shown.

    ``by`` is a key of ``vocabulary.hierarchy.GROUPINGS`` (the groups are the selected teams' groups) or a split
    (``role``, ``labor_group``, ``course``: the groups are its values, over all selected teams).
    A group absent from the result rests on no marked cell in that period: it must not be shown.
    """
    index = _built(db)
    split_by = by if by in SPLITS and by != "labor_partner" else "all"
    numbers = sorted({n for day in periods if (n := period_number(day)) is not None})
    selected = index.selected(filters)
    if not selected.any() or not numbers:
        return _empty("group", "period")
    if split_by == "all":
        labels, row_group = index.grouping(level(by).key)
    else:
        labels = np.array([value for _, value in index.family_splits(family, split_by)], dtype=object)
        row_group = np.zeros(len(selected), dtype=np.int64)
    first_depth = TEAM_DEPTH if family in TEAM_ONLY else 0
    groups, nodes, parts = _components(index, selected, row_group, split_by == "all", first_depth)
    looked: list[tuple[np.ndarray, np.ndarray]] = []  # (group per row, codes row × period)
    if split_by == "all":
        whole = parts < 0
        for split, _ in index.family_splits(family, "all"):
            looked.append((groups[whole], index.codes(db, split, nodes[whole], numbers)))
        by_partner = {value: split for split, value in index.family_splits(family, "labor_partner")}
        for partner in np.unique(parts[~whole]):
            split = by_partner.get(index.partners[partner])
            if split is not None:
                rows = parts == partner
                looked.append((groups[rows], index.codes(db, split, nodes[rows], numbers)))
    else:
        for code, (split, _) in enumerate(index.family_splits(family, split_by)):
            looked.append((np.full(len(nodes), code), index.codes(db, split, nodes, numbers)))
    return _shown(looked, labels, numbers)


def _components(
    index: MarkIndex, selected: np.ndarray, row_group: np.ndarray, parts: bool, first_depth: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The largest whole cells the selected teams make up: (row group, node, labor partner or −1 for
    the whole group) each. A cell is whole when all its teams are selected and in one row group; each
    team goes to the whole cell holding it with most teams (then the higher level, then the whole
    group before its part); a team alone is always a whole cell."""
    best = np.full(len(selected), -1, dtype=np.int64)
    node = np.zeros(len(selected), dtype=np.int64)
    part = np.full(len(selected), -1, dtype=np.int64)
    for depth in range(first_depth, TEAM_DEPTH + 1):
        for is_part in (False, True) if parts and depth < TEAM_DEPTH else (False,):
            cells = index.cells(depth, is_part)
            whole = cells.all(selected) & cells.uniform(row_group)
            rank = np.where(whole, cells.size * 16 + 15 - 2 * depth - is_part, -1)[cells.inverse]
            rank[index.nodes[:, depth] < 0] = -1
            better = rank > best
            best[better] = rank[better]
            node[better] = index.nodes[better, depth]
            part[better] = index.partner[better] if is_part else -1
    partners = len(index.partners) + 1
    key = (row_group[selected] * index.width + node[selected]) * partners + part[selected] + 1
    chosen = np.unique(key)
    return chosen // partners // index.width, chosen // partners % index.width, chosen % partners - 1


def _shown(
    looked: list[tuple[np.ndarray, np.ndarray]], labels: np.ndarray, numbers: list[int]
) -> pd.DataFrame:
    """Per group (an index into ``labels``) and period, shown when every cell it rests on is shown;
    no row where it rests on no cell."""
    present = np.zeros(len(labels) * len(numbers), dtype=bool)
    hidden = np.zeros_like(present)
    for groups, codes in looked:
        keys = (groups[:, None] * len(numbers) + np.arange(len(numbers))).ravel()
        flat = codes.ravel()
        present[keys[flat != ABSENT]] = True
        hidden[keys[flat == HIDDEN]] = True
    found = np.flatnonzero(present)
    if not len(found):
        return _empty("group", "period")
    dates = [period_date(number) for number in numbers]
    return pd.DataFrame(
        {
            "group": pd.Series(labels[found // len(numbers)], dtype="str"),
            "period": pd.Series([dates[i] for i in found % len(numbers)], dtype=object),
            "shown": ~hidden[found],
        }
    )


def team_marks(
    db: Database, family: str, team_ids: Sequence[str], split_by: str, period: date
) -> pd.DataFrame:
    """The marks of single teams' cells in one period: columns team_id, split_value ('' for the whole
    team), shown. Team cells are the atoms every other cell is made of, so no decomposition is needed."""
    index = _built(db)
    teams = np.array([team for team in dict.fromkeys(team_ids) if team in index.position], dtype=object)
    number = period_number(period)
    if number is None or not len(teams):
        return _empty("team_id", "split_value")
    nodes = index.nodes[[index.position[team] for team in teams], TEAM_DEPTH]
    teams_of, values, shown = [], [], []
    for split, value in index.family_splits(family, split_by):
        codes = index.codes(db, split, nodes, [number])[:, 0]
        found = codes != ABSENT
        teams_of.append(teams[found])
        values += [value] * int(found.sum())
        shown.append(codes[found] == SHOWN)
    if not values:
        return _empty("team_id", "split_value")
    return pd.DataFrame(
        {
            "team_id": pd.Series(np.concatenate(teams_of), dtype="str"),
            "split_value": pd.Series(values, dtype="str"),
            "shown": np.concatenate(shown),
        }
    )


def _empty(*columns: str) -> pd.DataFrame:
    """No marks: ``columns`` (objects: they merge with text and date columns) and a boolean ``shown``."""
    kinds = {**dict.fromkeys(columns, object), "shown": bool}
    return pd.DataFrame({column: pd.Series([], dtype=kind) for column, kind in kinds.items()})


def apply_marks(
    frame: pd.DataFrame, shown: pd.DataFrame, value_columns: Sequence[str], period: str = "quarter"
) -> pd.DataFrame:
    """``frame`` (one row per group × ``period``) with ``value_columns`` blanked where the marks do
    not show the group, and a boolean ``suppressed`` column. A row without a mark is suppressed."""
    keys = shown.rename(columns={"period": period})
    out = frame.copy()
    keys[period] = keys[period].astype(out[period].dtype) if len(out) else keys[period]
    joined = out[["group", period]].merge(keys, on=["group", period], how="left")
    hidden = ~joined["shown"].fillna(False).astype(bool).to_numpy()
    out["suppressed"] = hidden
    for column in value_columns:
        out[column] = out[column].astype("float64").where(~hidden)
    return out
