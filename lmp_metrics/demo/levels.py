"""Path to Performance levels and dimension scores, team by quarter.

Each team follows a latent "capability" on the 1–5 scale: a level that rises over the decade
(fast at first, then settling), shifted by its region's and facility's trend (some improve, some
slip), a team's own start and pace, a ramp-up for newly formed teams, and slowly wandering noise
(AR(1)), so levels move mostly one step at a time. The capability, rounded to one decimal, is the
team's weakest dimension score; the other dimensions sit a team-specific gap above it. The level
is that weakest score rounded, because a team moves up only when every dimension meets the next
level.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lmp_metrics.demo.config import N_QUARTERS, QUARTER_STARTS
from lmp_metrics.demo.teams import Teams

# dimension_id, dimension_name, family, mean gap above the team's weakest dimension (tenths)
DIMENSIONS = (
    ("goals_performance", "Goals and performance", "performance", 3.0),
    ("use_of_tools", "Use of tools", "performance", 2.0),
    ("sponsorship", "Sponsorship", "leadership", 6.0),
    ("leadership", "Leadership", "leadership", 5.0),
    ("team_process", "Team process", "engagement", 4.0),
    ("member_engagement", "Team member engagement", "engagement", 5.0),
    ("training", "Training", "engagement", 3.5),
)
DIMENSION_IDS = tuple(d[0] for d in DIMENSIONS)

START_LEVEL = 3.0  # mean capability of established teams in the first quarter
DECADE_GAIN = 0.95  # mean rise over the 40 quarters
SETTLING_QUARTERS = 16.0  # time constant of the rise: most of it comes early
TEAM_SPREAD = 0.75  # spread of teams' starting points
NOISE_PERSISTENCE = 0.85  # AR(1) coefficient of the quarter-to-quarter wander
NOISE_STEP = 0.17
MISSING_RATE = 0.04  # assessments missing in a quarter

# region → (start offset, extra gain over the decade, (slip start quarter, slip size) or None)
REGION_TRENDS: dict[str, tuple[float, float, tuple[int, float] | None]] = {
    "Northern California": (0.05, 0.05, None),
    "Southern California": (0.0, -0.05, None),
    "Colorado": (0.05, 0.20, None),
    "Georgia": (-0.25, 0.25, (26, 0.55)),
    "Hawaii": (0.15, 0.30, None),
    "Mid-Atlantic States": (-0.20, -0.15, None),
    "Northwest": (0.20, 0.30, None),
    "Washington": (0.0, 0.15, (30, 0.40)),
}


@dataclass
class Assessments:
    """Levels (with missing assessments dropped) and the capability behind them."""

    capability_level: np.ndarray  # team × quarter int8: latent level, 0 when the team is not open
    team: np.ndarray  # assessed rows: team index
    quarter: np.ndarray  # assessed rows: quarter index
    level: np.ndarray
    assessed_day: np.ndarray
    weakest10: np.ndarray  # weakest dimension score in tenths


def _ramp(quarter: np.ndarray, start: np.ndarray, length: float) -> np.ndarray:
    """0 before ``start``, rising smoothly to 1 over about ``length`` quarters."""
    x = np.clip((quarter - start) / length, 0.0, 1.0)
    return x * x * (3 - 2 * x)


def capability(teams: Teams, rng: np.random.Generator) -> np.ndarray:
    """Latent capability team × quarter on the 1–5 scale (float32)."""
    n, quarter = teams.count, np.arange(N_QUARTERS, dtype=float)
    progress = (1 - np.exp(-quarter / SETTLING_QUARTERS)) / (
        1 - np.exp(-(N_QUARTERS - 1) / SETTLING_QUARTERS)
    )

    region, names = pd.factorize(teams.frame["region"])
    trends = [REGION_TRENDS[name] for name in names]
    r_offset = np.array([offset for offset, _, _ in trends])
    r_gain = np.array([gain for _, gain, _ in trends])
    r_slip = np.array(
        [slip[1] * _ramp(quarter, slip[0], 8.0) if slip else 0 * quarter for _, _, slip in trends]
    )

    n_fac = teams.facility_code.max() + 1
    f_offset = rng.normal(0, 0.25, n_fac)
    f_gain = rng.normal(0, 0.30, n_fac)
    f_turn = rng.choice([-1.0, 0.0, 1.0], n_fac, p=[0.15, 0.70, 0.15]) * rng.uniform(0.4, 0.8, n_fac)
    f_turn_start = rng.integers(10, 34, n_fac)
    turn = f_turn[:, None] * _ramp(quarter[None, :], f_turn_start[:, None], 6.0)

    fac = teams.facility_code
    mean = (
        START_LEVEL
        + (r_offset[region] + f_offset[fac] + rng.normal(0, TEAM_SPREAD, n))[:, None]
        + (DECADE_GAIN + r_gain[region] + f_gain[fac] + rng.normal(0, 0.25, n))[:, None] * progress
        - r_slip[region]
        + turn[fac]
    )
    # New teams start one to two levels lower and catch up over their first two years or so.
    new = teams.first_quarter > 0
    deficit = np.where(new, rng.uniform(1.0, 2.0, n), 0.0)
    age = np.maximum(quarter[None, :] - teams.first_quarter[:, None], 0)
    mean -= deficit[:, None] * np.exp(-age / 7.0)

    noise = np.empty((n, N_QUARTERS))
    noise[:, 0] = rng.normal(0, NOISE_STEP / np.sqrt(1 - NOISE_PERSISTENCE**2), n)
    steps = rng.normal(0, NOISE_STEP, (n, N_QUARTERS))
    for q in range(1, N_QUARTERS):
        noise[:, q] = NOISE_PERSISTENCE * noise[:, q - 1] + steps[:, q]
    return (mean + noise).astype(np.float32)


def assess(teams: Teams, rng: np.random.Generator) -> Assessments:
    """Levels of every open team and quarter, minus a few missing assessments."""
    weakest10 = np.clip(np.rint(capability(teams, rng) * 10), 10, 50).astype(np.int16)
    level_all = ((weakest10 + 5) // 10).astype(np.int8)
    active = teams.active()
    missing_rate = MISSING_RATE * rng.uniform(0.3, 1.7, teams.facility_code.max() + 1)[teams.facility_code]
    assessed = active & (rng.random(active.shape) >= missing_rate[:, None])
    team, quarter = np.nonzero(assessed)
    quarter_length = QUARTER_STARTS[quarter + 1] - QUARTER_STARTS[quarter]
    assessed_day = (
        QUARTER_STARTS[quarter] + 45 + (rng.random(len(team)) * (quarter_length - 46)).astype(np.int32)
    )
    return Assessments(
        capability_level=np.where(active, level_all, 0).astype(np.int8),
        team=team.astype(np.int32),
        quarter=quarter.astype(np.int16),
        level=level_all[team, quarter],
        assessed_day=assessed_day.astype(np.int32),
        weakest10=weakest10[team, quarter],
    )


def dimension_scores(assessments: Assessments, n_teams: int, rng: np.random.Generator) -> np.ndarray:
    """Scores in tenths, assessed row × dimension: the weakest equals ``weakest10``, none above 50."""
    mean_gap = np.array([d[3] for d in DIMENSIONS])
    team_gap = rng.exponential(mean_gap, (n_teams, len(DIMENSIONS)))
    rows = len(assessments.team)
    gap = np.maximum(team_gap[assessments.team] + rng.normal(0, 1.5, (rows, len(DIMENSIONS))), 0)
    gap -= gap.min(axis=1, keepdims=True)
    return np.minimum(assessments.weakest10[:, None] + np.rint(gap).astype(np.int16), 50).astype(np.int16)
