"""The method card (Markdown here, PDF in ``briefing.method_card_pdf``) and the JSON export: a
method's definition, its handling of missing data and small groups, how stable its ranks are and how
it compares, built from the same ``MethodReport`` and sentences as the Compare methods page."""

from __future__ import annotations

import json

import pandas as pd

from lmp_metrics.core.settings import min_group_size
from lmp_metrics.metrics import method_stability as stability
from lmp_metrics.metrics.methods import MISSING_RULES, method_record
from lmp_metrics.views.exports import filter_summary
from lmp_metrics.views.methods import (
    ASSOCIATION_CAPTION,
    SIDE_LABELS,
    MethodReport,
    flips_sentence,
    intervals_table,
    sensitivity_sentence,
    stability_sentence,
    unranked_note,
    weights_table,
)
from lmp_metrics.vocabulary.hierarchy import level
from lmp_metrics.vocabulary.quarters import quarter_end, quarter_label

CARD_QUARTERS = 12  # the quarters a card from the command line covers: the sidebar's default range


def comparison_lines(report: MethodReport) -> list[str]:
    """Per other method: rank agreement in the quarter and verdict changes (for the card)."""
    agreement = report.agreement
    agreement = agreement[agreement["quarter"] == report.quarter]
    flips = report.flips
    lines = []
    for other in report.others:
        pair = agreement[
            agreement[["method_a", "method_b"]].isin([report.method.method_id, other.method_id]).all(axis=1)
        ]
        row = pair.iloc[0] if len(pair) else None
        changed = 0 if flips.empty else int((flips[report.method.method_id] != flips[other.method_id]).sum())
        if row is None or pd.isna(row["spearman"]):
            agree = "too few groups ranked by both to measure rank agreement"
        else:
            agree = f"Spearman ρ {row['spearman']:.2f}, Kendall τ-b {row['kendall']:.2f} over {int(row['groups'])} groups"
        differ = "1 verdict differs" if changed == 1 else f"{changed} verdicts differ"
        lines.append(f"{other.name} ({other.side} side): {agree}; {differ}.")
    return lines


def data_date(report: MethodReport) -> str:
    return f"{quarter_label(report.quarter)} (figures as of {quarter_end(report.quarter):%Y-%m-%d})"


def missing_lines(report: MethodReport) -> list[str]:
    """How the method treats a missing or suppressed component and small groups, in sentences."""
    m = report.method
    rule = MISSING_RULES[m.missing_rule]
    return [
        f"Missing or suppressed component: {rule.label}. {rule.words}",
        f"Small groups: a group needs at least {m.min_teams} assessed teams to get an index. Figures about "
        f"fewer than {min_group_size()} people are never shown, nor any that would reveal one by "
        "subtraction; such a component counts as missing.",
        unranked_note(report),
    ]


def card_header(report: MethodReport) -> str:
    """Who proposed the method, when, and which data, scope and groups the card describes."""
    m = report.method
    created = f"{m.created_at:%Y-%m-%d}" if m.created_at else "not saved yet"
    return (
        f"Author side: {SIDE_LABELS[m.side]} · Created {created} by {m.created_by or 'unknown'} · "
        f"Data: {data_date(report)} · Scope: {filter_summary(report.filters)} · "
        f"Groups: {level(report.by).plural.lower()}"
    )


def card_markdown(report: MethodReport) -> str:
    """The method card: definition, weights, missing data and small groups, stability, comparison,
    data date. Built from the same tables as the page."""
    m = report.method
    weights = "\n".join(
        f"| {row['Component']} | {row['Weight']} | {row['What it counts']} |"
        for _, row in weights_table(m).iterrows()
    )
    missing = "\n".join(f"- {line}" for line in missing_lines(report))
    comparison = "\n".join(f"- {line}" for line in comparison_lines(report)) or "- No other method chosen."
    intervals = intervals_table(report)
    interval_rows = "\n".join(
        f"| {r[report.group_label]} | {r['Index']} | {r['Rank']} | {r[intervals.columns[3]]} |"
        for _, r in intervals.iterrows()
    )
    return f"""# Method card: {m.name}

{card_header(report)}

{m.notes}

## Definition
The Partnership Effectiveness Index: each component on a fixed 0–100 scale, index = Σ weight × component
score with the weights scaled to 100%.

| Component | Weight | What it counts |
|---|---|---|
{weights}

## Missing data and small groups
{missing}

## How stable the ranks are
- {stability_sentence(report)}
- {sensitivity_sentence(report)}

| {report.group_label} | Index | Rank | Rank interval ({stability.INTERVAL:.0%}) |
|---|---|---|---|
{interval_rows}

## Compared with the other methods
{comparison}
- {flips_sentence(report)}

*{ASSOCIATION_CAPTION}*
"""


def export_json(report: MethodReport) -> str:
    """The method and its figures as JSON: only groups with an index, and their rank intervals."""
    rows = report.scores[
        (report.scores["method_id"] == report.method.method_id) & report.scores["index"].notna()
    ]
    intervals = report.intervals.set_index("group")
    return json.dumps(
        {
            "method": method_record(report.method),
            "scope": filter_summary(report.filters),
            "grouping": report.by,
            "quarter": quarter_label(report.quarter),
            "seed": report.seed,
            "resamples": stability.RESAMPLES,
            "scores": [
                {
                    "group": r.label,
                    "quarter": quarter_label(r.quarter),
                    "index": round(float(r.index), 2),
                    "rank": int(r.rank),
                    "of": int(r.ranked),
                    "versus_overall": r.versus_overall,
                    "quartile": r.quartile,
                    **(
                        {
                            "rank_interval": [
                                int(intervals.at[r.group, "low"]),
                                int(intervals.at[r.group, "high"]),
                            ]
                        }
                        if r.quarter == report.quarter and r.group in intervals.index
                        else {}
                    ),
                }
                for r in rows.itertuples()
            ],
        },
        indent=2,
        ensure_ascii=False,
    )
