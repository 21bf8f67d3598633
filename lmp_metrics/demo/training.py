"""Courses and training records, assigned the way a learning system does it.

- **Foundational courses** are assigned once: *LMP 101* and *Interest-Based Problem Solving* at
  hire, *Managing in Partnership* to managers and *UBT Co-Lead Foundations* to co-leads on taking
  the role. People already on their team when the decade starts get them in the launch year.
- **Refreshers** (*Just Culture*, *Speaking Up for Safety*) come every year in a campaign month,
  to everyone who has been on their team for a settling-in period (90–180 days).
- Nearly everything is closed within a few months: most on time (likelier at higher team levels,
  in later years and for managers), the rest late; a few are never done. Assignments still open
  when their person leaves are withdrawn (no record), so the open backlog is mostly recent.
  Completions after the data date are not known yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from lmp_metrics.demo.config import (
    FIRST_DAY,
    FIRST_QUARTER,
    LAST_DAY,
    N_QUARTERS,
    as_dates,
    day_number,
    quarter_of,
)
from lmp_metrics.demo.staff import EMPLOYEE, MANAGER, PHYSICIAN, Staff


@dataclass(frozen=True)
class Course:
    course_id: str
    course_title: str
    audience: str
    required: bool
    due_within_days: int
    campaign_month: int  # refreshers: month of the yearly campaign; 0 for a one-time course
    on_time_logit: float  # propensity to finish on time at level 3


_COURSES = (
    Course("IBPS", "Interest-Based Problem Solving", "employees", False, 90, 0, 0.2),
    Course("JUST-CULTURE", "Just Culture Fundamentals", "all", True, 45, 3, 1.3),
    Course("LMP101", "LMP 101: Partnership Basics", "all", True, 30, 0, 1.2),
    Course("MIP", "Managing in Partnership", "managers", True, 60, 0, 1.4),
    Course("SPEAK-UP", "Speaking Up for Safety", "all", True, 30, 8, 1.2),
    Course("UBT-COLEAD", "UBT Co-Lead Foundations", "co-leads", True, 60, 0, 1.5),
)
# Sorted by course_id, so records generated in person, course, date order arrive in key order.
COURSES = tuple(sorted(_COURSES, key=lambda course: course.course_id))
COURSE_IDS = tuple(course.course_id for course in COURSES)
ONE_TIME = tuple(course.campaign_month == 0 for course in COURSES)

LEVEL_EFFECT = 0.5  # on-time log-odds per level above 3
YEAR_EFFECT = 0.06  # per year after 2021
ROLE_EFFECT = {EMPLOYEE: 0.0, MANAGER: 0.4, PHYSICIAN: -0.4}
LATE_DAYS = 45  # mean days a late completion comes after the due date
NEVER_SHARE = np.array([0.003 if not c.required else 0.0005 for c in COURSES], dtype=np.float32)
LAUNCH_DAYS = 365  # people already on their team get the foundational courses within the first year
SETTLING_IN = (90, 181)  # days on the team before the first refresher campaign


def campaign_days(course: Course) -> np.ndarray:
    """First day of every yearly campaign of a refresher inside the window (none for one-time courses)."""
    if not course.campaign_month:
        return np.zeros(0, dtype=np.int32)
    days = [day_number(date(year, course.campaign_month, 1)) for year in range(2016, 2027)]
    return np.array([day for day in days if FIRST_DAY <= day <= LAST_DAY], dtype=np.int32)


def _audience(course: Course, staff: Staff, people: slice) -> np.ndarray:
    """Who among ``people`` is in the course's audience."""
    role = staff.role[people]
    if course.audience == "employees":
        return role == EMPLOYEE
    if course.audience == "managers":
        return role == MANAGER
    if course.audience == "co-leads":
        return staff.co_lead[people]
    return np.ones(len(role), dtype=bool)


CAMPAIGNS = [campaign_days(course) for course in COURSES]
CAMPAIGN_DAY = np.concatenate([*CAMPAIGNS, np.zeros(1, dtype=np.int32)])  # last entry: a placeholder
CAMPAIGN_BASE = np.cumsum([0] + [len(c) for c in CAMPAIGNS[:-1]])
DUE_DAYS = np.array([c.due_within_days for c in COURSES], dtype=np.int32)
ON_TIME_LOGIT = np.array([c.on_time_logit for c in COURSES], dtype=np.float32)
IS_ONE_TIME = np.array(ONE_TIME)
ROLE_LOGIT = np.array([ROLE_EFFECT[role] for role in range(len(ROLE_EFFECT))], dtype=np.float32)
YEAR_OF_QUARTER = (FIRST_QUARTER.year + (FIRST_QUARTER.month - 1) / 12 + np.arange(N_QUARTERS) / 4).astype(
    np.float32
)


def training_chunks(staff: Staff, team_level: np.ndarray, chunk: int, key: list[int]) -> Iterator[pa.Table]:
    """Training records ``chunk`` people at a time, in primary-key order, as Arrow tables.

    ``key`` (seed and stream number) seeds the random draws; each chunk has its own stream, so its
    output does not depend on anything generated before it.
    """
    team_effect = np.random.default_rng([*key, 0]).normal(0, 0.45, team_level.shape[0]).astype(np.float32)
    for number, begin in enumerate(range(0, staff.count, chunk)):
        rng = np.random.default_rng([*key, 1, number])
        people = slice(begin, min(begin + chunk, staff.count))
        yield _chunk(staff, people, team_level, team_effect, rng)


def _assignments(staff: Staff, people: slice, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """(person, course, assigned day) of every assignment, in person, course, date order."""
    n = people.stop - people.start
    start, end = staff.start_day[people], np.minimum(staff.end_day[people], LAST_DAY + 1)
    audience = np.stack([_audience(course, staff, people) for course in COURSES], axis=1)
    # One-time courses: within two weeks of joining, or during the launch year for people already there.
    joined = np.where(
        start < FIRST_DAY, FIRST_DAY + rng.integers(0, LAUNCH_DAYS, n), start + rng.integers(0, 15, n)
    )
    # Refreshers: the campaigns between settling in and leaving.
    ready = start + rng.integers(*SETTLING_IN, n)
    first = np.stack([np.searchsorted(days, ready) for days in CAMPAIGNS], axis=1)
    last = np.stack([np.searchsorted(days, end) for days in CAMPAIGNS], axis=1)
    one_time = ((joined < end) & (joined <= LAST_DAY))[:, None] & IS_ONE_TIME[None, :]
    counts = np.where(
        audience, np.where(IS_ONE_TIME[None, :], one_time, np.maximum(last - first, 0)), 0
    ).ravel()

    person = np.repeat(np.arange(people.start, people.stop, dtype=np.int32), counts.reshape(n, -1).sum(1))
    course = np.repeat(np.tile(np.arange(len(COURSES), dtype=np.int8), n), counts)
    offset = np.arange(len(person), dtype=np.int32) - np.repeat(
        (np.cumsum(counts) - counts).astype(np.int32), counts
    )
    campaign = np.where(
        IS_ONE_TIME[course], -1, CAMPAIGN_BASE[course] + np.repeat(first.ravel(), counts) + offset
    )
    assigned = np.where(
        campaign < 0, joined[person - people.start], CAMPAIGN_DAY[campaign] + rng.integers(0, 21, len(person))
    ).astype(np.int32)
    return person, course, np.minimum(assigned, np.minimum(staff.end_day[person] - 1, LAST_DAY))


def _chunk(
    staff: Staff, people: slice, team_level: np.ndarray, team_effect: np.ndarray, rng: np.random.Generator
) -> pa.Table:
    person, course, assigned = _assignments(staff, people, rng)
    n = len(person)
    due = assigned + DUE_DAYS[course]

    # On time or late (nearly all are done in the end): likelier on time at higher levels, in later
    # years and for managers.
    quarter = np.clip(quarter_of(assigned), 0, N_QUARTERS - 1)
    team = staff.team[person]
    level = np.maximum(team_level[team, quarter], 1)
    logit = (
        ON_TIME_LOGIT[course]
        + LEVEL_EFFECT * (level - 3)
        + team_effect[team]
        + YEAR_EFFECT * (YEAR_OF_QUARTER[quarter] - 2021)
        + ROLE_LOGIT[staff.role[person]]
    )
    on_time = rng.random(n, dtype=np.float32) * (1 + np.exp(-logit)) < 1
    never = ~on_time & (rng.random(n, dtype=np.float32) < NEVER_SHARE[course])
    lag = np.where(
        on_time,
        DUE_DAYS[course] * rng.random(n, dtype=np.float32) ** 1.6,
        DUE_DAYS[course] + 1 + LATE_DAYS * rng.standard_exponential(n, dtype=np.float32),
    ).astype(np.int32)
    completed = assigned + lag
    done = ~never & (completed <= LAST_DAY)
    # What is still open when its person leaves is withdrawn: no record.
    withdrawn = (~done | (completed >= staff.end_day[person])) & (staff.end_day[person] <= LAST_DAY)
    done &= completed < staff.end_day[person]
    score = np.clip(np.rint(78 + 3 * (level - 3) + 11 * rng.standard_normal(n, dtype=np.float32)), 20, 100)
    scored = done & (rng.random(n, dtype=np.float32) >= 0.02)
    keep = ~withdrawn
    return pa.table(
        {
            "person": person[keep],
            "course": course[keep],
            "assigned_on": as_dates(assigned[keep]),
            "due_on": as_dates(due[keep]),
            "completed_on": as_dates(completed[keep], ~done[keep]),
            "assessment_score": pa.array(score[keep].astype(np.float64), mask=~scored[keep]),
        }
    )
