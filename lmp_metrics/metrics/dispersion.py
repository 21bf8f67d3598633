"""Funnel limits for proportions adjusted for over-dispersion (Spiegelhalter 2005, additive
random effects).

Plain binomial limits assume every group shares one true rate and differs only by chance. Real
groups differ for many small reasons too, so with large groups (a facility of 60 teams, or 20,000
training assignments) almost every group falls outside the plain limits. The additive method adds
a between-group variance τ² to each group's sampling variance, so the limits no longer shrink to
nothing as groups grow:

1. z-score of each group: zᵢ = (pᵢ − p₀) / sᵢ with sᵢ² = p₀(1 − p₀) / nᵢ;
2. winsorise the z-scores at their 10th and 90th percentiles (so the outliers being looked for do
   not inflate the estimate), φ = Σ zᵢ² / I over the I groups;
3. τ² = (Iφ − (I − 1)) / (Σwᵢ − Σwᵢ² / Σwᵢ) with wᵢ = 1 / sᵢ², or 0 when Iφ ≤ I − 1 (no
   over-dispersion) or when there are fewer than ``MIN_GROUPS`` groups (too few to estimate it);
4. limits p₀ ± z_α √(sᵢ² + τ²); a group is outside when |pᵢ − p₀| / √(sᵢ² + τ²) > z_α.

The multiplicative alternative (limits widened by √φ) keeps the funnel's shape, so it still
flags nearly every large group; the additive one is therefore the method used here.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

COVERAGE = 0.998  # two-sided: about 3.09 standard deviations
MIN_GROUPS = 5  # fewer groups than this: τ² is not estimated (plain limits)
WINSOR = (10, 90)  # percentiles the z-scores are clipped to before estimating φ


def z_alpha(coverage: float = COVERAGE) -> float:
    """Two-sided normal quantile: 3.090 for 99.8%, 1.960 for 95%."""
    return NormalDist().inv_cdf(0.5 + coverage / 2)


@dataclass(frozen=True)
class Dispersion:
    """The estimate behind the adjusted limits."""

    overall: float  # p₀ = Σ events / Σ n
    groups: int  # I
    phi: float  # φ, from winsorised z-scores (NaN with no groups)
    tau2: float  # τ², the between-group variance added to each group's (0: no adjustment)

    @property
    def adjusted(self) -> bool:
        return self.tau2 > 0


def estimate(events: np.ndarray, sizes: np.ndarray) -> Dispersion:
    """p₀, φ and τ² for groups with ``events`` of ``sizes`` (only groups with size > 0 count)."""
    keep = sizes > 0
    events, sizes = np.asarray(events, float)[keep], np.asarray(sizes, float)[keep]
    count = len(sizes)
    if count == 0:
        return Dispersion(float("nan"), 0, float("nan"), 0.0)
    p0 = float(events.sum() / sizes.sum())
    if p0 <= 0 or p0 >= 1:
        return Dispersion(p0, count, float("nan"), 0.0)
    variance = p0 * (1 - p0) / sizes
    z = (events / sizes - p0) / np.sqrt(variance)
    low, high = np.percentile(z, WINSOR)
    phi = float(np.mean(np.clip(z, low, high) ** 2))
    weights = 1 / variance
    excess = count * phi - (count - 1)
    tau2 = 0.0
    if count >= MIN_GROUPS and excess > 0:
        tau2 = float(excess / (weights.sum() - (weights**2).sum() / weights.sum()))
    return Dispersion(p0, count, phi, tau2)


def adjusted_positions(
    frame: pd.DataFrame, events: str, sizes: str, coverage: float = COVERAGE
) -> tuple[pd.DataFrame, Dispersion]:
    """``frame`` with p, z (plain), z_adjusted, lower, upper (adjusted limits) and position
    ('above', 'below' or 'within' the adjusted limits), and the ``Dispersion`` used."""
    fit = estimate(frame[events].to_numpy(), frame[sizes].to_numpy())
    n = frame[sizes].astype(float).where(frame[sizes] > 0)
    p = frame[events] / n
    variance = fit.overall * (1 - fit.overall) / n
    spread = np.sqrt(variance + fit.tau2)
    z_adjusted = (p - fit.overall) / spread
    limit = z_alpha(coverage)
    out = frame.assign(
        p=p,
        z=(p - fit.overall) / np.sqrt(variance),
        z_adjusted=z_adjusted,
        lower=fit.overall - limit * spread,
        upper=fit.overall + limit * spread,
        position=np.select([z_adjusted > limit, z_adjusted < -limit], ["above", "below"], "within"),
    )
    return out, fit


def limit_curves(
    fit: Dispersion, smallest: float, largest: float, coverage: float = COVERAGE, points: int = 120
) -> pd.DataFrame:
    """Plain and adjusted limits around p₀ at ``points`` group sizes log-spaced around ``smallest``
    … ``largest``, for drawing the funnel: n, plain_lower, plain_upper (p₀ ± z·sᵢ), lower, upper
    (p₀ ± z·√(sᵢ² + τ²)), clipped to 0–1."""
    n = np.geomspace(max(1.0, 0.8 * smallest), max(1.0, 1.25 * largest), points)
    variance = fit.overall * (1 - fit.overall) / n
    limit = z_alpha(coverage)
    plain, adjusted = limit * np.sqrt(variance), limit * np.sqrt(variance + fit.tau2)
    return pd.DataFrame(
        {
            "n": n,
            "plain_lower": np.clip(fit.overall - plain, 0, 1),
            "plain_upper": np.clip(fit.overall + plain, 0, 1),
            "lower": np.clip(fit.overall - adjusted, 0, 1),
            "upper": np.clip(fit.overall + adjusted, 0, 1),
        }
    )
