"""A hand-made database for the team scorecard, small enough to work every figure out by hand.

Quarters 2024 Q1–Q3. Region NCAL: facility Oakland (ICU: T1, T2; Pharmacy: T3) and Richmond (ICU: T4,
closed T6; "Richmond Pharmacy": new T7, department type Pharmacy); region SCAL: Fontana (ICU: T5).

| team | name           | levels Q1,Q2,Q3 | members | note                                   |
|------|----------------|-----------------|---------|----------------------------------------|
| T1   | Alpha ICU      | 2, 2, 3         | 12      | training, surveys, three projects      |
| T2   | Bravo ICU      | 3, 3, 4         | 5       | too small: training suppressed         |
| T3   | Charlie Pharm. | 4, 4, 4         | 20      |                                        |
| T4   | Delta ICU      | 2, 3, 3         | 11      | no training records                    |
| T5   | Oakridge ICU   | 4, 4, 4         | 11      | SCAL: no comparable team               |
| T6   | Foxtrot Crew   | 1, 1, –         | 0       | closed 2024-05-15                      |
| T7   | T1 Night Shift | –, –, 1         | 3       | new team, one quarter                  |

Dimension scores: in Q1 and Q2 every dimension equals the team's level; Q3 is in ``Q3_SCORES``.
"""

from __future__ import annotations

from datetime import date, timedelta

from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import rebuild_marts
from tests.dbfixtures import course_row, dimension_rows, insert_rows, team_row

Q1, Q2, Q3 = date(2024, 1, 1), date(2024, 4, 1), date(2024, 7, 1)
DIMENSIONS = [  # id, name, family (sort order = position)
    ("goals", "Goals and performance", "performance"),
    ("tools", "Use of tools", "performance"),
    ("sponsorship", "Sponsorship", "leadership"),
    ("leadership", "Leadership", "leadership"),
    ("process", "Team process", "engagement"),
    ("engagement", "Team member engagement", "engagement"),
    ("training", "Training", "engagement"),
]
TEAMS = [  # id, name, department, facility, service area, region, formed, closed
    ("T1", "Alpha ICU", "ICU", "Oakland", "East Bay", "NCAL", date(2020, 1, 1), None),
    ("T2", "Bravo ICU", "ICU", "Oakland", "East Bay", "NCAL", date(2020, 1, 1), None),
    ("T3", "Charlie Pharmacy", "Pharmacy", "Oakland", "East Bay", "NCAL", date(2020, 1, 1), None),
    ("T4", "Delta ICU", "ICU", "Richmond", "East Bay", "NCAL", date(2020, 1, 1), None),
    ("T5", "Oakridge ICU", "ICU", "Fontana", "Inland", "SCAL", date(2020, 1, 1), None),
    ("T6", "Foxtrot Crew", "ICU", "Richmond", "East Bay", "NCAL", date(2020, 1, 1), date(2024, 5, 15)),
    ("T7", "T1 Night Shift", "Richmond Pharmacy", "Richmond", "East Bay", "NCAL", date(2024, 7, 1), None),
]
LEVELS = {
    "T1": {Q1: 2, Q2: 2, Q3: 3},
    "T2": {Q1: 3, Q2: 3, Q3: 4},
    "T3": {Q1: 4, Q2: 4, Q3: 4},
    "T4": {Q1: 2, Q2: 3, Q3: 3},
    "T5": {Q1: 4, Q2: 4, Q3: 4},
    "T6": {Q1: 1, Q2: 1},
    "T7": {Q3: 1},
}
# Q3 scores in DIMENSIONS order: goals, tools, sponsorship, leadership, process, engagement, training
Q3_SCORES = {
    "T1": (3.0, 2.0, 4.0, 3.5, 3.0, 2.5, 4.5),
    "T2": (4.0, 3.0, 4.0, 4.0, 4.0, 4.0, 4.0),
    "T3": (4.5, 4.0, 4.5, 4.5, 3.5, 4.5, 5.0),
    "T4": (3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0),
    "T5": (3.5, 3.5, 3.0, 4.0, 4.5, 3.5, 4.0),
    "T7": (1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
}
MEMBERS = {"T1": 12, "T2": 5, "T3": 20, "T4": 11, "T5": 11, "T7": 3}


def _scores() -> list[dict]:
    rows = []
    for team_id, levels in LEVELS.items():
        for quarter, level in levels.items():
            values = Q3_SCORES[team_id] if quarter == Q3 else (float(level),) * len(DIMENSIONS)
            rows += [
                {"team_id": team_id, "quarter": quarter, "dimension_id": dim[0], "score": value}
                for dim, value in zip(DIMENSIONS, values, strict=True)
            ]
    return rows


def _training() -> list[dict]:
    """T1 only. C1 (all 12 members): assigned 2024-01-15, due 2024-02-14; p1–p10 done 2024-02-10
    (on time), p11 done 2024-03-01 (late), p12 never. C2 (p1–p3 only): due 2024-03-15; p1, p2 done
    2024-02-01, p3 never. C3 (p1–p11): assigned 2024-04-10, due 2024-05-10, all done 2024-05-01."""
    assigned = date(2024, 1, 15)
    rows = []
    for n in range(1, 13):
        done = date(2024, 2, 10) if n <= 10 else date(2024, 3, 1) if n == 11 else None
        rows.append(_record(f"T1-p{n}", "C1", assigned, assigned + timedelta(days=30), done))
    for n in range(1, 4):
        rows.append(
            _record(f"T1-p{n}", "C2", assigned, date(2024, 3, 15), date(2024, 2, 1) if n < 3 else None)
        )
    for n in range(1, 12):
        rows.append(_record(f"T1-p{n}", "C3", date(2024, 4, 10), date(2024, 5, 10), date(2024, 5, 1)))
    return rows


def _record(person: str, course: str, assigned: date, due: date, done: date | None) -> dict:
    return {
        "person_id": person,
        "course_id": course,
        "assigned_on": assigned,
        "due_on": due,
        "completed_on": done,
        "assessment_score": 90.0 if done else None,
    }


def _survey(team_id: str, index: str, score: float, respondents: int) -> dict:
    return {
        "team_id": team_id,
        "survey_year": 2023,
        "index_name": index,
        "score": score,
        "respondents": respondents,
    }


def _project(
    project_id: str, title: str, baseline: float | None, result: float | None, higher: bool, **dates
) -> dict:
    return {
        "project_id": project_id,
        "team_id": "T1",
        "title": title,
        "topic": "Safety",
        "started_on": dates["started_on"],
        "completed_on": dates.get("completed_on"),
        "metric_name": "rate",
        "baseline": baseline,
        "result": result,
        "higher_is_better": higher,
        "adapted_from_project_id": None,
    }


def fill_scorecard_fixture(db: Database) -> None:
    """Insert the fixture rows into a migrated, empty database and build the marts."""
    insert_rows(
        db,
        "teams",
        [
            team_row(
                t, region, facility, dept, name=name, service_area=area, formed_on=formed, closed_on=closed
            )
            for t, name, dept, facility, area, region, formed, closed in TEAMS
        ],
    )
    insert_rows(db, "dimensions", dimension_rows(DIMENSIONS))
    insert_rows(
        db,
        "team_quarter_levels",
        [
            {"team_id": t, "quarter": q, "level": level, "assessed_on": q + timedelta(days=80)}
            for t, levels in LEVELS.items()
            for q, level in levels.items()
        ],
    )
    insert_rows(db, "team_quarter_scores", _scores())
    insert_rows(
        db,
        "staff",
        [
            {
                "person_id": f"{t}-p{n}",
                "team_id": t,
                "role": "employee",
                "union_local": None,
                "labor_group": "Coalition",
            }
            for t, count in MEMBERS.items()
            for n in range(1, count + 1)
        ],
    )
    insert_rows(
        db,
        "courses",
        [
            course_row("C1", "LMP basics"),
            course_row("C2", "Co-lead skills", "co-leads", 60),
            course_row("C3", "Speaking up"),
        ],
    )
    insert_rows(db, "training_records", _training())
    insert_rows(
        db,
        "survey_results",
        [
            _survey("T1", "engagement", 70.0, 12),
            _survey("T1", "just_culture", 60.0, 12),
            _survey("T1", "speak_up", 65.0, 8),
            _survey("T2", "engagement", 80.0, 6),
            _survey("T3", "engagement", 90.0, 20),
            _survey("T3", "just_culture", 70.0, 20),
            _survey("T3", "speak_up", 75.0, 20),
        ],
    )
    insert_rows(
        db,
        "ubt_projects",
        [
            _project(
                "P1",
                "Fewer falls",
                10.0,
                6.0,
                False,
                started_on=date(2023, 9, 1),
                completed_on=date(2024, 3, 1),
            ),
            _project(
                "P2",
                "Hand hygiene",
                80.0,
                75.0,
                True,
                started_on=date(2023, 10, 1),
                completed_on=date(2024, 6, 1),
            ),
            _project("P3", "Huddle board", None, None, True, started_on=date(2024, 7, 1)),
        ],
    )
    rebuild_marts(db)
