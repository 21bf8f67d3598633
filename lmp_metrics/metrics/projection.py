"""On track? The high-performing share projected to a target quarter by a straight-line trend.

Model (stated, not a black box): ordinary least squares of the share on the quarter number over
the last ``window`` assessed quarters, share = a + b·t. The projection at the target quarter t₀
is a + b·t₀ with a 95% prediction interval ± t₀.₉₇₅(N−2) · s · √(1 + 1/N + (t₀ − t̄)² / Sxx),
where s² = Σ residual² / (N − 2); both are clipped to 0–100%. The fit's slope, r² and residual
spread are reported with it. Teams that would need to move up per quarter: the high-performing
teams the target share asks of today's assessed teams, less those at level 4–5 now, spread evenly
over the quarters left (the number of assessed teams is taken as staying where it is).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.levels import level_summary
from lmp_metrics.vocabulary.quarters import shift_quarters

# Student's t, two-sided 95% (0.975 quantile), by degrees of freedom; the normal 1.96 beyond.
T_975 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
    10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110,
    18: 2.101, 19: 2.093, 20: 2.086, 25: 2.060, 30: 2.042,
}  # fmt: skip
WINDOWS = (4, 6, 8, 12, 16, 20)  # quarters the trend may be fitted on
DEFAULT_WINDOW = 8


def t_975(df: int) -> float:
    """The 0.975 quantile of Student's t with ``df`` degrees of freedom (table above)."""
    known = [d for d in T_975 if d <= df]
    return T_975[max(known)] if df <= 30 and known else 1.96


def quarters_between(first: date, last: date) -> int:
    """Whole quarters from ``first`` to ``last`` (negative when ``last`` is earlier)."""
    return (last.year - first.year) * 4 + (last.month - first.month) // 3


@dataclass(frozen=True)
class Projection:
    """The trend fit and what it says about the target quarter."""

    history: pd.DataFrame  # quarter, share, assessed_teams, high_performing_teams, fitted (in the window)
    last_quarter: date
    target_quarter: date
    target: float
    window: int  # quarters actually fitted
    intercept: float
    slope: float  # share per quarter
    r2: float
    residual_sd: float
    projected: float
    lower: float
    upper: float
    teams_now: int
    high_now: int

    @property
    def quarters_left(self) -> int:
        return quarters_between(self.last_quarter, self.target_quarter)

    @property
    def teams_needed(self) -> int:
        """More teams at level 4–5 than now for the target share of today's assessed teams."""
        return max(0, math.ceil(self.target * self.teams_now - 1e-9) - self.high_now)

    @property
    def per_quarter(self) -> float:
        """Teams that would need to move up each quarter (net), ``teams_needed`` spread evenly."""
        return self.teams_needed / self.quarters_left if self.quarters_left > 0 else float("nan")

    def path(self) -> pd.DataFrame:
        """The projection quarter by quarter from the last one: quarter, projected, lower, upper."""
        rows = []
        for step in range(self.quarters_left + 1):
            value, low, high = _predict(self, self.window - 1 + step)
            rows.append((shift_quarters(self.last_quarter, step), value, low, high))
        return pd.DataFrame(rows, columns=["quarter", "projected", "lower", "upper"])


def _predict(fit: Projection | _Fit, t0: float) -> tuple[float, float, float]:
    n = fit.window
    centre = fit.intercept + fit.slope * t0
    if n < 3:
        return _clip(centre), _clip(centre), _clip(centre)
    mean_t = (n - 1) / 2
    sxx = sum((t - mean_t) ** 2 for t in range(n))
    half = t_975(n - 2) * fit.residual_sd * math.sqrt(1 + 1 / n + (t0 - mean_t) ** 2 / sxx)
    return _clip(centre), _clip(centre - half), _clip(centre + half)


def _clip(value: float) -> float:
    return float(min(max(value, 0.0), 1.0))


@dataclass(frozen=True)
class _Fit:
    window: int
    intercept: float
    slope: float
    r2: float
    residual_sd: float


def fit_trend(shares: np.ndarray) -> _Fit:
    """Least squares of ``shares`` on t = 0, 1, …; residual sd with N − 2 degrees of freedom."""
    y = np.asarray(shares, dtype=float)
    n = len(y)
    t = np.arange(n, dtype=float)
    if n == 1:
        return _Fit(1, float(y[0]), 0.0, float("nan"), float("nan"))
    slope, intercept = np.polyfit(t, y, 1)
    residuals = y - (intercept + slope * t)
    total = float(((y - y.mean()) ** 2).sum())
    sse = float((residuals**2).sum())
    r2 = 1 - sse / total if total > 0 else float("nan")
    sd = math.sqrt(sse / (n - 2)) if n > 2 else float("nan")
    return _Fit(n, float(intercept), float(slope), r2, sd)


def project(history: pd.DataFrame, target_quarter: date, target: float, window: int) -> Projection | None:
    """Fit the last ``window`` quarters of ``history`` (one group's ``level_summary`` rows) and
    project to ``target_quarter``; None without any assessed quarter."""
    rows = history.sort_values("quarter").tail(window).reset_index(drop=True)
    if rows.empty:
        return None
    fit = fit_trend(rows["high_performing_share"].to_numpy())
    last = rows.iloc[-1]
    shown = rows[["quarter", "high_performing_share", "assessed_teams", "high_performing_teams"]].rename(
        columns={"high_performing_share": "share"}
    )
    shown["fitted"] = fit.intercept + fit.slope * np.arange(len(rows))
    draft = Projection(
        shown, last["quarter"], target_quarter, target, fit.window, fit.intercept, fit.slope, fit.r2,
        fit.residual_sd, 0.0, 0.0, 0.0, int(last["assessed_teams"]), int(last["high_performing_teams"]),
    )  # fmt: skip
    value, low, high = _predict(fit, fit.window - 1 + draft.quarters_left)
    return replace(draft, projected=value, lower=low, upper=high)


def on_track(
    db: Database,
    filters: Filters,
    by: str,
    last_quarter: date,
    target_quarter: date,
    target: float,
    window: int,
) -> dict[str, Projection]:
    """Projection per ``by`` group ('national' for the whole scope) from the ``window`` quarters
    up to ``last_quarter``."""
    quarters = [shift_quarters(last_quarter, -k) for k in range(window - 1, -1, -1)]
    summary = level_summary(db, filters, by, quarters)
    out = {}
    for group, rows in summary.groupby("group", sort=True):
        projection = project(rows, target_quarter, target, window)
        if projection is not None and projection.last_quarter == last_quarter:
            out[str(group)] = projection
    return out
