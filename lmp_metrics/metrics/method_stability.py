"""How sure is a method's ranking: rank intervals from resampling teams, and weight sensitivity.

- **Rank intervals**: the teams of each group are resampled with replacement (a seeded
  ``numpy.random.Generator``, ``RESAMPLES`` times); each resample's components are those of
  ``component_scores`` recomputed from the drawn teams' counts, only for components the group shows,
  and only groups with an index take part. The interval holds the middle ``INTERVAL`` of the ranks.
- **Sensitivity**: each weight moved ±``STEP`` points (of 100) and the weights scaled back to 100%.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from lmp_metrics.access.filters import Filters, group_column
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.effectiveness import component_scores
from lmp_metrics.metrics.levels import level_summary
from lmp_metrics.metrics.methods import Method, ranks, score_with
from lmp_metrics.metrics.surveys import survey_totals
from lmp_metrics.metrics.training import training_counts
from lmp_metrics.vocabulary.index_components import KEYS

RESAMPLES = 400
DEFAULT_SEED = 1
INTERVAL = 0.9
STEP = 10


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
