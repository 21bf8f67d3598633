"""Demo ``index_methods``: three proposals a bargaining subgroup might put side by side.

They differ where the partnership's sides tend to differ: how much the Path to Performance levels
count against training and culture, what happens when a figure is missing or suppressed, and how
many assessed teams a group needs before it is ranked at all.
"""

from __future__ import annotations

from lmp_metrics.metrics.methods import Method, new_method

CREATED_BY = "demo"


def demo_methods() -> list[Method]:
    """The seeded methods, in the order the page offers them."""
    return [
        new_method(
            "Level-heavy",
            "management",
            {"high_performing": 50, "progress": 30, "on_time_training": 10, "just_culture": 10},
            "rescale",
            3,
            "Counts what the Path to Performance measures most: the share of teams at the top levels and "
            "their movement up. Training and culture are small parts; a missing one is rescaled away.",
            CREATED_BY,
        ),
        new_method(
            "Training and culture",
            "labor",
            {"high_performing": 15, "progress": 15, "on_time_training": 35, "just_culture": 35},
            "require_all",
            5,
            "Puts what frontline staff experience first: partnership training on time and the Just "
            "Culture survey. A group must show every component to be ranked, so no group is ranked on "
            "levels alone when its people figures are missing.",
            CREATED_BY,
        ),
        new_method(
            "Equal weights",
            "joint",
            {"high_performing": 25, "progress": 25, "on_time_training": 25, "just_culture": 25},
            "rescale",
            1,
            "The overview's default: every part of the partnership's work counts the same until the "
            "parties agree otherwise.",
            CREATED_BY,
        ),
    ]
