"""Over-dispersion adjusted funnel limits on a hand-worked fixture (Spiegelhalter 2005, additive)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lmp_metrics.metrics.dispersion import adjusted_positions, estimate, limit_curves, z_alpha
from lmp_metrics.metrics.levels import binomial_tails

# Ten groups of 100 with shares 35%…65% and two large groups of 2,500 at 44% and 56%. By symmetry
# p₀ = 0.5, so sᵢ = √(0.25/n): 0.05 for n = 100, 0.01 for n = 2,500.
# z-scores: −3 −2 −1 0 0 0 0 1 2 3 for the small groups, −6 and +6 for the large ones.
# Sorted (12 values): −6 −3 −2 −1 0 0 0 0 1 2 3 6. Percentiles (linear): 10th at position 1.1 →
# −3 + 0.1 = −2.9; 90th at 9.9 → 2 + 0.9 = 2.9. Winsorised Σz² = 4 × 2.9² + 2 × 2² + 2 × 1² = 43.64,
# φ = 43.64 / 12 = 3.63667. Weights wᵢ = 1/sᵢ² = 4n: 400 (×10) and 10,000 (×2): Σw = 24,000,
# Σw² = 1,600,000 + 200,000,000 = 201,600,000, Σw²/Σw = 8,400, so
# τ² = (43.64 − 11) / (24,000 − 8,400) = 32.64 / 15,600 = 0.00209231.
# Large group at 56%: adjusted sd √(0.0001 + 0.00209231) = 0.0468216; 99.8% limits
# 0.5 ± 3.0902 × 0.0468216 = [0.35531, 0.64469] → inside. Plain limits 0.5 ± 3.0902 × 0.01 → outside.
SHARES = [0.35, 0.40, 0.45, 0.50, 0.50, 0.50, 0.50, 0.55, 0.60, 0.65]
GROUPS = pd.DataFrame(
    {
        "group": [f"small {i}" for i in range(10)] + ["large low", "large high"],
        "n": [100] * 10 + [2500, 2500],
        "r": [round(s * 100) for s in SHARES] + [1100, 1400],
    }
)


def test_hand_worked_estimate() -> None:
    fit = estimate(GROUPS["r"].to_numpy(), GROUPS["n"].to_numpy())
    assert fit.overall == pytest.approx(0.5)
    assert fit.phi == pytest.approx(43.64 / 12)
    assert fit.tau2 == pytest.approx(32.64 / 15600)
    assert z_alpha() == pytest.approx(3.0902, abs=1e-4)


def test_plain_limits_flag_the_large_group_and_adjusted_limits_do_not() -> None:
    # the page's plain (exact binomial) funnel: 1,400 of 2,500 around 0.5 is far beyond 99.8%
    above, _ = binomial_tails(2500, 1400, 0.5)
    assert above < 0.001
    points, _ = adjusted_positions(GROUPS, "r", "n")
    large = points.set_index("group").loc["large high"]
    assert large["z"] == pytest.approx(6.0)
    assert large["lower"] == pytest.approx(0.35531, abs=1e-5)
    assert large["upper"] == pytest.approx(0.64469, abs=1e-5)
    assert large["position"] == "within"
    assert set(points["position"]) == {"within"}


def test_a_real_outlier_stays_outside_and_no_overdispersion_means_plain_limits() -> None:
    # Six groups of 100 at 50% and one at 90%: p₀ = 390/700 = 0.557143, s = √(p₀(1−p₀)/100) = 0.049673;
    # z = −1.1503 (six times) and 6.9024. 10th percentile (position 0.6) = −1.1503; 90th (position 5.4)
    # = −1.1503 + 0.4 × 8.0527 = 2.0708. Σz² = 6 × 1.3232 + 2.0708² = 12.227, Iφ − (I − 1) = 6.227;
    # w = 405.29 each: Σw − Σw²/Σw = 2,837.0 − 405.29 = 2,431.7, τ² = 0.0025608; the 90% group's
    # adjusted z = 0.342857 / √(0.0024674 + 0.0025608) = 4.835 > 3.09: still outside.
    frame = pd.DataFrame({"n": [100] * 6 + [100], "r": [50] * 6 + [90]})
    p0 = (300 + 90) / 700
    points, fit = adjusted_positions(frame, "r", "n")
    assert fit.overall == pytest.approx(p0)
    assert fit.tau2 == pytest.approx(0.0025608, rel=1e-3)
    assert points["z_adjusted"].iloc[-1] == pytest.approx(4.835, abs=2e-3)
    assert points["position"].tolist() == ["within"] * 6 + ["above"]
    # no over-dispersion: every group at p₀ → τ² = 0 and the limits are p₀ ± z √(p₀(1−p₀)/n)
    even = pd.DataFrame({"n": [100, 200, 300, 400, 500], "r": [30, 60, 90, 120, 150]})
    points, fit = adjusted_positions(even, "r", "n")
    assert fit.tau2 == 0
    assert points["upper"].iloc[0] == pytest.approx(0.3 + z_alpha() * math.sqrt(0.21 / 100))
    # fewer than five groups: τ² is not estimated
    assert estimate(np.array([10, 90]), np.array([100, 100])).tau2 == 0


def test_limit_curves_are_the_plain_and_adjusted_limits_at_each_size() -> None:
    fit = estimate(GROUPS["r"].to_numpy(), GROUPS["n"].to_numpy())
    curves = limit_curves(fit, 100, 2500, points=50)
    assert curves["n"].iloc[0] == pytest.approx(80) and curves["n"].iloc[-1] == pytest.approx(3125)
    at = curves.iloc[-1]
    plain = z_alpha() * math.sqrt(0.25 / 3125)
    assert at["plain_upper"] == pytest.approx(0.5 + plain)
    assert at["upper"] == pytest.approx(0.5 + z_alpha() * math.sqrt(0.25 / 3125 + 32.64 / 15600))
    assert (curves["upper"] >= curves["plain_upper"]).all()
