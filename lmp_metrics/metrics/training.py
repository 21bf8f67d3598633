"""Training per the data contract: completion, on-time and overdue as of a quarter's last day.

As of date D (a quarter's last day):
- completion rate = assignments with ``completed_on`` ≤ D / assignments with ``assigned_on`` ≤ D;
- on-time rate = assignments completed on or before ``due_on`` / assignments with ``due_on`` ≤ D;
- overdue = assignments with ``due_on`` < D not completed by D;
- people = distinct persons holding an assignment (``assigned_on`` ≤ D) in the group.

``mart_training_quarter`` holds the events of each quarter per team × (role, labor group) and per
team × course; a figure as of D is the running sum of the events up to D's quarter, so no page view
scans ``training_records``. ``mart_training_rollup`` (and ``mart_training_overdue_rollup``) hold the
same events summed per facility × labor partner: every breakdown above the department reads them
unless departments or teams are filtered (``events_mart``). Which groups are shown is read from
the disclosure marks (``privacy.marks``, family ``training``): hidden groups get NaN figures and
``suppressed=True``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from weakref import WeakKeyDictionary

import numpy as np
import pandas as pd

from lmp_metrics.access.filters import Filters, group_column
from lmp_metrics.access.suppression import apply_marks, marks
from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.vocabulary.hierarchy import GROUPINGS
from lmp_metrics.vocabulary.quarters import QuarterRange, parse_quarter, quarter_end, quarter_start
from lmp_metrics.vocabulary.training import AGE_BUCKETS

# Breakdowns beyond the team hierarchy: person attributes and the course itself.
PERSON_GROUPINGS: dict[str, str] = {"role": "role", "labor_group": "labor_group", "course": "course_title"}
BREAKDOWNS: tuple[str, ...] = (*GROUPINGS, *PERSON_GROUPINGS)
# Breakdowns available from per-course rows (team hierarchy, labor partner, course).
COURSE_BREAKDOWNS: tuple[str, ...] = (*GROUPINGS, "course")
COUNT_COLUMNS = ["assigned", "completed", "due", "on_time", "overdue"]
RATE_COLUMNS = ["completion_rate", "on_time_rate"]
RATES_FRAME_COLUMNS = ["group", "quarter", "people", *COUNT_COLUMNS, *RATE_COLUMNS, "suppressed"]
DAY_BINS: tuple[tuple[str, int, int], ...] = (
    ("done_within_7", 0, 7),
    ("done_within_14", 8, 14),
    ("done_within_30", 15, 30),
    ("done_within_45", 31, 45),
    ("done_within_60", 46, 60),
    ("done_within_90", 61, 90),
    ("done_within_120", 91, 120),
    ("done_within_180", 121, 180),
    ("done_after_180", 181, 100_000),
)


def breakdown_column(by: str) -> str:
    """SQL expression naming the group for ``by`` (hierarchy level, labor_partner, role, …)."""
    if by in PERSON_GROUPINGS:
        return PERSON_GROUPINGS[by]
    if by not in GROUPINGS:
        raise ValueError(f"unknown breakdown {by!r}; choose one of {', '.join(BREAKDOWNS)}")
    return group_column(by)


def uses_rollup(filters: Filters, by: str) -> bool:
    """Whether the facility × labor partner rollups answer: no department or team, as breakdown or filter."""
    return by not in ("department", "team") and not filters.departments and not filters.team_ids


_HAS_ROLLUPS: WeakKeyDictionary[Database, bool] = WeakKeyDictionary()


def _has_rollups(db: Database) -> bool:
    """Whether the file holds the rollups (one built before them reads the per-team marts until its
    next import rebuilds the training marts). Looked up once per connection."""
    if db not in _HAS_ROLLUPS:
        _HAS_ROLLUPS[db] = db.table_exists("mart_training_rollup")
    return _HAS_ROLLUPS[db]


def events_mart(db: Database, filters: Filters, by: str) -> str:
    """The quarterly events table to read: the rollup when it answers, else the per-team mart."""
    return (
        "mart_training_rollup" if uses_rollup(filters, by) and _has_rollups(db) else "mart_training_quarter"
    )


def overdue_mart(db: Database, filters: Filters, by: str) -> str:
    """The overdue table to read, chosen as ``events_mart`` chooses."""
    rollup = uses_rollup(filters, by) and _has_rollups(db)
    return "mart_training_overdue_rollup" if rollup else "mart_training_overdue"


def cell_condition(by: str) -> str:
    """Which mart rows to sum: per course, per role and labor group, or whole teams."""
    if by == "course":
        return "course_id IS NOT NULL"
    if by in ("role", "labor_group"):
        return "role IS NOT NULL"
    return "role IS NULL AND course_id IS NULL"


def with_rates(counts: pd.DataFrame) -> pd.DataFrame:
    """Add completion and on-time rates to summed counts."""
    out = counts.copy()
    for column in ["people", *COUNT_COLUMNS]:
        out[column] = out[column].astype("float64")
    out["completion_rate"] = out["completed"] / out["assigned"].replace(0, np.nan)
    out["on_time_rate"] = out["on_time"] / out["due"].replace(0, np.nan)
    return out


def marked(db: Database, frame: pd.DataFrame, filters: Filters, by: str, columns: list[str]) -> pd.DataFrame:
    """``frame`` (group × quarter) with ``columns`` blanked where the training marks hide the group."""
    shown = marks(db, "training", filters, by, sorted(set(frame["quarter"])))
    return apply_marks(frame, shown, columns)


def training_span(db: Database) -> tuple[date, date] | None:
    """First and last quarter the training mart covers (None without training data)."""
    row = db.rows(f"SELECT min(quarter), max(quarter) FROM {events_mart(db, Filters(), 'national')}")[0]
    return None if row[0] is None else (row[0], row[1])


def training_quarters(db: Database, filters: Filters) -> list[date]:
    """Quarters in the filters' range that the training mart covers, oldest first."""
    return _target_quarters(db, filters, None)


def _target_quarters(db: Database, filters: Filters, quarters: Iterable[object] | None) -> list[date]:
    if quarters is not None:
        return sorted({parse_quarter(q) for q in quarters})
    span = training_span(db)
    if span is None:
        return []
    wanted = filters.quarters
    return QuarterRange(max(span[0], wanted.first or span[0]), min(span[1], wanted.last or span[1])).every()


def training_rates(
    db: Database, filters: Filters, by: str, quarters: Iterable[object] | None = None
) -> pd.DataFrame:
    """One row per group × quarter: people, counts and rates as of the quarter's last day.

    ``by`` is a hierarchy level, ``labor_partner``, ``role``, ``labor_group`` or ``course``.
    ``quarters`` (dates or labels such as ``2025-Q2``) overrides the filters' quarter range.
    Columns: group, quarter, people, assigned, completed, due, on_time, overdue, completion_rate,
    on_time_rate, suppressed. A group appears from its first assignment on. Sorted by group, quarter.
    """
    rates = with_rates(training_counts(db, filters, by, quarters))
    if rates.empty:
        return rates.assign(suppressed=False)[RATES_FRAME_COLUMNS]
    return marked(db, rates, filters, by, ["people", *COUNT_COLUMNS, *RATE_COLUMNS])[RATES_FRAME_COLUMNS]


def training_counts(
    db: Database, filters: Filters, by: str, quarters: Iterable[object] | None = None
) -> pd.DataFrame:
    """``training_rates``' counts (group, quarter, people, assigned, completed, due, on_time, overdue)
    before the disclosure marks: an input for figures that are marked before anyone sees them
    (``metrics.methods``' resampling), never a figure to show as it is."""
    group = breakdown_column(by)
    targets = _target_quarters(db, filters, quarters)
    if not targets:
        return pd.DataFrame(columns=RATES_FRAME_COLUMNS[:8])
    team_sql, team_params = filters.team_where()
    rows = f"""
        SELECT CAST({group} AS VARCHAR) AS "group", quarter, people, assigned, completed,
               completed_late, due, on_time, due_at_end, on_time_at_end
        FROM {events_mart(db, filters, by)}
        WHERE {cell_condition(by)} AND ({team_sql}) AND quarter <= ?"""
    if len(targets) > 1:  # first sum per group × quarter (few rows), then add those up per target
        rows = (
            f'SELECT "group", quarter, sum(COLUMNS(* EXCLUDE ("group", quarter))) FROM ({rows}) GROUP BY ALL'
        )
    return db.query(
        f"""
        WITH events AS ({rows}),
        targets AS (SELECT unnest(?::DATE[]) AS target)
        SELECT "group", target AS quarter,
               sum(people)::BIGINT AS people, sum(assigned)::BIGINT AS assigned,
               sum(completed)::BIGINT AS completed, sum(due)::BIGINT AS due,
               sum(on_time)::BIGINT AS on_time,
               -- due before D, less those done by D: late completions so far and on-time ones
               -- (except those due on D itself, which are not yet overdue either way)
               (sum(due) - sum(completed_late) - sum(on_time)
                - coalesce(sum(due_at_end - on_time_at_end) FILTER (quarter = target), 0))::BIGINT AS overdue
        FROM events JOIN targets ON quarter <= target
        GROUP BY ALL
        ORDER BY 1, 2
        """,
        [*team_params, targets[-1], targets],
    )


def last_quarter_end_on_or_before(day: date) -> date:
    """The as-of date the training figures support: the last quarter end not after ``day``."""
    end = quarter_end(quarter_start(day))
    return end if end == day else quarter_start(day) - timedelta(days=1)


def training_rates_as_of(db: Database, filters: Filters, by: str, as_of: date) -> pd.DataFrame:
    """Figures as of the last quarter end on or before ``as_of`` (column ``as_of`` says which).

    The marts hold quarterly events: an exact mid-quarter figure would need a scan of every
    assignment (about a second at kp scale), so the page offers quarter ends.
    """
    effective = last_quarter_end_on_or_before(as_of)
    frame = training_rates(db, filters, by, [quarter_start(effective)])
    frame.insert(1, "as_of", effective)
    return frame.drop(columns="quarter")


def overdue_by_age(db: Database, filters: Filters, by: str, quarter: object) -> pd.DataFrame:
    """Overdue assignments as of the quarter's last day per group and age bucket.

    ``by`` is a hierarchy level, ``labor_partner`` or ``course``. Age is counted in whole quarters
    since the quarter the assignment fell due (``AGE_BUCKETS``). Columns: group, age, age_order,
    overdue, people, suppressed — groups under ``min_group_size`` people have NaN counts.
    Sorted by the group's total overdue, most first.
    """
    if by not in COURSE_BREAKDOWNS:
        raise ValueError(f"overdue age is available by {', '.join(COURSE_BREAKDOWNS)}, not {by!r}")
    target = parse_quarter(quarter)
    group = breakdown_column(by)
    team_sql, team_params = filters.team_where()
    buckets = " ".join(
        f"WHEN age BETWEEN {low} AND {high} THEN {order}" for order, (_, low, high) in enumerate(AGE_BUCKETS)
    )
    counts = db.query(
        f"""
        WITH open AS (
            SELECT CAST({group} AS VARCHAR) AS "group",
                   datediff('quarter', due_quarter, ?::DATE) AS age, assignments
            FROM {overdue_mart(db, filters, by)}
            WHERE ({team_sql}) AND due_quarter <= ?
              AND NOT (due_quarter = ? AND due_on_quarter_end)
              AND (completed_quarter IS NULL OR completed_quarter > ?)
        )
        SELECT "group", CASE {buckets} END AS age_order, sum(assignments)::BIGINT AS overdue
        FROM open GROUP BY ALL
        """,
        [target, *team_params, target, target, target],
    )
    people = training_rates(db, filters, by, [target])[["group", "people", "suppressed"]]
    frame = people.merge(counts, on="group", how="inner")
    frame["age"] = frame["age_order"].map(dict(enumerate(name for name, _, _ in AGE_BUCKETS)))
    frame["overdue"] = frame["overdue"].astype("float64").where(~frame["suppressed"])
    totals = frame.groupby("group")["overdue"].transform("sum", min_count=1)
    frame = frame.assign(_total=totals.fillna(-1)).sort_values(
        ["_total", "group", "age_order"], ascending=[False, True, True]
    )
    return frame[["group", "age", "age_order", "overdue", "people", "suppressed"]].reset_index(drop=True)


def _range_sums(db: Database, filters: Filters, by: str, columns: list[str]) -> pd.DataFrame:
    """Per group with events in the filters' quarter range: each event column summed over the range,
    and ``people`` as of the range's last quarter (first assignments up to it), in one scan."""
    group = breakdown_column(by)
    team_sql, team_params = filters.team_where()
    range_sql, range_params = filters.quarters.where()
    sums = ", ".join(f"sum({c}) FILTER (in_range)::DOUBLE AS {c}" for c in columns)
    return db.query(
        f"""
        SELECT "group", {sums}, sum(people)::DOUBLE AS people
        FROM (
            SELECT CAST({group} AS VARCHAR) AS "group", {", ".join(columns)}, people, ({range_sql}) AS in_range
            FROM {events_mart(db, filters, by)}
            WHERE {cell_condition(by)} AND ({team_sql}) AND quarter <= ?
        )
        GROUP BY 1 HAVING bool_or(in_range) ORDER BY 1
        """,
        [*range_params, *team_params, filters.quarters.last or date.max],
    )


def _range_end(db: Database, filters: Filters) -> date | None:
    """The last quarter of the filters' range that the training mart covers (None without any)."""
    quarters = training_quarters(db, filters)
    return quarters[-1] if quarters else None


def _range_marked(
    db: Database, frame: pd.DataFrame, filters: Filters, by: str, columns: list[str]
) -> pd.DataFrame:
    """Range sums marked as the groups are at the range's last quarter (the people they rest on)."""
    end = _range_end(db, filters)
    return marked(db, frame.assign(quarter=end), filters, by, columns).drop(columns="quarter")


def assessment_scores(db: Database, filters: Filters, by: str) -> pd.DataFrame:
    """Mean post-course assessment score per group, over completions in the filters' quarters.

    Columns: group, scored (assessments), mean_score (0–100), people, suppressed. Suppressed when
    the training marks hide the group at the range's last quarter; a mean over fewer than
    ``min_group_size`` assessments is left out as well (too few to mean anything), and so is its count.
    """
    frame = _range_sums(db, filters, by, ["scored", "score_sum"])
    frame["mean_score"] = frame["score_sum"] / frame["scored"].replace(0, np.nan)
    frame = _range_marked(db, frame, filters, by, ["scored", "mean_score", "people"])
    few = frame["scored"] < min_group_size()
    frame.loc[few, ["scored", "mean_score"]] = np.nan
    frame["suppressed"] = frame["suppressed"] | few
    return frame[["group", "scored", "mean_score", "people", "suppressed"]]


def completion_times(db: Database, filters: Filters) -> pd.DataFrame:
    """Days from assignment to completion per course, in bins, over the filters' quarters.

    Columns: course, due_within_days, bin, low_days, high_days, completions, share, within_window
    (completions done within the course's due window), suppressed. A course the training marks hide
    at the range's last quarter is suppressed (NaN counts).
    """
    bins = [name for name, _, _ in DAY_BINS]
    sums = _range_sums(db, filters, "course", bins)
    sums = _range_marked(db, sums, filters, "course", bins) if len(sums) else sums.assign(suppressed=True)
    windows = dict(db.rows("SELECT course_title, due_within_days FROM courses"))
    rows = []  # a few rows per course: built directly, pandas reshaping costs more than the query
    for course, suppressed, *counts in sorted(
        sums[["group", "suppressed", *bins]].itertuples(index=False, name=None)
    ):
        total = sum(n for n in counts if n == n)
        window = windows.get(course)
        for (name, low, high), n in zip(DAY_BINS, counts, strict=True):
            shown = float("nan") if suppressed else n
            share = shown / total if total else float("nan")
            within = window is not None and high <= window
            rows.append((course, window, name, low, high, shown, share, within, suppressed))
    columns = ["course", "due_within_days", "bin", "low_days", "high_days", "completions", "share"]
    return pd.DataFrame(rows, columns=[*columns, "within_window", "suppressed"])


def team_training_levels(db: Database, filters: Filters, quarter: object) -> pd.DataFrame:
    """Per team: share of members on time with the partnership courses, next to its level.

    Members are those with a co-lead or partnership course due in the four quarters to the
    quarter's end; on time means every such assignment completed by its due date. Level and
    movement (level minus four quarters earlier) come from ``mart_team_quarter`` when present,
    else from ``team_quarter_levels``. Columns: team_id, team_name, trained_members,
    on_time_share, level, movement, suppressed (hidden by the ``partnership_training`` marks:
    share NaN). Only teams assessed in the quarter are returned.
    """
    target = parse_quarter(quarter)
    team_sql, team_params = filters.team_where("t")
    levels = (
        "SELECT team_id, quarter, level, movement FROM mart_team_quarter"
        if db.table_exists("mart_team_quarter")
        else """SELECT l.team_id, l.quarter, l.level, l.level - p.level AS movement
                FROM team_quarter_levels AS l LEFT JOIN team_quarter_levels AS p
                  ON p.team_id = l.team_id AND p.quarter = CAST(l.quarter - INTERVAL 1 YEAR AS DATE)"""
    )
    frame = db.query(
        f"""
        SELECT t.team_id, t.team_name, coalesce(m.trained_members, 0) AS trained_members,
               m.on_time_members / nullif(m.trained_members, 0) AS on_time_share,
               lv.level, lv.movement
        FROM teams AS t
        JOIN ({levels}) AS lv ON lv.team_id = t.team_id AND lv.quarter = ?
        LEFT JOIN mart_training_team_quarter AS m ON m.team_id = t.team_id AND m.quarter = lv.quarter
        WHERE {team_sql}
        ORDER BY t.team_id
        """,
        [target, *team_params],
    )
    shown = marks(db, "partnership_training", filters, "team", [target])
    frame = apply_marks(
        frame.rename(columns={"team_id": "group"}).assign(quarter=target),
        shown,
        ["trained_members", "on_time_share"],
    )
    return frame.rename(columns={"group": "team_id"}).drop(columns="quarter")


def level_association(teams: pd.DataFrame, outcome: str) -> dict[str, float]:
    """Least-squares line of ``outcome`` (level or movement) on the on-time share, over shown teams.

    Returns teams (used), left_out (suppressed or without the outcome), slope (outcome per 100
    percentage points of share), intercept and Pearson r; NaN where fewer than 3 teams or no spread.
    """
    used = teams[~teams["suppressed"] & teams["on_time_share"].notna() & teams[outcome].notna()]
    out = {
        "teams": len(used),
        "left_out": len(teams) - len(used),
        "slope": np.nan,
        "intercept": np.nan,
        "r": np.nan,
    }
    x, y = used["on_time_share"].to_numpy(float), used[outcome].to_numpy(float)
    if len(used) >= 3 and x.std() > 0 and y.std() > 0:
        out["slope"], out["intercept"] = (float(v) for v in np.polyfit(x, y, 1))
        out["r"] = float(np.corrcoef(x, y)[0, 1])
    return out
