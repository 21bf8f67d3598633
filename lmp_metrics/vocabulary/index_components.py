"""The components of the Partnership Effectiveness Index: what each counts and how it becomes 0–100.

Vocabulary shared by the index's query (``metrics.effectiveness``), its charts and its tables. To add
a component, add one ``Component`` here and its column to ``metrics.effectiveness``.
"""

from __future__ import annotations

from dataclasses import dataclass

from lmp_metrics.vocabulary.measures import high_levels


@dataclass(frozen=True)
class Component:
    """One ingredient of the index: what it counts and how it becomes a 0–100 score."""

    key: str
    name: str
    counts: str
    formula: str


_HIGH = high_levels()  # "4–5", from the high_performing_level setting
COMPONENTS: tuple[Component, ...] = (
    Component(
        "high_performing",
        "High-performing teams",
        f"Share of assessed teams at Path to Performance level {_HIGH} in the quarter.",
        f"100 × share (0 = no team at level {_HIGH}, 100 = every team).",
    ),
    Component(
        "progress",
        "Improving or sustaining",
        "Among teams that also had a level four quarters earlier: share that moved up a level, "
        f"or stayed at level {_HIGH}.",
        f"100 × share. Holding level {_HIGH} counts like moving up, so groups already at the top are not "
        "penalised.",
    ),
    Component(
        "on_time_training",
        "On-time partnership training",
        "Training assignments due by the quarter's last day that were completed on or before their due date.",
        "100 × on-time rate.",
    ),
    Component(
        "just_culture",
        "Just Culture (People Pulse)",
        "Just Culture survey index, respondent-weighted mean over the group's teams, from the latest "
        "survey year up to the quarter's year (at most one year older).",
        "The published 0–100 score, unchanged.",
    ),
)
KEYS = tuple(c.key for c in COMPONENTS)
NAMES = {c.key: c.name for c in COMPONENTS}
