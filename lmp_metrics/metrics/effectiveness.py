"""Partnership Effectiveness Index: a transparent 0–100 composite of measures the partnership already keeps.

Every component is a published measure put on a 0–100 scale by a fixed formula (never rescaled
against the other groups shown, so a group's index does not move when the selection changes).
The index is the weighted mean of the components that are available; weights are editable and
always scaled to sum to 1. A missing or suppressed component is left out and named; when the
components left carry less than ``MIN_COVERAGE`` of the weight, no index is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import numpy as np
import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.metrics import catalog
from lmp_metrics.metrics.report import group_table
from lmp_metrics.metrics.surveys import survey_summary
from lmp_metrics.vocabulary.index_components import COMPONENTS, KEYS, NAMES
from lmp_metrics.vocabulary.measures import high_levels

MIN_COVERAGE = 0.5
SURVEY_INDEX = "just_culture"


DEFAULT_WEIGHTS: dict[str, float] = dict.fromkeys(KEYS, 0.25)


def normalise_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights for every component, scaled to sum to 1 (absent keys count as 0).

    Raises ``ValueError`` for unknown components, negative weights, or weights that are all zero.
    """
    unknown = set(weights) - set(KEYS)
    if unknown:
        raise ValueError(f"unknown index components: {', '.join(sorted(unknown))}")
    raw = {key: float(weights.get(key, 0.0)) for key in KEYS}
    if any(value < 0 or np.isnan(value) for value in raw.values()):
        raise ValueError("weights must be zero or positive")
    total = sum(raw.values())
    if total <= 0:
        raise ValueError("at least one weight must be above zero")
    return {key: value / total for key, value in raw.items()}


def survey_by_quarter(
    db: Database, filters: Filters, by: str, quarters: list[date], index_name: str = SURVEY_INDEX
) -> pd.DataFrame:
    """A survey index per group × quarter, from the latest survey year ≤ the quarter's year (≤ 1 year
    older): columns group, quarter, survey_year, score, suppressed (the survey's marks).

    The year is chosen once per quarter for the whole scope, so groups are compared on one survey.
    """
    years = sorted({q.year for q in quarters} | {q.year - 1 for q in quarters})
    frame = survey_summary(db, filters, by, years=years, index_names=[index_name])
    available = set(frame["survey_year"])
    parts = []
    for quarter in quarters:
        year = max((y for y in (quarter.year, quarter.year - 1) if y in available), default=None)
        parts.append(frame[frame["survey_year"] == year].assign(quarter=quarter))
    columns = ["group", "quarter", "survey_year", "score", "suppressed"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def component_scores(
    db: Database, filters: Filters, by: str, quarters: Iterable[date] | None = None
) -> pd.DataFrame:
    """Each group's four component scores (0–100) per quarter.

    ``quarters=None`` means the quarters with assessments in the filters' range. Columns: group,
    label, quarter, assessed_teams, one column per component key, ``why_<key>`` saying why a
    component is missing ('' when present), and survey_year. Levels and training come from
    ``report.group_table``, i.e. the same numbers as the overview cards and the report.
    """
    chosen = filters.quarters.among(catalog.quarters(db)) if quarters is None else sorted(set(quarters))
    table = group_table(db, filters, by, chosen)
    survey = survey_by_quarter(db, filters, by, chosen).rename(
        columns={"score": "just_culture", "suppressed": "survey_suppressed"}
    )
    frame = table.merge(survey, on=["group", "quarter"], how="left")
    small = f"suppressed: fewer than {min_group_size()} people"
    frame["high_performing"] = 100 * frame["high_performing_share"]
    frame["progress"] = 100 * frame["improved_or_sustained_share"]
    frame["on_time_training"] = 100 * frame["on_time_rate"]
    frame["just_culture"] = frame["just_culture"].astype("float64")
    frame["why_high_performing"] = np.where(frame["assessed_teams"] > 0, "", "no team assessed this quarter")
    frame["why_progress"] = np.where(
        frame["compared_teams"] > 0, "", "no team with a level four quarters earlier"
    )
    frame["why_on_time_training"] = np.where(
        frame["on_time_training"].notna(),
        "",
        np.where(frame["training_suppressed"], small, "no training due yet"),
    )
    frame["why_just_culture"] = np.where(
        frame["just_culture"].notna(),
        "",
        np.where(
            frame["survey_suppressed"].eq(True),
            f"suppressed: fewer than {min_group_size()} respondents, or hidden so that a smaller group "
            "cannot be worked out from the total",
            "no survey result",
        ),
    )
    columns = [
        "group",
        "label",
        "quarter",
        "assessed_teams",
        *KEYS,
        *[f"why_{k}" for k in KEYS],
        "survey_year",
    ]
    return frame[columns]


def compose_index(
    components: pd.DataFrame, weights: Mapping[str, float], min_coverage: float = MIN_COVERAGE
) -> pd.DataFrame:
    """Add the index to ``component_scores`` output.

    With w the normalised weights and A the components present for a group:
    coverage = Σ_{k∈A} w_k; if coverage ≥ ``min_coverage``,
    index = Σ_{k∈A} w_k × score_k / coverage, else NaN. ``points_<key>`` holds each component's
    share of the index (w_k × score_k / coverage), so the points add up to the index; ``missing``
    names the components left out and why.
    """
    w = pd.Series(normalise_weights(weights))
    scores = components[list(KEYS)].astype("float64")
    present = scores.notna()
    coverage = present.mul(w, axis=1).sum(axis=1)
    usable = coverage >= min_coverage - 1e-12
    points = scores.mul(w, axis=1).div(coverage.where(coverage > 0), axis=0)
    points = points.where(present & usable.to_numpy()[:, None])
    reasons = [
        np.where(scores[k].isna(), NAMES[k] + " (" + components[f"why_{k}"].astype(str) + ")", "")
        for k in KEYS
        if w[k] > 0
    ]
    added = pd.DataFrame(
        {
            **{f"points_{k}": points[k] for k in KEYS},
            "coverage": coverage,
            "index": points.sum(axis=1, min_count=1).where(usable),
            "missing": ["; ".join(r for r in row if r) for row in zip(*reasons, strict=True)]
            if reasons
            else "",
        },
        index=components.index,
    )
    return pd.concat([components, added], axis=1)


def effectiveness_index(
    db: Database,
    filters: Filters,
    by: str,
    quarters: Iterable[date] | None = None,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
) -> pd.DataFrame:
    """The index per group × quarter: ``component_scores`` composed with ``weights``."""
    return compose_index(component_scores(db, filters, by, quarters), weights)


def worked_example(row: Mapping[str, object], weights: Mapping[str, float]) -> str:
    """The arithmetic behind one group's index, spelled out (for the "How this is measured" text)."""
    w = normalise_weights(weights)
    used = [k for k in KEYS if w[k] > 0 and pd.notna(row[k])]
    coverage = sum(w[k] for k in used)
    terms = " + ".join(f"{w[k]:.2f} × {row[k]:.1f}" for k in used)
    if not used or coverage < MIN_COVERAGE - 1e-12:
        return f"{row['label']}: too few components available for an index."
    total = sum(w[k] * row[k] for k in used)
    scaled = f" ÷ {coverage:.2f} (weights of the components present)" if coverage < 1 - 1e-9 else ""
    return f"{row['label']}: ({terms}){scaled} = {total / coverage:.1f}"


def method_markdown(weights: Mapping[str, float], survey_year: int | None) -> str:
    """'How this is measured', written for a bargaining audience, with the current weights."""
    w = normalise_weights(weights)
    rows = "\n".join(f"| {c.name} | {c.counts} | {c.formula} | {w[c.key]:.0%} |" for c in COMPONENTS)
    year = f"the {int(survey_year)} survey" if pd.notna(survey_year) else "no survey in range"
    return f"""
**What it is.** One 0–100 number per group that sums up four measures the partnership already
keeps. It is a summary, never a replacement: every component is shown next to it, and the
components can be read on their own in the table.

| Component | What it counts | How it becomes 0–100 | Weight now |
|---|---|---|---|
{rows}

**Index = Σ weight × component score**, with the weights scaled to add up to 100%. The weights
start equal (25% each) so that no part of the partnership's work counts more than another until
the parties agree otherwise; change them above and every figure updates. Just Culture uses {year}.

**Fixed scales, no ranking.** Each component is put on its 0–100 scale by the formula shown, not
by comparison with the other groups on screen, so a group's score does not move when other groups
change or are filtered out, and two groups can both score 100. (Privacy can still hide a figure:
see below.)

**Missing or suppressed components.** A figure about fewer than {min_group_size()} people or
respondents is never shown (privacy rule); where a total is shown next to its parts, one more part
may be hidden so the small one cannot be worked out by subtraction. Some groups also have no
survey or no team assessed a year earlier. Such a component is left out and the remaining weights are scaled up to 100%; the
table names what was left out and why. If what is left carries less than {MIN_COVERAGE:.0%} of the
weight, no index is given for that group.

**Reading it fairly.** Teams already at level {high_levels()} score on "improving or sustaining" by staying
there, so mature groups are not penalised for having nowhere to climb. Small groups move a lot by
chance: check the funnel plot before drawing conclusions about a small facility. Compare groups
within the same quarter and the same weights; a change of a few points is not a trend.
""".strip()
