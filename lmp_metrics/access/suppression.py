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

import duckdb
import pandas as pd

from lmp_metrics.access.filters import GROUPINGS, Filters
from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import min_group_size

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


def _check_built(db: Database) -> None:
    """Refuse to read marks that are missing or were built for another ``min_group_size``."""
    try:
        built = db.scalar("SELECT min_group_size FROM mart_disclosure_rule")
    except duckdb.CatalogException:
        built = None
    if built != min_group_size():
        raise MarksOutOfDate(
            f"{db.path}: the disclosure marks were built for min_group_size {built}, the setting is "
            f"{min_group_size()}; rebuild them with `python -m lmp_metrics.core.marts --db PATH`"
        )


def marks(db: Database, family: str, filters: Filters, by: str, periods: Sequence[date]) -> pd.DataFrame:
    """Whether each group of the breakdown ``by`` may be shown in each period: columns group, period, shown.

    ``by`` is a key of ``filters.GROUPINGS`` (the groups are the selected teams' groups) or a split
    (``role``, ``labor_group``, ``course``: the groups are its values, over all selected teams).
    A group absent from the result rests on no marked cell in that period: it must not be shown.
    """
    _check_built(db)
    split_by = by if by in SPLITS and by != "labor_partner" else "all"
    row_group = "'all'" if split_by != "all" else f"CAST({GROUPINGS[by]} AS VARCHAR)"
    team_sql, team_params = filters.team_where("t")
    return db.query(
        f"""
        WITH at_depth AS (  -- every team's group at each depth (0 nation … 5 team), selected or not
            SELECT g.team_id, t.labor_partner, g.depth, g.node, ({team_sql}) AS selected, {row_group} AS row_group
            FROM mart_disclosure_team_groups AS g JOIN teams AS t USING (team_id)
            WHERE g.depth >= ?
        ),
        cells AS (  -- whole groups, and (for whole figures) each group's labor-partner parts
            SELECT team_id, depth, node, '' AS part, selected, row_group FROM at_depth
            UNION ALL
            SELECT team_id, depth, node, labor_partner, selected, row_group
            FROM at_depth WHERE depth < 5 AND ? = 'all'
        ),
        whole AS (  -- cells all of whose teams are selected, in one row group
            SELECT node, part, count(*) AS teams FROM cells
            GROUP BY ALL HAVING bool_and(selected) AND count(DISTINCT row_group) = 1
        ),
        components AS (  -- the largest whole cell holding each selected team (a row that is one cell: it)
            SELECT DISTINCT c.row_group, c.node, c.part
            FROM cells AS c JOIN whole AS w USING (node, part)
            WHERE c.selected
            QUALIFY row_number() OVER (PARTITION BY c.team_id ORDER BY w.teams DESC, c.depth, c.part <> '') = 1
        )
        SELECT CASE WHEN s.split_by = ? THEN s.split_value ELSE c.row_group END AS "group",
               m.period, bool_and(m.shown) AS shown
        FROM components AS c
        JOIN mart_disclosure_splits AS s ON s.family = ? AND CASE
            WHEN c.part <> '' THEN s.split_by = 'labor_partner' AND s.split_value = c.part
            ELSE s.split_by = ? END
        JOIN mart_disclosure AS m ON m.node = c.node AND m.split = s.split
        WHERE m.period IN (SELECT unnest(?::DATE[]))
        GROUP BY ALL
        """,
        [
            *team_params,
            5 if family in TEAM_ONLY else 0,
            split_by,
            split_by if split_by != "all" else "-",
            family,
            split_by,
            list(periods),
        ],
    )


def team_marks(
    db: Database, family: str, team_ids: Sequence[str], split_by: str, period: date
) -> pd.DataFrame:
    """The marks of single teams' cells in one period: columns team_id, split_value ('' for the whole
    team), shown. Team cells are the atoms every other cell is made of, so no decomposition is needed."""
    _check_built(db)
    return db.query(
        """
        SELECT g.group_name AS team_id, s.split_value, m.shown
        FROM mart_disclosure AS m
        JOIN mart_disclosure_groups AS g USING (node) JOIN mart_disclosure_splits AS s USING (split)
        WHERE g.level = 'team' AND g.group_name IN (SELECT unnest(?::VARCHAR[]))
          AND s.family = ? AND s.split_by = ? AND m.period = ?
        """,
        [list(team_ids), family, split_by, period],
    )


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
