"""Teams over time: which exist at the start, which form later and which close.

About ``teams_at_start`` teams are open in the first quarter; new teams form every quarter and a
few close (``CLOSE_RATE`` per quarter), so about ``teams_at_end`` are open in the last quarter.
A team is first assessed the quarter after it forms and last assessed the quarter before it
closes, so a team formed in the last quarter has no assessment yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from lmp_metrics.demo.config import FIRST_DAY, LAST_DAY, N_QUARTERS, QUARTER_STARTS, Scale, day_number
from lmp_metrics.demo.hierarchy import build_hierarchy
from lmp_metrics.demo.labor import LABOR_PARTNERS, PARTNER_MIX

CLOSE_RATE = 0.005  # share of open teams that close in a quarter
EARLIEST_FORMED = day_number(date(2008, 1, 1))


@dataclass
class Teams:
    """Every team that ever exists, in team_id order, with its lifecycle as quarter indexes."""

    frame: pd.DataFrame  # hierarchy columns, team_name, labor_partner, small_department
    formed_day: np.ndarray
    closed_day: np.ndarray  # LAST_DAY + 1 for teams still open
    first_quarter: np.ndarray  # first assessed quarter (N_QUARTERS when never assessed)
    end_quarter: np.ndarray  # one past the last assessed quarter
    facility_code: np.ndarray

    @property
    def count(self) -> int:
        return len(self.frame)

    def active(self) -> np.ndarray:
        """Boolean matrix team × quarter: the team is assessed (or due to be) that quarter."""
        quarter = np.arange(N_QUARTERS)
        return (quarter >= self.first_quarter[:, None]) & (quarter < self.end_quarter[:, None])


def total_teams(scale: Scale) -> int:
    """Teams that ever exist: those open at the end plus the expected closures."""
    closures = CLOSE_RATE * (scale.teams_at_start + scale.teams_at_end) / 2 * (N_QUARTERS - 1)
    return scale.teams_at_end + round(closures)


def build_teams(scale: Scale, rng: np.random.Generator) -> Teams:
    """Lay out the hierarchy and give each team a formation, a closure and a labor partner."""
    frame = build_hierarchy(scale, total_teams(scale), rng)
    n = len(frame)
    small = frame["small_department"].to_numpy()

    # Which teams exist at the start: small departments always do; the rest are drawn.
    n_new = max(n - scale.teams_at_start, 1)
    candidates = np.flatnonzero(~small)
    new = np.zeros(n, dtype=bool)
    new[rng.choice(candidates, n_new, replace=False)] = True
    formed_q = np.full(n, -1)
    formed_q[new] = rng.integers(1, N_QUARTERS, n_new)
    formed_q[np.flatnonzero(new)[-1]] = N_QUARTERS - 1  # at least one team formed in the last quarter

    closes_after = rng.geometric(CLOSE_RATE, n)
    closed_q = np.maximum(formed_q, 0) + closes_after
    closed_q[small | (formed_q == N_QUARTERS - 1)] = N_QUARTERS
    if not (closed_q < N_QUARTERS).any():  # at least one closed team
        closed_q[np.flatnonzero(~new & ~small)[0]] = N_QUARTERS // 2
    closed_q = np.minimum(closed_q, N_QUARTERS)

    formed_day = np.where(
        formed_q < 0,
        rng.integers(EARLIEST_FORMED, FIRST_DAY, n),
        _day_in_quarter(np.maximum(formed_q, 0), rng),
    )
    closed_day = np.where(
        closed_q < N_QUARTERS, _day_in_quarter(np.minimum(closed_q, N_QUARTERS - 1), rng), LAST_DAY + 1
    )

    region_codes, regions = pd.factorize(frame["region"])
    mix = np.array([PARTNER_MIX[region] for region in regions])[region_codes]
    partner = (rng.random(n)[:, None] > np.cumsum(mix, axis=1)).sum(axis=1)
    frame["labor_partner"] = np.array(LABOR_PARTNERS)[np.minimum(partner, 2)]
    return Teams(
        frame=frame,
        formed_day=formed_day.astype(np.int32),
        closed_day=closed_day.astype(np.int32),
        first_quarter=formed_q + 1,
        end_quarter=closed_q,
        facility_code=pd.factorize(frame["facility"])[0],
    )


def _day_in_quarter(quarter: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random day inside each given quarter (never after the data date)."""
    start = QUARTER_STARTS[quarter]
    length = QUARTER_STARTS[quarter + 1] - start
    return start + np.floor(rng.random(len(quarter)) * length).astype(np.int32)
