"""Path to Performance level metrics above the team level, read from ``mart_team_quarter``.

Definitions (data contract): *assessed teams* are teams with a level that quarter; *mean level*
averages their levels; *high-performing share* is the share at level ≥ ``high_performing_level``
(4); *movement* is a team's level minus its level four quarters earlier, so the moved-up and
moved-down shares are taken over the assessed teams that also had a level four quarters earlier
(``compared_teams``), never over all assessed teams. Dimension scores average team scores, each
team counting once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import pandas as pd

from lmp_metrics.access.filters import Filters, group_column
from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import setting

LEVELS = (1, 2, 3, 4, 5)
SUMMARY_COLUMNS = [
    "group",
    "label",
    "quarter",
    "assessed_teams",
    "mean_level",
    "high_performing_share",
    "moved_up_share",
    "moved_down_share",
    "high_performing_teams",
    "compared_teams",
    "improved_or_sustained_share",
]
# Two-sided coverage of the funnel plot's control limits: ~2 and ~3 standard deviations.
FUNNEL_COVERAGES = (0.95, 0.998)


def high_performing_level() -> int:
    """Lowest level that counts as high-performing (4 unless the setting is changed)."""
    return int(setting("high_performing_level"))


def scope_where(filters: Filters, quarters: Iterable[date] | None = None) -> tuple[str, list]:
    """Teams ``filters`` allow, in the filters' quarter range, or exactly ``quarters`` when given."""
    if quarters is None:
        return filters.where()
    chosen = sorted(set(quarters))
    team_sql, params = filters.team_where()
    if not chosen:
        return "FALSE", []
    return f"({team_sql}) AND quarter IN ({', '.join('?' * len(chosen))})", params + chosen


def _as_dates(frame: pd.DataFrame, column: str = "quarter") -> pd.DataFrame:
    """DuckDB hands DATE columns back as timestamps; the rest of the code compares ``date``s."""
    frame[column] = pd.to_datetime(frame[column]).dt.date.astype(object)
    return frame


def level_summary(
    db: Database, filters: Filters, by: str, quarters: Iterable[date] | None = None
) -> pd.DataFrame:
    """One row per group × quarter with the contract's level measures.

    ``by`` is a key of ``filters.GROUPINGS``; ``quarters=None`` means the filters' quarter range,
    otherwise exactly the quarters given (the range is then ignored, e.g. to compare with a year
    ago). ``label`` is the team name for ``by='team'`` and the group itself otherwise. Shares are
    0–1; the movement shares are NaN where no team has a level four quarters earlier.
    ``improved_or_sustained_share`` counts compared teams that moved up or kept a level ≥ 4.
    """
    where, params = scope_where(filters, quarters)
    label = "any_value(team_name)" if by == "team" else '"group"'
    frame = db.query(
        f"""
        WITH scoped AS (
            SELECT {group_column(by)} AS "group", *, level >= ? AS is_high
            FROM mart_team_quarter WHERE {where}
        )
        SELECT "group", {label} AS label, quarter,
               count(*) AS assessed_teams,
               avg(level) AS mean_level,
               count(*) FILTER (WHERE is_high) / count(*) AS high_performing_share,
               count(*) FILTER (WHERE movement > 0) / nullif(count(movement), 0) AS moved_up_share,
               count(*) FILTER (WHERE movement < 0) / nullif(count(movement), 0) AS moved_down_share,
               count(*) FILTER (WHERE is_high) AS high_performing_teams,
               count(movement) AS compared_teams,
               count(*) FILTER (WHERE movement > 0 OR (movement = 0 AND is_high))
                   / nullif(count(movement), 0) AS improved_or_sustained_share
        FROM scoped
        GROUP BY "group", quarter
        ORDER BY "group", quarter
        """,
        [high_performing_level(), *params],
    )
    return _as_dates(frame)[SUMMARY_COLUMNS]


def level_distribution(
    db: Database, filters: Filters, quarters: Iterable[date] | None = None
) -> pd.DataFrame:
    """Teams at each level per quarter: quarter, level, teams, share (of that quarter's assessed)."""
    where, params = scope_where(filters, quarters)
    frame = db.query(
        f"""
        SELECT quarter, level, count(*) AS teams,
               count(*) / sum(count(*)) OVER (PARTITION BY quarter) AS share
        FROM mart_team_quarter WHERE {where}
        GROUP BY quarter, level ORDER BY quarter, level
        """,
        params,
    )
    return _as_dates(frame)


def level_transitions(db: Database, filters: Filters, first: date, second: date) -> pd.DataFrame:
    """Teams assessed in both quarters, by level in ``first`` × level in ``second``.

    Columns: level_from, level_to, teams, share_of_from (share of the teams that started at
    level_from). Teams assessed in only one of the two quarters are left out.
    """
    where, params = filters.team_where("a")
    return db.query(
        f"""
        SELECT a.level AS level_from, b.level AS level_to, count(*) AS teams,
               count(*) / sum(count(*)) OVER (PARTITION BY a.level) AS share_of_from
        FROM mart_team_quarter AS a
        JOIN mart_team_quarter AS b ON b.team_id = a.team_id AND b.quarter = ?
        WHERE a.quarter = ? AND {where}
        GROUP BY a.level, b.level ORDER BY level_from, level_to
        """,
        [second, first, *params],
    )


def dimension_scores(
    db: Database, filters: Filters, by: str, quarters: Iterable[date] | None = None
) -> pd.DataFrame:
    """Mean dimension score per group × quarter × dimension, and per family.

    Columns: group, quarter, family, dimension_name (``None`` on the family row), sort_order,
    teams, score. A family score first averages each team's dimensions in that family, then
    averages teams, so every team counts once.
    """
    where, params = scope_where(filters, quarters)
    frame = db.query(
        f"""
        WITH team_family AS (
            SELECT {group_column(by)} AS "group", quarter, team_id, family,
                   min(sort_order) AS sort_order, avg(score) AS score
            FROM mart_team_dimension_quarter WHERE {where}
            GROUP BY ALL
        ),
        per_dimension AS (
            SELECT {group_column(by)} AS "group", quarter, family, dimension_name,
                   min(sort_order) AS sort_order, count(*) AS teams, avg(score) AS score
            FROM mart_team_dimension_quarter WHERE {where}
            GROUP BY ALL
        ),
        per_family AS (
            SELECT "group", quarter, family, NULL AS dimension_name,
                   min(sort_order) AS sort_order, count(*) AS teams, avg(score) AS score
            FROM team_family GROUP BY ALL
        )
        SELECT * FROM per_dimension UNION ALL SELECT * FROM per_family
        ORDER BY "group", quarter, sort_order, dimension_name NULLS FIRST
        """,
        params + params,
    )
    return _as_dates(frame)


# -- funnel plot ---------------------------------------------------------------------------------
def binomial_cdf(n: int, p0: float) -> np.ndarray:
    """P(R ≤ r) for r = 0 … n, R ~ Binomial(n, p0), 0 < p0 < 1 (log-space sums, no SciPy needed)."""
    k = np.arange(1, n + 1)
    log_choose = np.concatenate([[0.0], np.cumsum(np.log(n - k + 1) - np.log(k))])
    counts = np.arange(n + 1)
    return np.minimum(np.cumsum(np.exp(log_choose + counts * np.log(p0) + (n - counts) * np.log1p(-p0))), 1.0)


def _lower_limit(n: int, p0: float, tail: float) -> float:
    """Lower control limit (as a share) leaving probability ``tail`` below it, interpolated.

    With r the smallest count whose P(R ≤ r) ≥ ``tail``, the limit is (r − α)/n where
    α = (P(R ≤ r) − tail) / P(R = r) (Spiegelhalter 2005): it lies between r − 1 and r, so a
    group falls below it exactly when the exact binomial test P(R ≤ its count) < ``tail`` says so.
    """
    cdf = binomial_cdf(n, p0)
    r = min(int(np.searchsorted(cdf, tail)), n)
    below = cdf[r - 1] if r > 0 else 0.0
    return float(max((r - (cdf[r] - tail) / (cdf[r] - below)) / n, 0.0))


def binomial_limit(n: int, p0: float, probability: float) -> float:
    """Funnel limit at ``probability`` (e.g. 0.025 or 0.975) for groups of ``n`` around ``p0``.

    Limits below the middle use ``_lower_limit``; limits above it are the mirror image (the lower
    limit of the share *not* high-performing), so both sides agree with the exact binomial test.
    """
    if n <= 0:
        return float("nan")
    if p0 <= 0 or p0 >= 1:
        return float(min(max(p0, 0.0), 1.0))
    if probability <= 0.5:
        return _lower_limit(n, p0, probability)
    return 1.0 - _lower_limit(n, 1.0 - p0, 1.0 - probability)


def binomial_tails(n: int, r: int, p0: float) -> tuple[float, float]:
    """Exact one-sided p-values of seeing r of n: (P(R ≥ r), P(R ≤ r)) under Binomial(n, p0)."""
    if p0 <= 0 or p0 >= 1:
        return float(r >= n * p0), float(r <= n * p0)
    cdf = binomial_cdf(n, p0)
    return float(1.0 - cdf[r - 1]) if r > 0 else 1.0, float(cdf[r])


def _limit_columns(coverage: float) -> tuple[str, str]:
    tag = f"{coverage * 100:g}".replace(".", "_")
    return f"lower_{tag}", f"upper_{tag}"


def funnel_limits(
    p0: float, sizes: Iterable[int], coverages: Sequence[float] = FUNNEL_COVERAGES
) -> pd.DataFrame:
    """Control limits around ``p0`` for each group size: n, lower_95, upper_95, lower_99_8, upper_99_8."""
    rows = []
    for n in sorted({int(s) for s in sizes if s > 0}):
        row: dict[str, float] = {"n": n}
        for coverage in coverages:
            lower, upper = _limit_columns(coverage)
            row[lower] = binomial_limit(n, p0, (1 - coverage) / 2)
            row[upper] = binomial_limit(n, p0, 1 - (1 - coverage) / 2)
        rows.append(row)
    columns = ["n", *[c for cov in coverages for c in _limit_columns(cov)]]
    return pd.DataFrame(rows, columns=columns)


def funnel_grid(largest: int, points: int = 120) -> list[int]:
    """Group sizes at which to draw smooth limit lines: every size up to 60, then log-spaced."""
    dense = list(range(1, min(largest, 60) + 1))
    if largest <= 60:
        return dense
    return sorted({*dense, *np.geomspace(60, largest, points).round().astype(int).tolist(), largest})


def funnel_positions(groups: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Place each group of a one-quarter ``level_summary`` on the funnel.

    Returns (points, limits, overall share). The overall share p0 = Σ high-performing / Σ assessed
    is the scope's share. Each point gains ``p_above`` = P(R ≥ its count) and ``p_below`` =
    P(R ≤ its count) under Binomial(its teams, p0), and ``position``: 'above 99.8%' when
    p_above < 0.001, 'above 95%' when < 0.025, likewise 'below …', else 'within' — exactly the
    points beyond the drawn limits.
    """
    if groups.empty:
        return groups.assign(position=[], p_above=[], p_below=[]), funnel_limits(0.0, []), float("nan")
    p0 = float(groups["high_performing_teams"].sum() / groups["assessed_teams"].sum())
    tails = [
        binomial_tails(int(n), int(r), p0)
        for n, r in zip(groups["assessed_teams"], groups["high_performing_teams"], strict=True)
    ]
    above, below = np.array([t[0] for t in tails]), np.array([t[1] for t in tails])
    narrow, wide = sorted(FUNNEL_COVERAGES)
    position = np.select(
        [above < (1 - wide) / 2, above < (1 - narrow) / 2, below < (1 - wide) / 2, below < (1 - narrow) / 2],
        [f"above {wide:.1%}", f"above {narrow:.0%}", f"below {wide:.1%}", f"below {narrow:.0%}"],
        default="within",
    )
    points = groups.reset_index(drop=True).assign(p_above=above, p_below=below, position=position)
    return points, funnel_limits(p0, funnel_grid(int(groups["assessed_teams"].max()))), p0


def funnel_data(
    db: Database, filters: Filters, by: str, quarter: date
) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """``funnel_positions`` of every ``by`` group within ``filters`` in one quarter."""
    return funnel_positions(level_summary(db, filters, by, [quarter]))
