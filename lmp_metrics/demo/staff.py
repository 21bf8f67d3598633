"""Staff: people on each team, their role, union local and time on the team (they join and leave).

Team sizes are log-normal (small-department teams have 4–10 people). Each team's first person is
its management co-lead and its second its labor co-lead. Employees belong to a local of the team's
labor partner (either group for "Both" teams); managers and physicians are non-represented.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lmp_metrics.demo.config import FIRST_DAY, LAST_DAY, Scale
from lmp_metrics.demo.hierarchy import split
from lmp_metrics.demo.labor import ALLIANCE, COALITION, locals_of
from lmp_metrics.demo.teams import Teams

ROLES = ("employee", "manager", "physician")
EMPLOYEE, MANAGER, PHYSICIAN = 0, 1, 2
LABOR_GROUPS = (COALITION, ALLIANCE, "Non-represented")
MANAGER_SHARE, PHYSICIAN_SHARE = 0.12, 0.08
HIRED_DURING_WINDOW = 0.28  # share of people on established teams who joined after the first quarter
YEARS_ON_TEAM = 14.0  # mean stay from the first quarter (or joining): about half leave within the decade


@dataclass
class Staff:
    """One entry per person, in person_id order (grouped by team)."""

    team: np.ndarray
    role: np.ndarray  # index into ROLES
    union: np.ndarray  # index into labor.UNION_NAMES, -1 when non-represented
    group: np.ndarray  # index into LABOR_GROUPS
    start_day: np.ndarray  # joined the team
    end_day: np.ndarray  # left the team (or it closed); after LAST_DAY while still there
    co_lead: np.ndarray  # bool

    @property
    def count(self) -> int:
        return len(self.team)


def team_sizes(teams: Teams, total: int, rng: np.random.Generator) -> np.ndarray:
    """People per team: about ``total`` in all, 4–10 on every small-department team."""
    small = teams.frame["small_department"].to_numpy()
    sizes = np.zeros(teams.count, dtype=np.int64)
    sizes[small] = rng.integers(4, 11, small.sum())
    raw = np.maximum(rng.lognormal(3.35, 0.55, (~small).sum()), 4)
    sizes[~small] = np.maximum(split(total - sizes[small].sum(), raw), 4)
    return sizes


def build_staff(scale: Scale, teams: Teams, rng: np.random.Generator) -> Staff:
    """Every person on every team (current and closed)."""
    sizes = team_sizes(teams, scale.staff, rng)
    team = np.repeat(np.arange(teams.count, dtype=np.int32), sizes)
    n = len(team)
    position = np.arange(n) - np.repeat(np.cumsum(sizes) - sizes, sizes)

    # Random roles at rates that, with the forced management co-leads, give the target shares.
    p_manager = max(MANAGER_SHARE - teams.count / n, 0.0) / (1 - 2 * teams.count / n)
    draw = rng.random(n)
    role = np.where(
        draw < p_manager, MANAGER, np.where(draw < p_manager + PHYSICIAN_SHARE, PHYSICIAN, EMPLOYEE)
    )
    role[position == 0] = MANAGER
    role[position == 1] = EMPLOYEE

    union, group = _unions(teams, team, role, rng)

    formed, closed = teams.formed_day[team], teams.closed_day[team]
    established = formed < FIRST_DAY
    later = established & (rng.random(n) < HIRED_DURING_WINDOW) & (position > 1)
    start = np.where(established, np.minimum(formed, FIRST_DAY - 1), formed + rng.integers(0, 45, n))
    start = np.where(later, rng.integers(FIRST_DAY, LAST_DAY + 1, n), start)
    start = np.minimum(start, np.minimum(closed - 1, LAST_DAY))
    # People leave over the decade (or when the team closes): a stay from the first quarter, or from
    # joining, of exponentially distributed length.
    stay = rng.exponential(YEARS_ON_TEAM * 365.25, n).astype(np.int64)
    leave = np.maximum(start, FIRST_DAY) + 30 + stay
    return Staff(
        team=team,
        role=role.astype(np.int8),
        union=union,
        group=group,
        start_day=start.astype(np.int32),
        end_day=np.minimum(closed, leave).astype(np.int32),
        co_lead=position < 2,
    )


def _unions(
    teams: Teams, team: np.ndarray, role: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Union local and labor group of each person from the team's region and labor partner."""
    n = len(team)
    partner = teams.frame["labor_partner"].to_numpy()[team]
    in_coalition = np.where(partner == "Both", rng.random(n) < 0.55, partner == COALITION)
    group = np.where(in_coalition, 0, 1).astype(np.int8)
    group[role != EMPLOYEE] = 2
    union = np.full(n, -1, dtype=np.int16)
    region = teams.frame["region"].to_numpy()[team]
    for name in pd.unique(region):
        for code, label in ((0, COALITION), (1, ALLIANCE)):
            chosen = np.flatnonzero((region == name) & (group == code))
            codes, probabilities = locals_of(name, label)
            union[chosen] = rng.choice(codes, len(chosen), p=probabilities)
    return union, group
