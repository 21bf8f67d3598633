"""Every setting in one declarative place: name, default, help. Shown on the About page.

A setting can be overridden by an environment variable ``LMP_<NAME>`` (upper case).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: int | float | str
    help: str

    def value(self) -> int | float | str:
        raw = os.environ.get(f"LMP_{self.name.upper()}")
        return self.default if raw is None else type(self.default)(raw)


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting(
            "min_group_size",
            11,
            "Smallest number of people a figure about people (training, survey) may rest on; "
            "smaller groups are shown as suppressed (CMS cell-size rule: never 1–10 people).",
        ),
        Setting(
            "high_performing_level",
            4,
            "Path to Performance level from which a team counts as high-performing (levels 4–5).",
        ),
        Setting(
            "high_performing_target",
            0.75,
            "Partnership target for the share of teams at level 4–5 (the 2014 goal: 75%).",
        ),
        Setting(
            "min_peer_teams",
            5,
            "Fewest comparable teams a scorecard's percentile among peers may rest on; with fewer, the "
            "scorecard says how many there are instead of a percentile.",
        ),
        Setting(
            "undo_snapshots",
            3,
            "How many databases from just before an import (or undo) are kept so it can be undone; "
            "each is a full copy of the database file.",
        ),
        Setting("sql_timeout_seconds", 5, "Longest a query in the SQL corner may run."),
        Setting("sql_row_cap", 5000, "Most rows the SQL corner returns."),
    ]
}


def setting(name: str) -> int | float | str:
    """Current value of a setting (environment override or default)."""
    return SETTINGS[name].value()


def min_group_size() -> int:
    return int(setting("min_group_size"))


def min_peer_teams() -> int:
    """Fewest comparable teams a percentile may rest on (setting ``min_peer_teams``)."""
    return int(setting("min_peer_teams"))
