"""Courses and training records: campaigns of assignments, completions that relate to level.

Each course is assigned in campaigns (yearly, half-yearly or quarterly) to everyone in its
audience who has been on their team for a settling-in period (90–180 days, so a team formed in the
last quarter has no records yet). Most people finish on time; some finish late and some never. The
chance of finishing on time rises with the team's level at the time, year by year and for
managers. Completions after the data date are not known yet, so recent assignments are open.
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
    every_months: int  # campaign cadence
    first_month: int  # month of the first campaign in the window (1 = January 2017)
    on_time_logit: float  # propensity to finish on time at level 3


_COURSES = (
    Course("IBPS", "Interest-Based Problem Solving", "employees", False, 90, 12, 4, -0.2),
    Course("JUST-CULTURE", "Just Culture Fundamentals", "all", True, 45, 4, 2, 0.7),
    Course("LMP101", "LMP 101: Partnership Basics", "all", True, 30, 12, 1, 1.0),
    Course("MIP", "Managing in Partnership", "managers", True, 60, 12, 9, 0.8),
    Course("SPEAK-UP", "Speaking Up for Safety", "all", True, 30, 3, 0, 0.6),
    Course("UBT-COLEAD", "UBT Co-Lead Foundations", "co-leads", True, 60, 12, 3, 1.1),
)
# Sorted by course_id, so records generated in person, course, date order arrive in key order.
COURSES = tuple(sorted(_COURSES, key=lambda course: course.course_id))
COURSE_IDS = tuple(course.course_id for course in COURSES)

LEVEL_EFFECT = 0.5  # on-time log-odds per level above 3
YEAR_EFFECT = 0.06  # per year after 2021
ROLE_EFFECT = {EMPLOYEE: 0.0, MANAGER: 0.4, PHYSICIAN: -0.4}


def campaign_days(course: Course) -> np.ndarray:
    """First day of every campaign of ``course`` inside the window."""
    days, month = [], course.first_month
    while True:
        day = day_number(date(2017 + (month - 1) // 12, (month - 1) % 12 + 1, 1))
        if day > LAST_DAY:
            return np.array(days, dtype=np.int32)
        if day >= FIRST_DAY:
            days.append(day)
        month += course.every_months


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
CAMPAIGN_DAY = np.concatenate(CAMPAIGNS)
CAMPAIGN_QUARTER = quarter_of(CAMPAIGN_DAY)
CAMPAIGN_BASE = np.cumsum([0] + [len(c) for c in CAMPAIGNS[:-1]])
DUE_DAYS = np.array([c.due_within_days for c in COURSES], dtype=np.int32)
ON_TIME_LOGIT = np.array([c.on_time_logit for c in COURSES], dtype=np.float32)
LATE_SHARE = np.array([0.65 if c.required else 0.35 for c in COURSES], dtype=np.float32)
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


def _chunk(
    staff: Staff, people: slice, team_level: np.ndarray, team_effect: np.ndarray, rng: np.random.Generator
) -> pa.Table:
    # Campaigns each person gets per course: those between settling in and leaving the team.
    ready = staff.start_day[people] + rng.integers(90, 181, people.stop - people.start)
    first = np.stack([np.searchsorted(days, ready) for days in CAMPAIGNS], axis=1)
    last = np.stack([np.searchsorted(days, staff.end_day[people]) for days in CAMPAIGNS], axis=1)
    audience = np.stack([_audience(course, staff, people) for course in COURSES], axis=1)
    counts = np.where(audience, np.maximum(last - first, 0), 0).ravel()

    # One row per assignment, already in (person, course, date) order.
    person = np.repeat(
        np.arange(people.start, people.stop, dtype=np.int32), counts.reshape(-1, len(COURSES)).sum(1)
    )
    course = np.repeat(np.tile(np.arange(len(COURSES), dtype=np.int8), people.stop - people.start), counts)
    n = len(person)
    offset = np.arange(n, dtype=np.int32) - np.repeat((np.cumsum(counts) - counts).astype(np.int32), counts)
    campaign = CAMPAIGN_BASE[course] + np.repeat(first.ravel(), counts) + offset
    assigned = np.minimum(
        CAMPAIGN_DAY[campaign] + rng.integers(0, 21, n, dtype=np.int32),
        np.minimum(staff.end_day[person] - 1, LAST_DAY),
    )
    due = assigned + DUE_DAYS[course]

    # On time, late or never: likelier on time at higher levels, in later years and for managers.
    quarter = CAMPAIGN_QUARTER[campaign]
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
    late = ~on_time & (rng.random(n, dtype=np.float32) < LATE_SHARE[course])
    lag = np.where(
        on_time,
        DUE_DAYS[course] * rng.random(n, dtype=np.float32) ** 1.6,
        DUE_DAYS[course] + 1 + 35 * rng.standard_exponential(n, dtype=np.float32),
    ).astype(np.int32)
    completed = assigned + lag
    done = (on_time | late) & (completed <= LAST_DAY)
    score = np.clip(np.rint(78 + 3 * (level - 3) + 11 * rng.standard_normal(n, dtype=np.float32)), 20, 100)
    scored = done & (rng.random(n, dtype=np.float32) >= 0.02)
    return pa.table(
        {
            "person": person,
            "course": course,
            "assigned_on": as_dates(assigned),
            "due_on": as_dates(due),
            "completed_on": as_dates(completed, ~done),
            "assessment_score": pa.array(score.astype(np.float64), mask=~scored),
        }
    )
