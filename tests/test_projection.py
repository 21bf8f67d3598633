"""On track? The straight-line projection on a hand-worked series, and on a small fixture database."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.projection import on_track, project, quarters_between
from tests.dbfixtures import insert_rows, team_row

# Shares 50%, 53%, 54%, 57% at t = 0…3 (2025 Q4 … 2026 Q3). t̄ = 1.5, ȳ = 0.535, Sxx = 5,
# Sxy = 1.5·0.035 + 0.5·0.005 + 0.5·0.005 + 1.5·0.035 = 0.11 → b = 0.022 a quarter, a = 0.502.
# Fitted 0.502 0.524 0.546 0.568; residuals −0.002 0.006 −0.006 0.002: SSE = 8e-5, s² = 4e-5
# (N − 2 = 2), s = 0.0063246; SST = 0.0025, r² = 1 − 8e-5/0.0025 = 0.968.
# Target 2027 Q3 is 4 quarters on: t₀ = 7, ŷ = 0.502 + 7·0.022 = 0.656;
# se = s·√(1 + 1/4 + 5.5²/5) = 0.0063246·√7.3 = 0.017088; t(2) = 4.303 → ± 0.073530:
# [0.582470, 0.729530]. 200 teams now, 114 at level 4–5; 75% asks 150 → 36 more, 9 a quarter.
QUARTERS = [date(2025, 10, 1), date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1)]
SERIES = pd.DataFrame(
    {
        "quarter": QUARTERS,
        "high_performing_share": [0.50, 0.53, 0.54, 0.57],
        "assessed_teams": [200] * 4,
        "high_performing_teams": [100, 106, 108, 114],
    }
)


def test_hand_worked_projection() -> None:
    p = project(SERIES, date(2027, 7, 1), 0.75, window=8)
    assert p is not None
    assert (p.window, p.quarters_left) == (4, 4)
    assert p.slope == pytest.approx(0.022)
    assert p.intercept == pytest.approx(0.502)
    assert p.r2 == pytest.approx(0.968)
    assert p.residual_sd == pytest.approx(0.0063246, abs=1e-7)
    assert p.projected == pytest.approx(0.656)
    assert (p.lower, p.upper) == (pytest.approx(0.582470, abs=1e-5), pytest.approx(0.729530, abs=1e-5))
    assert (p.teams_needed, p.per_quarter) == (36, 9.0)
    path = p.path()
    assert list(path["quarter"]) == [
        date(2026, 7, 1),
        date(2026, 10, 1),
        date(2027, 1, 1),
        date(2027, 4, 1),
        date(2027, 7, 1),
    ]
    assert path["projected"].iloc[0] == pytest.approx(0.568)
    assert path["upper"].iloc[-1] == pytest.approx(0.729530, abs=1e-5)


def test_window_keeps_the_last_quarters_and_target_reached_needs_no_teams() -> None:
    p = project(SERIES, date(2027, 7, 1), 0.5, window=2)  # the last two quarters: 54% → 57%
    assert p is not None and p.window == 2
    assert p.slope == pytest.approx(0.03)
    assert p.projected == pytest.approx(0.57 + 4 * 0.03)
    assert (p.lower, p.upper) == (p.projected, p.projected)  # two points: no interval to estimate
    assert p.teams_needed == 0
    assert quarters_between(date(2026, 7, 1), date(2026, 1, 1)) == -2


def test_on_track_per_group_from_the_database(empty_db: Database, build_marts) -> None:
    # Region A: 2 teams, level 4 and 2 then both 4 (50% → 100%); region B: one team at 3 both quarters.
    insert_rows(
        empty_db,
        "teams",
        [team_row("T1", "A", "F1", "D1"), team_row("T2", "A", "F1", "D1"), team_row("T3", "B", "F2", "D2")],
    )
    levels = [("T1", 0, 4), ("T2", 0, 2), ("T3", 0, 3), ("T1", 1, 4), ("T2", 1, 4), ("T3", 1, 3)]
    insert_rows(
        empty_db,
        "team_quarter_levels",
        [{"team_id": t, "quarter": QUARTERS[2 + q], "level": lv, "assessed_on": None} for t, q, lv in levels],
    )
    build_marts(empty_db)
    out = on_track(empty_db, Filters(), "region", QUARTERS[3], date(2026, 10, 1), 0.75, 4)
    assert set(out) == {"A", "B"}
    assert out["A"].slope == pytest.approx(0.5) and out["A"].projected == 1.0  # 150% clipped
    assert out["B"].projected == 0.0 and out["B"].teams_needed == 1  # ceil(0.75 × 1) − 0
    national = on_track(empty_db, Filters(), "national", QUARTERS[3], date(2026, 10, 1), 0.75, 4)["National"]
    assert (national.teams_now, national.high_now) == (3, 2)
    assert national.teams_needed == 1 and national.per_quarter == 1.0  # ceil(2.25) = 3 − 2
