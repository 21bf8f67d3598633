"""UBT improvement projects: started by open teams (more often at higher levels), most finished
with a measured result, some still running or abandoned (no result), and about one in five adapted
from an earlier project of another team, which makes chains of adaptations.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lmp_metrics.demo.config import LAST_DAY, N_QUARTERS, QUARTER_STARTS
from lmp_metrics.demo.teams import Teams

PROJECTS_PER_TEAM_QUARTER = 0.02
ADAPTED_SHARE = 0.2
ABANDONED_SHARE = 0.07
MIN_ADAPTATION_GAP = 120  # days between the original's start and an adaptation's start

# topic → [(metric_name, higher_is_better, baseline mean, baseline sd, percent scale)], titles
TOPICS: dict[str, tuple[list[tuple[str, bool, float, float, bool]], list[str]]] = {
    "patient safety": (
        [
            ("Falls per 1,000 patient days", False, 3.2, 0.8, False),
            ("Medication errors per 1,000 doses", False, 2.1, 0.6, False),
        ],
        [
            "Safer hand-offs at shift change",
            "Fall prevention rounding",
            "Double-check high-alert medications",
        ],
    ),
    "service": (
        [
            ("Member satisfaction (%)", True, 78, 6, True),
            ("Calls answered within 30 seconds (%)", True, 72, 8, True),
        ],
        ["Warm welcome at check-in", "Call-back within one day", "Shorter waits in the lobby"],
    ),
    "affordability": (
        [
            ("Supply cost per visit ($)", False, 42, 10, False),
            ("Overtime hours per FTE", False, 5.5, 1.5, False),
        ],
        ["Par levels that match demand", "Reduce supply waste", "Smarter scheduling to cut overtime"],
    ),
    "workplace safety": (
        [("Workplace injuries per 100 FTE", False, 6.5, 2.0, False)],
        ["Safe patient handling", "Stretch-and-flex huddles", "Sharps injury prevention"],
    ),
    "attendance": (
        [("Unplanned absence rate (%)", False, 7.5, 2.0, True)],
        ["Attendance recognition", "Flexible shift swaps", "Wellness check-ins"],
    ),
    "care experience": (
        [
            ("Likelihood to recommend (%)", True, 82, 5, True),
            ("Preventive screenings completed (%)", True, 68, 9, True),
        ],
        [
            "Close care gaps at every visit",
            "Teach-back for discharge instructions",
            "Follow-up calls after visits",
        ],
    ),
}
TOPIC_WEIGHTS = np.array([0.22, 0.2, 0.16, 0.14, 0.12, 0.16])
TITLES_PER_TOPIC = 3
METRICS = [(topic, *metric) for topic, (metrics, _) in TOPICS.items() for metric in metrics]
METRIC_HIGHER, METRIC_MEAN, METRIC_SD, METRIC_PERCENT = (
    np.array(column) for column in list(zip(*METRICS, strict=True))[2:]
)
TOPIC_METRIC_COUNT = np.array([len(metrics) for metrics, _ in TOPICS.values()])
TOPIC_FIRST_METRIC = np.cumsum(TOPIC_METRIC_COUNT) - TOPIC_METRIC_COUNT


def build_projects(teams: Teams, team_level: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Rows in project_id order (by start day): team (index), title, topic, started_on, completed_on,
    metric_name, baseline, result, higher_is_better, adapted_from (row number or -1), as day numbers."""
    team, start = _starts(team_level, rng)
    n = len(team)
    topic = rng.choice(len(TOPICS), n, p=TOPIC_WEIGHTS / TOPIC_WEIGHTS.sum())
    metric = TOPIC_FIRST_METRIC[topic] + np.floor(rng.random(n) * TOPIC_METRIC_COUNT[topic]).astype(int)
    title = rng.integers(0, TITLES_PER_TOPIC, n)

    duration = 90 + np.floor(rng.gamma(2.0, 60.0, n)).astype(np.int32)
    finished = start + duration
    completed = (
        (rng.random(n) >= ABANDONED_SHARE) & (finished <= LAST_DAY) & (finished < teams.closed_day[team])
    )

    adapted_from = _adaptations(team, start, np.where(completed, finished, LAST_DAY + 1), rng)
    for row in np.flatnonzero(adapted_from >= 0):  # rows are in start order, so originals come first
        metric[row], title[row] = metric[adapted_from[row]], title[adapted_from[row]]

    higher, percent = METRIC_HIGHER[metric], METRIC_PERCENT[metric]
    baseline = rng.normal(METRIC_MEAN[metric], METRIC_SD[metric])
    baseline = np.where(percent, np.clip(baseline, 1, 99), np.maximum(baseline, 0.2))
    gain = rng.normal(0.14, 0.12, n)
    result = np.where(
        higher,
        np.where(percent, baseline + gain * (100 - baseline), baseline * (1 + gain)),
        baseline * (1 - gain),
    )
    topic_name = [METRICS[m][0] for m in metric]
    return pd.DataFrame(
        {
            "team": team,
            "title": [TOPICS[name][1][t] for name, t in zip(topic_name, title, strict=True)],
            "topic": topic_name,
            "started_on": start,
            "completed_on": np.where(completed, finished, -1),
            "metric_name": [METRICS[m][1] for m in metric],
            "baseline": np.round(baseline, 1),
            "result": np.where(completed, np.round(np.clip(result, 0, None), 1), np.nan),
            "higher_is_better": higher,
            "adapted_from": adapted_from,
        }
    )


def _starts(team_level: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Team and start day of every project, sorted by start day; teams at higher levels start more."""
    teams, days = [], []
    for quarter in range(N_QUARTERS):
        level = team_level[:, quarter].astype(float)
        count = rng.poisson(PROJECTS_PER_TEAM_QUARTER * (level > 0).sum())
        weight = level**2
        chosen = rng.choice(len(level), count, p=weight / weight.sum())
        first, length = QUARTER_STARTS[quarter], QUARTER_STARTS[quarter + 1] - QUARTER_STARTS[quarter]
        teams.append(chosen)
        days.append(np.minimum(first + rng.integers(0, length, count), LAST_DAY - 7))
    team, start = np.concatenate(teams), np.concatenate(days)
    order = np.lexsort((team, start))
    return team[order].astype(np.int32), start[order].astype(np.int32)


def _adaptations(
    team: np.ndarray, start: np.ndarray, finished: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """For each project, the row it adapts (an earlier, finished project of another team) or -1.

    Half of the adaptations prefer an original that is itself an adaptation, so chains form; if
    none did, the latest adaptation is moved onto an adapted original so there is always a chain.
    """

    def originals(row: int) -> np.ndarray:
        return np.flatnonzero(
            (finished < start[row]) & (start <= start[row] - MIN_ADAPTATION_GAP) & (team != team[row])
        )

    adapted_from = np.full(len(team), -1)
    for row in np.flatnonzero(rng.random(len(team)) < ADAPTED_SHARE):
        earlier = originals(row)
        if len(earlier) == 0:
            continue
        chained = earlier[adapted_from[earlier] >= 0]
        pool = chained if len(chained) and rng.random() < 0.5 else earlier
        adapted_from[row] = rng.choice(pool)
    adapted = np.flatnonzero(adapted_from >= 0)
    if len(adapted) and not (adapted_from[adapted_from[adapted]] >= 0).any():
        chained = np.intersect1d(originals(adapted[-1]), adapted)
        if len(chained):
            adapted_from[adapted[-1]] = chained[-1]
    return adapted_from
