"""Comparing index methods on the same groups: scores, ranks, verdicts, agreement, stability, outcomes.

Every index here is ``metrics.effectiveness.compose_index`` over ``component_scores`` (the figures
the overview shows, disclosure marks applied), with a method's weights and missing rule, then
blanked for groups with fewer assessed teams than the method's minimum (``methods.score_with``).

- **Ranks**: 1 = highest index in the quarter among groups with an index (ties share the best rank).
- **Verdicts**: above or below the overall index of the whole scope; top quartile = rank ≤ ⌈n/4⌉,
  bottom quartile = rank > n − ⌈n/4⌉ (n groups ranked).
- **Agreement**: Spearman's ρ (Pearson correlation of average ranks) and Kendall's τ-b between two
  methods' indices, over the groups both rank, per quarter.
- **Stability**: rank intervals and weight sensitivity, in ``metrics.method_stability``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from lmp_metrics.access.filters import Filters, group_column
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.effectiveness import component_scores, survey_by_quarter
from lmp_metrics.metrics.method_stability import weight_sensitivity
from lmp_metrics.metrics.methods import Method, ranks, score_with
from lmp_metrics.vocabulary.quarters import quarter_end

MIN_GROUPS_FOR_AGREEMENT = 3
# outcomes the partnership cares about that are in the data: key → label
OUTCOMES = {
    "engagement": "People Pulse engagement",
    "just_culture": "Just Culture (People Pulse)",
    "on_time_training": "On-time partnership training",
    "project_results": "UBT projects that improved their metric",
}


def method_scores(components: pd.DataFrame, whole: pd.DataFrame, methods: Sequence[Method]) -> pd.DataFrame:
    """One row per method × group × quarter of ``components`` (``component_scores`` output; ``whole``:
    the same for the whole scope): index, coverage, missing, rank, ranked (groups with an index that
    quarter), overall (the whole scope's index), versus_overall and quartile verdicts."""
    parts = []
    for method in methods:
        scored = score_with(components, method)
        overall = score_with(whole, method).set_index("quarter")["index"]
        scored.insert(0, "method_id", method.method_id)
        scored["overall"] = scored["quarter"].map(overall).astype("float64")
        parts.append(scored)
    columns = ["method_id", "group", "label", "quarter", "assessed_teams", "index", "coverage", "missing"]
    if not parts:
        return pd.DataFrame(columns=[*columns, "overall", "rank", "ranked", "versus_overall", "quartile"])
    frame = pd.concat(parts, ignore_index=True)[[*columns, "overall"]]
    key = frame["method_id"] + "|" + frame["quarter"].astype(str)
    frame["rank"] = ranks(frame["index"], key)
    frame["ranked"] = frame.groupby(key.to_numpy())["index"].transform("count").astype("int64")
    frame["versus_overall"] = np.select(
        [frame["index"] > frame["overall"], frame["index"] < frame["overall"]],
        ["above", "below"],
        np.where(frame["index"].notna() & frame["overall"].notna(), "equal", ""),
    )
    quarter = np.ceil(frame["ranked"] / 4)
    frame["quartile"] = np.select(
        [frame["index"].isna(), frame["rank"] <= quarter, frame["rank"] > frame["ranked"] - quarter],
        ["", "top", "bottom"],
        "middle",
    )
    text = ["missing"]  # few distinct, long values: small in caches
    return frame.astype(dict.fromkeys(text, "category"))


def verdict_flips(scores: pd.DataFrame, quarter: date) -> pd.DataFrame:
    """Groups whose verdict differs between methods in ``quarter`` (among groups every method ranks):
    group, label, verdict (which one), then one column per method_id with its verdict."""
    rows = scores[(scores["quarter"] == quarter) & scores["index"].notna()]
    methods = list(dict.fromkeys(rows["method_id"]))
    parts = []
    for verdict, column in (("above / below the overall value", "versus_overall"), ("quartile", "quartile")):
        wide = rows.pivot_table(index=["group", "label"], columns="method_id", values=column, aggfunc="first")
        wide = wide.dropna()
        wide = wide[wide.nunique(axis=1) > 1].reset_index()
        parts.append(wide.assign(verdict=verdict))
    columns = ["group", "label", "verdict", *methods]
    flips = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    return flips.reindex(columns=columns).sort_values(["verdict", "label"], ignore_index=True)


def average_ranks(values: Sequence[float]) -> np.ndarray:
    """Ranks 1…n of ``values``, tied values sharing the mean of the ranks they span."""
    _, position, counts = np.unique(np.asarray(values, dtype=float), return_inverse=True, return_counts=True)
    last = np.cumsum(counts)
    return (last - (counts - 1) / 2)[position]


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's ρ: the Pearson correlation of the two samples' average ranks (NaN if one is constant)."""
    rx, ry = average_ranks(x), average_ranks(y)
    dx, dy = rx - rx.mean(), ry - ry.mean()
    denominator = np.sqrt((dx * dx).sum() * (dy * dy).sum())
    return float((dx * dy).sum() / denominator) if denominator > 0 else float("nan")


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float:
    """Kendall's τ-b = (concordant − discordant) / √((n₀ − n₁)(n₀ − n₂)), n₀ = n(n−1)/2 pairs, n₁ and
    n₂ the pairs tied in x and in y (NaN when either sample is constant)."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    upper = np.triu_indices(len(a), k=1)
    sx = np.sign(a[:, None] - a[None, :])[upper]
    sy = np.sign(b[:, None] - b[None, :])[upper]
    pairs = len(sx)
    denominator = np.sqrt((pairs - (sx == 0).sum()) * (pairs - (sy == 0).sum()))
    return float((sx * sy).sum() / denominator) if denominator > 0 else float("nan")


def rank_agreement(scores: pd.DataFrame) -> pd.DataFrame:
    """Spearman and Kendall between every pair of methods per quarter, over groups both rank:
    quarter, method_a, method_b, groups, spearman, kendall (NaN under ``MIN_GROUPS_FOR_AGREEMENT``)."""
    wide = scores.pivot_table(
        index=["quarter", "group"], columns="method_id", values="index", aggfunc="first"
    )
    methods = list(dict.fromkeys(scores["method_id"]))
    rows = []
    for i, first in enumerate(methods):
        for second in methods[i + 1 :]:
            for quarter, part in wide.groupby(level="quarter"):
                both = part[[first, second]].dropna() if {first, second} <= set(part) else part.iloc[:0]
                enough = len(both) >= MIN_GROUPS_FOR_AGREEMENT
                rows.append(
                    {
                        "quarter": quarter,
                        "method_a": first,
                        "method_b": second,
                        "groups": len(both),
                        "spearman": spearman(both[first], both[second]) if enough else np.nan,
                        "kendall": kendall_tau_b(both[first], both[second]) if enough else np.nan,
                    }
                )
    return pd.DataFrame(rows, columns=["quarter", "method_a", "method_b", "groups", "spearman", "kendall"])


def project_results(db: Database, filters: Filters, by: str, quarters: Sequence[date]) -> pd.DataFrame:
    """Share (0–100) of UBT projects completed in the four quarters to each quarter's end that
    improved their metric, among those with a measured result: group, quarter, projects, project_results."""
    team_sql, params = filters.team_where("p")
    ends = [(q, quarter_end(q)) for q in quarters]
    return db.query(
        f"""
        WITH ends AS (SELECT unnest(?::DATE[]) AS quarter, unnest(?::DATE[]) AS last_day)
        SELECT CAST(p.{group_column(by)} AS VARCHAR) AS "group", e.quarter, count(*) AS projects,
               100.0 * count(*) FILTER (WHERE p.improvement > 0) / count(*) AS project_results
        FROM mart_projects AS p JOIN ends AS e
          ON p.completed_on <= e.last_day AND p.completed_on > e.last_day - INTERVAL 1 YEAR
        WHERE p.improvement IS NOT NULL AND ({team_sql})
        GROUP BY ALL
        """,
        [[q for q, _ in ends], [d for _, d in ends], *params],
    )


def outcomes(db: Database, filters: Filters, by: str, components: pd.DataFrame) -> pd.DataFrame:
    """The outcomes per group × quarter of ``components``: group, quarter, and one column per
    ``OUTCOMES`` key (Just Culture and training from ``components``; engagement read with its marks)."""
    chosen = sorted(set(components["quarter"]))
    engagement = survey_by_quarter(db, filters, by, chosen, "engagement")[["group", "quarter", "score"]]
    return (
        components[["group", "quarter", "just_culture", "on_time_training"]]
        .merge(engagement.rename(columns={"score": "engagement"}), on=["group", "quarter"], how="left")
        .merge(
            project_results(db, filters, by, chosen)[["group", "quarter", "project_results"]],
            on=["group", "quarter"],
            how="left",
        )
    )


def outcome_association(scores: pd.DataFrame, outcome_frame: pd.DataFrame) -> pd.DataFrame:
    """Spearman's ρ across groups between each method's index (``method_scores``) and each outcome
    (``outcomes``), per quarter: method_id, outcome, quarter, groups, rho (NaN with fewer than
    ``MIN_GROUPS_FOR_AGREEMENT`` groups having both figures): hidden values take no part."""
    joined = scores.merge(outcome_frame, on=["group", "quarter"], how="left")
    rows = []
    for (method_id, quarter), part in joined.groupby(["method_id", "quarter"], sort=False):
        for outcome in OUTCOMES:
            both = part[["index", outcome]].astype("float64").dropna()
            enough = len(both) >= MIN_GROUPS_FOR_AGREEMENT
            rho = spearman(both["index"], both[outcome]) if enough else np.nan
            rows.append(
                {
                    "method_id": method_id,
                    "outcome": outcome,
                    "quarter": quarter,
                    "groups": len(both),
                    "rho": rho,
                }
            )
    return pd.DataFrame(rows, columns=["method_id", "outcome", "quarter", "groups", "rho"])


@dataclass(frozen=True)
class Inputs:
    """What every comparison in one scope and grouping reads, for every quarter with assessments:
    the groups' and the whole scope's components, and the outcomes. Read once and cut to a range."""

    components: pd.DataFrame
    whole: pd.DataFrame
    outcomes: pd.DataFrame


def comparison_inputs(db: Database, filters: Filters, by: str) -> Inputs:
    """The ``Inputs`` of ``filters``' teams (their quarter range is ignored) grouped by ``by``."""
    scope = filters.without_range()
    components = component_scores(db, scope, by)
    return Inputs(components, component_scores(db, scope, "national"), outcomes(db, scope, by, components))


@dataclass(frozen=True)
class Comparison:
    """Methods compared on one scope and grouping: scores over the quarters, and for the first method
    its rank intervals and weight sensitivity in the last quarter."""

    scores: pd.DataFrame
    intervals: pd.DataFrame
    sensitivity: pd.DataFrame
    association: pd.DataFrame


def compare(
    inputs: Inputs, intervals: pd.DataFrame, quarters: Sequence[date], methods: Sequence[Method]
) -> Comparison:
    """The comparison over ``quarters`` from ``comparison_inputs`` and the first method's
    ``rank_intervals`` in the last quarter (no database: moving the range reads nothing)."""
    chosen = set(quarters)
    components = inputs.components[inputs.components["quarter"].isin(chosen)].reset_index(drop=True)
    whole = inputs.whole[inputs.whole["quarter"].isin(chosen)]
    scores = method_scores(components, whole, methods)
    last = components[components["quarter"] == max(chosen)].reset_index(drop=True)
    outcome_frame = inputs.outcomes[inputs.outcomes["quarter"].isin(chosen)]
    return Comparison(
        scores, intervals, weight_sensitivity(last, methods[0]), outcome_association(scores, outcome_frame)
    )
