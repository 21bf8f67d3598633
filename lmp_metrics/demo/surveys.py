"""People Pulse survey indices per team and year, related to the team's level at the time.

A team gets results for a year when it is open on 30 June; respondents are a share of the people on
the team that day (so small teams have fewer than 11), and the score's noise shrinks with them.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lmp_metrics.demo.config import DATA_DATE, FIRST_DAY, FIRST_QUARTER, LAST_DAY, day_number, quarter_of
from lmp_metrics.demo.staff import Staff

# index_name → (score of a level-3 team in 2021, points per level, points per year)
INDICES = {
    "engagement": (64.0, 6.0, 0.3),
    "just_culture": (58.0, 5.0, 0.8),
    "speak_up": (55.0, 5.5, 1.0),
}


def survey_days() -> list[tuple[int, int]]:
    """(survey year, day number of 30 June) for every survey inside the window."""
    days = [(year, day_number(date(year, 6, 30))) for year in range(FIRST_QUARTER.year, DATA_DATE.year + 1)]
    return [(year, day) for year, day in days if FIRST_DAY <= day <= LAST_DAY]


def build_surveys(staff: Staff, team_level: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Rows: team (index), survey_year, index_name, score, respondents."""
    n_teams = team_level.shape[0]
    response_rate = rng.beta(8, 4, n_teams)
    team_effect = rng.normal(0, 5, (n_teams, len(INDICES)))
    frames = []
    for year, day in survey_days():
        present = (staff.start_day <= day) & (staff.end_day > day)
        headcount = np.bincount(staff.team[present], minlength=n_teams)
        level = team_level[:, quarter_of(np.array([day]))[0]].astype(float)
        respondents = rng.binomial(headcount, response_rate)
        surveyed = np.flatnonzero((level > 0) & (respondents > 0))
        for i, (name, (base, per_level, per_year)) in enumerate(INDICES.items()):
            noise = rng.normal(0, 1, len(surveyed)) * 18 / np.sqrt(respondents[surveyed])
            score = (
                base
                + per_level * (level[surveyed] - 3)
                + per_year * (year - 2021)
                + team_effect[surveyed, i]
                + noise
            )
            frames.append(
                pd.DataFrame(
                    {
                        "team": surveyed,
                        "survey_year": year,
                        "index_name": name,
                        "score": np.round(np.clip(score, 0, 100), 1),
                        "respondents": respondents[surveyed],
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)
