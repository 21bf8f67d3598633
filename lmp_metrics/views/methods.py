"""What the Compare methods page, its exports and the method card show: tables, sentences, the card.

``method_report`` reads everything a method's view needs through ``read`` (the page passes
``ui.reads.cached``, the command line a ``ScopedReader``'s ``read``), so the page, the Markdown and
PDF card and the JSON export are built from the same frames by the same functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from functools import cached_property
from typing import Any

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.metrics import method_compare as mc
from lmp_metrics.metrics import method_stability as stability
from lmp_metrics.metrics.methods import MISSING_RULES, Method
from lmp_metrics.vocabulary.hierarchy import level
from lmp_metrics.vocabulary.index_components import COMPONENTS, NAMES
from lmp_metrics.vocabulary.quarters import quarter_label

SIDE_LABELS = {"management": "Management", "labor": "Labor", "joint": "Joint (both sides)"}
ASSOCIATION_CAPTION = (
    "Association, not cause: a method whose ranking goes with an outcome does not make that outcome "
    "happen, and groups differ in many ways the index does not see. Just Culture and on-time training "
    "are also components of the index, so a method that weights them heavily tracks them partly by "
    "construction."
)

Read = Callable[..., Any]


@dataclass(frozen=True)
class Comparing:
    """What is compared: the filters (their range's quarters), the groups, the method the card, the
    intervals and the sensitivity are about, the methods compared with it, the resampling seed."""

    filters: Filters
    by: str
    quarters: tuple[date, ...]
    method: Method
    others: tuple[Method, ...]
    seed: int = stability.DEFAULT_SEED

    @property
    def methods(self) -> tuple[Method, ...]:
        return (self.method, *self.others)

    @property
    def names(self) -> dict[str, str]:
        return {m.method_id: m.name for m in self.methods}

    @property
    def quarter(self) -> date:
        """The quarter of the scores, ranks and intervals: the last one."""
        return self.quarters[-1]

    @property
    def group_label(self) -> str:
        return level(self.by).label


@dataclass(frozen=True)
class MethodReport(Comparing):
    """A comparison with its figures (``metrics.method_compare.compare_methods``)."""

    scores: pd.DataFrame | None = None  # method_scores over every quarter, every method
    intervals: pd.DataFrame | None = None  # rank_intervals of ``method`` in ``quarter``
    sensitivity: pd.DataFrame | None = None  # weight_sensitivity of ``method`` in ``quarter``
    association: pd.DataFrame | None = None  # outcome_association over the quarters, every method

    @cached_property
    def agreement(self) -> pd.DataFrame:
        return mc.rank_agreement(self.scores)

    @cached_property
    def flips(self) -> pd.DataFrame:
        return mc.verdict_flips(self.scores, self.quarter)

    def in_quarter(self) -> pd.DataFrame:
        return self.scores[self.scores["quarter"] == self.quarter]


def comparison_reads(read: Read, choice: Comparing) -> tuple[Any, Any]:
    """The two cached reads a comparison is computed from: the scope's inputs over every quarter
    (kept when the range moves) and the method's rank intervals in the last quarter."""
    scope = choice.filters.without_range()
    return (
        read(mc.comparison_inputs, scope, choice.by),
        read(stability.rank_intervals, scope, choice.by, choice.quarter, choice.method, choice.seed),
    )


def method_report(read: Read, choice: Comparing) -> MethodReport:
    """Everything the page and the card show about a comparison, read through ``read`` (the page's
    ``cached``, a command's ``ScopedReader.read``)."""
    found = mc.compare(*comparison_reads(read, choice), choice.quarters, choice.methods)
    return MethodReport(
        **{f.name: getattr(choice, f.name) for f in fields(Comparing)},
        scores=found.scores,
        intervals=found.intervals,
        sensitivity=found.sensitivity,
        association=found.association,
    )


def _number(value: object, digits: int = 1) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):.{digits}f}"


def weights_table(method: Method) -> pd.DataFrame:
    """Component, what it counts, and the method's weight (as entered and as a share of 100%)."""
    shares = method.normalised
    return pd.DataFrame(
        {
            "Component": [c.name for c in COMPONENTS],
            "Weight": [f"{shares[c.key]:.0%}" for c in COMPONENTS],
            "What it counts": [c.counts for c in COMPONENTS],
        }
    )


def methods_table(methods: Sequence[Method]) -> pd.DataFrame:
    """Every saved method in a line: name, link id, side, weights, missing rule, minimum, who and when."""
    return pd.DataFrame(
        {
            "Method": [m.name for m in methods],
            "Link (?method=)": [m.method_id for m in methods],
            "Side": [SIDE_LABELS[m.side] for m in methods],
            "Weights": [" / ".join(f"{w:.0%}" for w in m.normalised.values()) for m in methods],
            "Missing data": [MISSING_RULES[m.missing_rule].label for m in methods],
            "Fewest teams": [m.min_teams for m in methods],
            "Saved by": [m.created_by or "" for m in methods],
            "Saved": [f"{m.created_at:%Y-%m-%d}" if m.created_at else "" for m in methods],
        }
    )


def scores_table(report: MethodReport) -> pd.DataFrame:
    """Groups with an index under at least one method: index and rank per method, side by side.
    A group no method ranks is left out (``unranked_note`` says how many and why)."""
    rows = report.in_quarter()
    ranked = rows[rows["index"].notna()]
    groups = ranked.drop_duplicates("group")[["group", "label"]].sort_values("label")
    out = pd.DataFrame({report.group_label: groups["label"].to_numpy()})
    for method in report.methods:
        mine = rows[rows["method_id"] == method.method_id].set_index("group").reindex(groups["group"])
        out[f"{method.name}: index"] = [_number(v) for v in mine["index"]]
        out[f"{method.name}: rank"] = [
            "" if pd.isna(rank) else f"{int(rank)} of {int(of)}"
            for rank, of in zip(mine["rank"], mine["ranked"], strict=True)
        ]
    return out.sort_values(f"{report.method.name}: index", key=_numeric, ascending=False, ignore_index=True)


def _numeric(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce")


def unranked_note(report: MethodReport) -> str:
    """How many groups a method leaves unranked in the quarter, and the reasons (no names)."""
    rows = report.in_quarter()
    parts = []
    for method in report.methods:
        mine = rows[(rows["method_id"] == method.method_id) & rows["index"].isna()]
        if len(mine):
            parts.append(f"{method.name}: {len(mine)} without an index")
    if not parts:
        return "Every group has an index under every method."
    return (
        "Groups without an index are left out: " + "; ".join(parts) + ". Reasons: fewer assessed teams than "
        "the method's minimum, or a component missing or suppressed (figures about fewer than "
        f"{min_group_size()} people are never shown) under the method's missing-data rule."
    )


def flips_table(report: MethodReport) -> pd.DataFrame:
    """The groups whose verdict depends on the method, one column per method."""
    flips = report.flips
    out = flips.rename(columns={"label": report.group_label, "verdict": "Verdict", **report.names})
    return out.drop(columns="group")


def flips_sentence(report: MethodReport) -> str:
    """How many verdicts change between the methods in the quarter."""
    flips = report.flips
    counted = flips.groupby("verdict").size().to_dict()
    if flips.empty:
        return f"In {quarter_label(report.quarter)} every group ranked by all methods gets the same verdicts."
    words = ", ".join(f"{n} on {verdict}" for verdict, n in counted.items())
    return f"In {quarter_label(report.quarter)} verdicts change between methods for {words}."


def agreement_table(report: MethodReport) -> pd.DataFrame:
    """Spearman and Kendall per quarter and pair of methods, as the page and card show them."""
    agreement = report.agreement
    return pd.DataFrame(
        {
            "Quarter": [quarter_label(q) for q in agreement["quarter"]],
            "Methods": [
                f"{report.names[a]} vs {report.names[b]}"
                for a, b in zip(agreement["method_a"], agreement["method_b"], strict=True)
            ],
            "Groups": agreement["groups"].to_numpy(),
            "Spearman ρ": [_number(v, 2) for v in agreement["spearman"]],
            "Kendall τ-b": [_number(v, 2) for v in agreement["kendall"]],
        }
    )


def intervals_table(report: MethodReport) -> pd.DataFrame:
    """Each ranked group's rank and its resampled rank interval."""
    frame = report.intervals
    return pd.DataFrame(
        {
            report.group_label: frame["label"].to_numpy(),
            "Index": [_number(v) for v in frame["index"]],
            "Rank": frame["rank"].to_numpy(),
            f"Rank interval ({stability.INTERVAL:.0%})": [
                f"{lo}–{hi}" for lo, hi in zip(frame["low"], frame["high"], strict=True)
            ],
            "Resamples at this rank": [f"{v:.0%}" for v in frame["same_rank"]],
        }
    )


def stability_sentence(report: MethodReport) -> str:
    """How sure the method's ranks are, in one sentence."""
    frame = report.intervals
    if frame.empty:
        return "No group has an index under this method, so there is no rank to test."
    fixed = int((frame["low"] == frame["high"]).sum())
    widest = int((frame["high"] - frame["low"]).max())
    return (
        f"Resampling the teams of each group {stability.RESAMPLES} times (seed {report.seed}): {fixed} of "
        f"{len(frame)} groups keep their rank in the middle {stability.INTERVAL:.0%} of resamples; the widest "
        f"interval spans {widest + 1} places."
    )


def sensitivity_table(report: MethodReport) -> pd.DataFrame:
    """Each weight moved ±10 points: the weights after rescaling and who changes rank."""
    frame = report.sensitivity
    return pd.DataFrame(
        {
            "Weight moved": [
                f"{NAMES[k]} {c:+d} points" for k, c in zip(frame["component"], frame["change"], strict=True)
            ],
            "Weights after (high-performing / progress / training / Just Culture)": [
                " / ".join(f"{w:.0%}" for w in weights.values()) for weights in frame["weights"]
            ],
            "Groups changing rank": frame["changed"].to_numpy(),
            "Largest move (places)": frame["largest_move"].to_numpy(),
            "Who moves": [
                ", ".join(f"{label} {old}→{new}" for label, old, new in moves[:5])
                + (" …" if len(moves) > 5 else "")
                for moves in frame["moves"]
            ],
        }
    )


def sensitivity_sentence(report: MethodReport) -> str:
    """The sensitivity summary in one sentence."""
    frame = report.sensitivity
    if frame.empty or not frame["changed"].any():
        return f"Moving any one weight by {stability.STEP} points changes no group's rank."
    worst = frame.loc[frame["changed"].idxmax()]
    return (
        f"Moving one weight by {stability.STEP} points changes up to {int(frame['changed'].max())} groups' ranks "
        f"(most with {NAMES[worst['component']]} {int(worst['change']):+d}); the largest move is "
        f"{int(frame['largest_move'].max())} places."
    )


def association_table(report: MethodReport) -> pd.DataFrame:
    """Mean Spearman ρ over the quarters per method and outcome (quarters with enough groups)."""
    frame = report.association.dropna(subset=["rho"])
    summary = frame.groupby(["method_id", "outcome"], sort=False)["rho"].agg(["mean", "count"]).reset_index()
    return pd.DataFrame(
        {
            "Method": summary["method_id"].map(report.names).to_numpy(),
            "Outcome": summary["outcome"].map(mc.OUTCOMES).to_numpy(),
            "Mean Spearman ρ": [_number(v, 2) for v in summary["mean"]],
            "Quarters": summary["count"].to_numpy(),
        }
    )


@dataclass(frozen=True)
class MethodView:
    """Everything the page shows in words and tables, built once from a ``MethodReport`` (the page
    caches it, so a rerun does not rebuild tables)."""

    scores: pd.DataFrame
    unranked: str
    flips_sentence: str
    flips: pd.DataFrame
    agreement: pd.DataFrame
    stability: str
    sensitivity_sentence: str
    sensitivity: pd.DataFrame
    association: pd.DataFrame


def method_view(report: MethodReport) -> MethodView:
    """The page's words and tables from one report."""
    return MethodView(
        scores_table(report),
        unranked_note(report),
        flips_sentence(report),
        flips_table(report),
        agreement_table(report),
        stability_sentence(report),
        sensitivity_sentence(report),
        sensitivity_table(report),
        association_table(report),
    )
