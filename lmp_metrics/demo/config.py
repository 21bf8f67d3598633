"""Scales of the demo database and the fixed calendar every scale shares.

The calendar ends at a fixed quarter (not today's date), so the same seed always builds the same
database: 40 quarters from 2016 Q4 to 2026 Q3, with data "as of" the last day of 2026 Q3.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from lmp_metrics.vocabulary.quarters import quarter_end, shift_quarters

END_QUARTER = date(2026, 7, 1)  # 2026 Q3, the quarter before the demo's "today" (2026-11-23)
N_QUARTERS = 40
FIRST_QUARTER = shift_quarters(END_QUARTER, 1 - N_QUARTERS)
DATA_DATE = quarter_end(END_QUARTER)  # nothing in the demo happens after this day


def day_number(day: date) -> int:
    """Days since 1970-01-01 (how dates travel in numpy arrays and Arrow date32 columns)."""
    return (day - date(1970, 1, 1)).days


def as_dates(days: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """Day numbers as an Arrow date column (``missing`` marks NULLs)."""
    return pa.array(np.asarray(days, dtype=np.int32), pa.date32(), mask=missing)


QUARTER_STARTS = np.array(
    [day_number(shift_quarters(FIRST_QUARTER, q)) for q in range(N_QUARTERS + 1)], dtype=np.int32
)  # one extra entry: the day after the last quarter ends
FIRST_DAY = int(QUARTER_STARTS[0])
LAST_DAY = day_number(DATA_DATE)


def quarter_of(days: np.ndarray) -> np.ndarray:
    """Index (0…39) of the quarter holding each day number; -1 before, 40 after the window."""
    return np.searchsorted(QUARTER_STARTS, days, side="right").astype(np.int32) - 1


@dataclass(frozen=True)
class Scale:
    """How big a demo database is. Counts are targets; the generator lands close to them."""

    name: str
    regions: tuple[str, ...]
    teams_at_start: int  # teams open in the first quarter
    teams_at_end: int  # teams open in the last quarter
    staff: int  # people in the staff table (current and former teams)
    teams_per_service_area: float
    teams_per_facility: float
    teams_per_department: float
    person_chunk: int = 250_000  # training records are generated and inserted this many people at a time
    commit_rows: int | None = None  # large tables inserted (and checkpointed) this many rows at a time


ALL_REGIONS = (
    "Northern California",
    "Southern California",
    "Colorado",
    "Georgia",
    "Hawaii",
    "Mid-Atlantic States",
    "Northwest",
    "Washington",
)

SCALES: dict[str, Scale] = {
    "small": Scale(
        "small",
        regions=("Colorado", "Georgia", "Hawaii"),
        teams_at_start=52,
        teams_at_end=60,
        staff=2_500,
        teams_per_service_area=25,
        teams_per_facility=9,
        teams_per_department=2.5,
    ),
    "kp": Scale(
        "kp",
        regions=ALL_REGIONS,
        teams_at_start=3_500,
        teams_at_end=4_000,
        staff=165_000,
        teams_per_service_area=110,
        teams_per_facility=30,
        teams_per_department=3.3,
    ),
    "10x": Scale(
        "10x",
        regions=ALL_REGIONS,
        teams_at_start=35_000,
        teams_at_end=40_000,
        staff=1_650_000,
        teams_per_service_area=1_100,
        teams_per_facility=300,
        teams_per_department=33,
        person_chunk=100_000,  # ~6M records a chunk: bounds the generator's numpy arrays
        commit_rows=2_000_000,  # bounds DuckDB's memory for the primary-key indexes
    ),
}
