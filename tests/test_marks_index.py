"""The in-memory read of the disclosure marks (``access.suppression.marks``/``team_marks`` over
``access.mark_index``) against the SQL read it replaced, kept here only as an oracle: the same rows
for many random filter × breakdown × family × period combinations on the `small` demo (a kept,
read-only index) and on random hierarchies (writable databases: an index per call)."""

from __future__ import annotations

import random
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from lmp_metrics.access.filters import Filters, group_column
from lmp_metrics.access.mark_index import mark_index
from lmp_metrics.access.suppression import SPLITS, TEAM_ONLY, MarksOutOfDate, marks, team_marks
from lmp_metrics.core.database import Database
from lmp_metrics.vocabulary.hierarchy import FILTER_LEVELS, GROUPINGS, LEVELS
from tests.test_disclosure import build, hierarchies


def sql_marks(db: Database, family: str, filters: Filters, by: str, periods: list[date]) -> pd.DataFrame:
    """The SQL read of the marks as it was before the in-memory index (the oracle)."""
    split_by = by if by in SPLITS and by != "labor_partner" else "all"
    row_group = "'all'" if split_by != "all" else f"CAST({group_column(by)} AS VARCHAR)"
    team_sql, team_params = filters.team_where("t")
    return db.query(
        f"""
        WITH at_depth AS (
            SELECT g.team_id, t.labor_partner, g.depth, g.node, ({team_sql}) AS selected, {row_group} AS row_group
            FROM mart_disclosure_team_groups AS g JOIN teams AS t USING (team_id)
            WHERE g.depth >= ?
        ),
        cells AS (
            SELECT team_id, depth, node, '' AS part, selected, row_group FROM at_depth
            UNION ALL
            SELECT team_id, depth, node, labor_partner, selected, row_group
            FROM at_depth WHERE depth < {len(LEVELS) - 1} AND ? = 'all'
        ),
        whole AS (
            SELECT node, part, count(*) AS teams FROM cells
            GROUP BY ALL HAVING bool_and(selected) AND count(DISTINCT row_group) = 1
        ),
        components AS (
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
            len(LEVELS) - 1 if family in TEAM_ONLY else 0,
            split_by,
            split_by if split_by != "all" else "-",
            family,
            split_by,
            list(periods),
        ],
    )


def sql_team_marks(
    db: Database, family: str, team_ids: list[str], split_by: str, period: date
) -> pd.DataFrame:
    """The SQL read of single teams' marks as it was (the oracle)."""
    return db.query(
        """
        SELECT g.group_name AS team_id, s.split_value, m.shown
        FROM mart_disclosure AS m
        JOIN mart_disclosure_groups AS g USING (node) JOIN mart_disclosure_splits AS s USING (split)
        WHERE g.level = 'team' AND g.group_name IN (SELECT unnest(?::VARCHAR[]))
          AND s.family = ? AND s.split_by = ? AND m.period = ?
        """,
        [team_ids, family, split_by, period],
    )


def same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal as sets of rows (neither read promises an order)."""

    def rows(frame: pd.DataFrame) -> list[tuple]:
        return sorted((str(a), b, bool(c)) for a, b, c in frame.itertuples(index=False))

    assert list(got.columns) == list(expected.columns)
    assert rows(got) == rows(expected)
    assert list(got.dtypes) == list(expected.dtypes)  # empty ones too: frames merge on these columns


class Drawer:
    """Random filters, breakdowns, families and periods over one database's own values."""

    def __init__(self, db: Database, seed: int) -> None:
        self.rng = random.Random(seed)
        self.values = {
            lvl.filter_field: [v for (v,) in db.rows(f"SELECT DISTINCT {lvl.column} FROM teams ORDER BY 1")]
            for lvl in FILTER_LEVELS
        }
        families = [f for (f,) in db.rows("SELECT DISTINCT family FROM mart_disclosure_splits ORDER BY 1")]
        marked = [p for (p,) in db.rows("SELECT DISTINCT period FROM mart_disclosure ORDER BY 1")]
        # a database without cells: ask anyway
        self.families = families or ["survey:just_culture"]
        self.periods = marked or [date(2024, 1, 1)]

    def filters(self) -> Filters:
        chosen = {}
        for field, values in self.values.items():
            if values and self.rng.random() < 0.3:
                chosen[field] = tuple(self.rng.sample(values, self.rng.randint(1, min(3, len(values)))))
        if self.rng.random() < 0.05:
            chosen["regions"] = ("no such region",)
        return Filters(**chosen)

    def periods_sample(self) -> list[date]:
        picked = self.rng.sample(self.periods, self.rng.randint(1, min(6, len(self.periods))))
        if self.rng.random() < 0.2:  # a day that starts no quarter, and one before any data
            picked += [date(2020, 2, 15), date(1990, 1, 1)]
        return picked

    def case(self) -> tuple[str, Filters, str, list[date]]:
        by = self.rng.choice([*GROUPINGS, "role", "labor_group", "course"])
        return self.rng.choice(self.families), self.filters(), by, self.periods_sample()


def test_marks_equal_the_sql_read_on_the_small_demo(small_db: Database) -> None:
    drawer = Drawer(small_db, seed=17)
    seen = pd.Series(dtype=bool)
    for _ in range(300):
        family, filters, by, periods = drawer.case()
        expected = sql_marks(small_db, family, filters, by, periods)
        same(marks(small_db, family, filters, by, periods), expected)
        seen = pd.concat([seen, expected["shown"]])
    # the draws reached many marks, shown and hidden, not just empty results
    assert seen.sum() > 500 and (~seen.astype(bool)).sum() > 300


def test_marks_equal_the_sql_read_with_small_groups_shown(small_figures_db: Database) -> None:
    drawer = Drawer(small_figures_db, seed=5)
    for _ in range(100):
        family, filters, by, periods = drawer.case()
        same(
            marks(small_figures_db, family, filters, by, periods),
            sql_marks(small_figures_db, family, filters, by, periods),
        )


def test_team_marks_equal_the_sql_read(small_db: Database) -> None:
    rng = random.Random(3)
    teams = [t for (t,) in small_db.rows("SELECT team_id FROM teams ORDER BY 1")]
    periods = [p for (p,) in small_db.rows("SELECT DISTINCT period FROM mart_disclosure ORDER BY 1")]
    for _ in range(60):
        family = rng.choice(["training", "partnership_training", "survey:just_culture"])
        split_by = rng.choice(["all", "course", "role", "labor_partner"])
        chosen = [*rng.sample(teams, rng.randint(1, 30)), "no such team"]
        period = rng.choice([*periods, date(2020, 2, 15)])
        same(
            team_marks(small_db, family, chosen, split_by, period),
            sql_team_marks(small_db, family, chosen, split_by, period),
        )


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hierarchies())
def test_marks_equal_the_sql_read_on_random_hierarchies(rows: list[tuple]) -> None:
    db = build(rows)  # writable: the index is built afresh on every call
    try:
        drawer = Drawer(db, seed=len(rows))
        for _ in range(15):
            family, filters, by, periods = drawer.case()
            same(marks(db, family, filters, by, periods), sql_marks(db, family, filters, by, periods))
    finally:
        db.close()


def test_a_read_only_connection_keeps_its_index(small_db: Database) -> None:
    assert mark_index(small_db) is mark_index(small_db)


def test_marks_built_for_another_minimum_are_refused(
    small_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LMP_MIN_GROUP_SIZE", "5")
    with pytest.raises(MarksOutOfDate, match="built for min_group_size 11"):
        marks(small_db, "training", Filters(), "region", [date(2024, 1, 1)])
