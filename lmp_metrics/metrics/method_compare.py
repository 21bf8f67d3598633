"""Comparing index methods on the same groups: scores, ranks, verdicts, agreement, stability, outcomes.

Every index here is ``metrics.effectiveness.compose_index`` over ``component_scores`` (the figures
the overview shows, disclosure marks applied), with a method's weights and missing rule, then
blanked for groups with fewer assessed teams than the method's minimum (``score_with``).

- **Ranks**: 1 = highest index in the quarter among groups with an index (ties share the best rank).
- **Verdicts**: above or below the overall index of the whole scope; top quartile = rank ≤ ⌈n/4⌉,
  bottom quartile = rank > n − ⌈n/4⌉ (n groups ranked).
- **Agreement**: Spearman's ρ (Pearson correlation of average ranks) and Kendall's τ-b between two
  methods' indices, over the groups both rank, per quarter.
- **Rank intervals**: the teams of each group are resampled with replacement (a seeded
  ``numpy.random.Generator``, ``RESAMPLES`` times); each resample's components are those of
  ``component_scores`` recomputed from the drawn teams' counts, only for components the group shows,
  and only groups with an index take part. The interval holds the middle ``INTERVAL`` of the ranks.
- **Sensitivity**: each weight moved ±``STEP`` points (of 100) and the weights scaled back to 100%.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from lmp_metrics.access.filters import Filters, group_column
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.effectiveness import component_scores, compose_index, survey_by_quarter
from lmp_metrics.metrics.levels import level_summary
from lmp_metrics.metrics.methods import Method
from lmp_metrics.metrics.surveys import survey_totals
from lmp_metrics.metrics.training import training_counts
from lmp_metrics.vocabulary.index_components import KEYS
from lmp_metrics.vocabulary.quarters import quarter_end

RESAMPLES = 400
DEFAULT_SEED = 1
INTERVAL = 0.9
STEP = 10
MIN_GROUPS_FOR_AGREEMENT = 3
# outcomes the partnership cares about that are in the data: key → label
OUTCOMES = {
    "engagement": "People Pulse engagement",
    "just_culture": "Just Culture (People Pulse)",
    "on_time_training": "On-time partnership training",
    "project_results": "UBT projects that improved their metric",
}


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
    return frame


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


# -- how sure is a rank: resampling teams within groups --------------------------------------------
def team_inputs(
    db: Database, filters: Filters, by: str, quarter: date, survey_year: int | None
) -> pd.DataFrame:
    """Per team of the scope, the counts behind its group's components in ``quarter`` (before the
    disclosure marks: only an input to ``resampled_ranks``, whose results are limited to shown
    groups and components). Columns: group, team_id, assessed, high, compared, improved, due,
    on_time, respondents, survey_points (score × respondents)."""
    team_sql, params = filters.team_where()
    teams = db.query(
        f'SELECT CAST({group_column(by)} AS VARCHAR) AS "group", team_id FROM teams WHERE {team_sql}', params
    )
    levels = level_summary(db, filters, "team", [quarter]).rename(columns={"group": "team_id"})
    levels["improved"] = (levels["improved_or_sustained_share"].fillna(0) * levels["compared_teams"]).round()
    levels = levels.rename(
        columns={"assessed_teams": "assessed", "high_performing_teams": "high", "compared_teams": "compared"}
    )[["team_id", "assessed", "high", "compared", "improved"]]
    training = training_counts(db, filters, "team", [quarter]).rename(columns={"group": "team_id"})
    training = training[["team_id", "due", "on_time"]]
    years = [] if survey_year is None or pd.isna(survey_year) else [int(survey_year)]
    survey = survey_totals(db, filters, "team", years)
    survey = survey[survey["index_name"] == "just_culture"].rename(columns={"group": "team_id"})
    survey = survey.assign(survey_points=survey["score"] * survey["respondents"])[
        ["team_id", "respondents", "survey_points"]
    ]
    frame = teams.merge(levels, on="team_id", how="left")
    frame = frame.merge(training, on="team_id", how="left").merge(survey, on="team_id", how="left")
    counts = ["assessed", "high", "compared", "improved", "due", "on_time", "respondents", "survey_points"]
    frame[counts] = frame[counts].astype("float64").fillna(0.0)
    active = frame[counts[:-1]].sum(axis=1) > 0
    return frame[active].sort_values(["group", "team_id"], ignore_index=True)


# component key → (numerator, denominator, scale) over the teams' counts
_RATIOS = {
    "high_performing": ("high", "assessed", 100.0),
    "progress": ("improved", "compared", 100.0),
    "on_time_training": ("on_time", "due", 100.0),
    "just_culture": ("survey_points", "respondents", 1.0),
}


def resampled_components(teams: pd.DataFrame, groups: Sequence[str], seed: int, resamples: int) -> dict:
    """Each component per resample × group (arrays ``resamples`` × len(groups)), the teams of each
    group drawn with replacement (as many as it has) from ``numpy.random.default_rng(seed)``."""
    rng = np.random.default_rng(seed)
    members = {group: rows for group, rows in teams.groupby("group", sort=False)}
    counts = {key: np.full((resamples, len(groups)), np.nan) for key in _RATIOS}
    for j, group in enumerate(groups):
        rows = members.get(group)
        if rows is None:
            continue
        draws = rng.multinomial(len(rows), np.full(len(rows), 1 / len(rows)), size=resamples)
        for key, (numerator, denominator, scale) in _RATIOS.items():
            top, bottom = draws @ rows[numerator].to_numpy(), draws @ rows[denominator].to_numpy()
            with np.errstate(invalid="ignore", divide="ignore"):
                counts[key][:, j] = np.where(bottom > 0, scale * top / bottom, np.nan)
    return counts


def resampled_ranks(
    db: Database,
    filters: Filters,
    by: str,
    components: pd.DataFrame,
    method: Method,
    seed: int,
    resamples: int,
) -> tuple[pd.DataFrame, np.ndarray]:
    """The method's scores from ``components`` (``component_scores`` of one quarter; groups with an
    index) and their ranks in each resample (``resamples`` × groups). A component a group does not
    show is left out of its resamples too."""
    shown = score_with(components, method)
    shown = shown[shown["index"].notna()].sort_values("group", ignore_index=True)
    if shown.empty:
        return shown, np.empty((resamples, 0))
    year = shown["survey_year"].dropna().iloc[0] if shown["survey_year"].notna().any() else None
    teams = team_inputs(db, filters, by, shown["quarter"].iloc[0], year)
    groups = shown["group"].tolist()
    drawn = resampled_components(teams, groups, seed, resamples)
    frame = pd.DataFrame(
        {
            "group": np.tile(groups, resamples),
            "quarter": np.repeat(np.arange(resamples), len(groups)),
            "assessed_teams": np.tile(shown["assessed_teams"].to_numpy(), resamples),
            **{
                key: np.where(shown[key].notna().to_numpy()[None, :], drawn[key], np.nan).ravel()
                for key in KEYS
            },
            **{f"why_{key}": "" for key in KEYS},
        }
    )
    index = score_with(frame, method)["index"]
    ranked = ranks(index, frame["quarter"]).to_numpy().reshape(resamples, len(groups))
    return shown, ranked


def rank_intervals(
    db: Database,
    filters: Filters,
    by: str,
    quarter: date,
    method: Method,
    seed: int = DEFAULT_SEED,
    resamples: int = RESAMPLES,
) -> pd.DataFrame:
    """Each group's rank in ``quarter`` and the middle ``INTERVAL`` of its resampled ranks: group,
    label, index, rank, low, high (best and worst rank of the interval), same_rank (share of
    resamples at its rank)."""
    components = component_scores(db, filters, by, [quarter])
    shown, ranked = resampled_ranks(db, filters, by, components, method, seed, resamples)
    columns = ["group", "label", "index", "rank", "low", "high", "same_rank"]
    if shown.empty:
        return pd.DataFrame(columns=columns)
    tail = (1 - INTERVAL) / 2
    out = shown[["group", "label", "index"]].copy()
    out["rank"] = ranks(out["index"], pd.Series(0, index=out.index)).astype("int64")
    out["low"] = np.nanquantile(ranked, tail, axis=0, method="lower").astype("int64")
    out["high"] = np.nanquantile(ranked, 1 - tail, axis=0, method="higher").astype("int64")
    out["same_rank"] = (ranked == out["rank"].to_numpy()[None, :]).mean(axis=0)
    return out.sort_values(["rank", "label"], ignore_index=True)[columns]


def nudged_weights(method: Method, key: str, points: int) -> dict[str, float] | None:
    """The method's weights (as points of 100) with ``key`` moved by ``points`` (floored at 0) and
    scaled back to 100%; None when the scaled weights do not change or nothing is left."""
    raw = {k: round(100 * w, 9) for k, w in method.normalised.items()}  # points, free of float dust
    moved = {**raw, key: max(0.0, raw[key] + points)}
    total = sum(moved.values())
    if total <= 0:
        return None
    weights = {k: v / total for k, v in moved.items()}
    return None if all(abs(weights[k] - raw[k] / 100) < 1e-12 for k in raw) else weights


def weight_sensitivity(components: pd.DataFrame, method: Method, step: int = STEP) -> pd.DataFrame:
    """For each weight moved ±``step`` points, over one quarter's ``component_scores``: the new weights
    and the groups whose rank changes. Columns: component, change, weights (dict), changed (groups
    ranked differently), largest_move (most places any group moves), moves (list of (label, old rank,
    new rank), biggest first)."""
    base = score_with(components, method)
    base_rank = ranks(base["index"], base["quarter"])
    rows = []
    for key in KEYS:
        for change in (step, -step):
            weights = nudged_weights(method, key, change)
            if weights is None:
                continue
            variant = score_with(components, _with_weights(method, weights))
            new_rank = ranks(variant["index"], variant["quarter"])
            both = base_rank.notna() & new_rank.notna()
            moved = both & (base_rank != new_rank)
            moves = sorted(
                zip(
                    base.loc[moved, "label"],
                    base_rank[moved].astype(int),
                    new_rank[moved].astype(int),
                    strict=True,
                ),
                key=lambda m: (-abs(m[1] - m[2]), m[0]),
            )
            rows.append(
                {
                    "component": key,
                    "change": change,
                    "weights": weights,
                    "changed": int(moved.sum()),
                    "largest_move": int((base_rank[both] - new_rank[both]).abs().max()) if both.any() else 0,
                    "moves": moves,
                }
            )
    return pd.DataFrame(rows, columns=["component", "change", "weights", "changed", "largest_move", "moves"])


def _with_weights(method: Method, weights: dict[str, float]) -> Method:
    return Method(
        method.method_id,
        method.name,
        method.side,
        tuple(weights.items()),
        method.missing_rule,
        method.min_teams,
    )


# -- does the measure track what matters ---------------------------------------------------------
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
