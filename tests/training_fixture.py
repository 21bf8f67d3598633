"""A hand-made training database; every expected number below is worked out by hand.

Two teams in one facility F1 (region R1): T1 (department D1, Coalition) has 11 people P01–P11,
T2 (department D2, Alliance) has 10 people Q01–Q10. P01, P02 are managers (Non-represented), the
rest employees (Coalition). Courses: C1 "Partnership basics" (all, 30 days), C2 "Co-lead skills"
(co-leads, 60 days). D = 2025-06-30 (end of 2025 Q2) unless said otherwise.

T1 records (assigned → due, completed):
    P01–P06 C1  04-01 → 05-01, done 04-20        on time
    P07     C1  04-01 → 05-01, done 05-15        late, done by D
    P08     C1  04-01 → 05-01, done 07-10        late, done after D → overdue at D
    P09     C1  04-01 → 05-01, never             missing → overdue at D
    P10     C1  04-01 → 05-01, done 05-01        on the due date → on time
    P11     C1  06-01 → 07-01, never             not yet due at D
    P11     C2  07-01 → 08-30, never             future-dated: assigned after D
    P01     C2  04-10 → 06-09, done 06-01        second course of P01 (on time)
    P02     C2  05-01 → 06-30, never             due ON D: due, not overdue
    P03     C2  01-15 → 03-16, done 04-05        2025 Q1 assignment, late
(all in 2025). T2: Q01–Q10 C1 04-01 → 05-01, done 04-10 (all on time), score 90.

As of 2025-06-30:
    T1: assigned 14 (C1 11 + C2 P01,P02,P03), completed 10 (C1 P01–P07,P10 = 8; C2 P01,P03),
        due 13 (C1 P01–P10; C2 P01,P02,P03), on time 8 (C1 P01–P06,P10; C2 P01),
        overdue 2 (P08, P09), people 11 (P01 and P03 hold two courses, counted once) → shown;
        completion 10/14, on-time 8/13.
    T2: people 10 → suppressed.
    F1 = T1 + T2: people 21, assigned 24, completed 20, due 23, on time 18, overdue 2.
    course C1: people 21, assigned 21, completed 18, due 20, on time 17, overdue 2; C2: 3 people → suppressed.
    labor group Coalition (P03–P11 + Q01–Q10): people 19, assigned 20 (T1 minus P01,P02's four),
        completed 17, due 19, on time 15, overdue 2; Non-represented (P01, P02): suppressed.
As of 2025-03-31: T1 holds only P03's C2: people 1 → suppressed.
As of 2025-05-01 (the C1 due date), F1: people 20 (P11 not yet assigned), assigned 23 (T1 C1 10 +
    C2 P01,P02,P03; T2 10), completed 18 (T1 P01–P06,P10 + P03's C2; T2 10), due 21 (T1 C1 10 +
    P03's C2; T2 10), on time 17, overdue 0 (C1 is due ON that day; P03's C2 was done 04-05).

As of 2025-09-30 (2025 Q3, the last quarter: P11's C2 is assigned then), T1: assigned 15, completed
    11 (P08 done 07-10), due 15 (P11's C1 07-01 and C2 08-30 too), on time 8, overdue 4: due this
    quarter P11 C1, P11 C2; due one quarter earlier P09 (never) and P02 (C2 due 06-30, never).

Assessment scores (on completions): T1 C1 P01–P06 80, P07 50, P10 70; T2 C1 90 each. In 2025 Q2:
    C1 (600 + 900)/18 = 83.333 over 18 scores → shown; T1 (600/8 = 75) has 8 scores → suppressed.
Days to complete in 2025 Q2, C1 (30-day window): Q01–Q10 9 days (8–14), P01–P06 19 and P10 30
    (15–30), P07 44 (31–45) → 17 of 18 within the window; C2 (P01 52 days, P03 80) → 3 people, suppressed.
Partnership courses: C1 (title) and C2 (co-leads). As of 2025 Q3 (due 2024 Q4 – 2025 Q3), T1 has
    11 members with such an assignment due, on time with all of them: P01, P04, P05, P06, P10 →
    5/11; level 3 (T2: 10 members → suppressed; level 4). As of Q2, P11 has nothing due → 10 members.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import rebuild_marts
from lmp_metrics.core.migrations import migrate
from tests.dbfixtures import insert_rows

Q1_2025, Q2_2025, Q3_2025 = date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1)


def d(text: str) -> date:
    """``'04-01'`` → 2025-04-01."""
    return date.fromisoformat(f"2025-{text}")


def _record(person: str, course: str, assigned: str, due: str, done: str | None, score: float | None):
    return {
        "person_id": person,
        "course_id": course,
        "assigned_on": d(assigned),
        "due_on": d(due),
        "completed_on": d(done) if done else None,
        "assessment_score": score,
    }


def training_records() -> list[dict]:
    rows = [_record(f"P0{i}", "C1", "04-01", "05-01", "04-20", 80.0) for i in range(1, 7)]
    rows += [
        _record("P07", "C1", "04-01", "05-01", "05-15", 50.0),
        _record("P08", "C1", "04-01", "05-01", "07-10", None),
        _record("P09", "C1", "04-01", "05-01", None, None),
        _record("P10", "C1", "04-01", "05-01", "05-01", 70.0),
        _record("P11", "C1", "06-01", "07-01", None, None),
        _record("P11", "C2", "07-01", "08-30", None, None),
        _record("P01", "C2", "04-10", "06-09", "06-01", None),
        _record("P02", "C2", "05-01", "06-30", None, None),
        _record("P03", "C2", "01-15", "03-16", "04-05", None),
    ]
    rows += [_record(f"Q{i:02d}", "C1", "04-01", "05-01", "04-10", 90.0) for i in range(1, 11)]
    return rows


def fill(db: Database) -> None:
    """Insert the fixture rows into a migrated database and rebuild the marts."""
    team = {"facility": "F1", "service_area": "S1", "region": "R1", "formed_on": date(2020, 1, 1)}
    insert_rows(
        db,
        "teams",
        [
            {
                "team_id": "T1",
                "team_name": "Team one",
                "department": "D1",
                "labor_partner": "Coalition",
                **team,
            },
            {
                "team_id": "T2",
                "team_name": "Team two",
                "department": "D2",
                "labor_partner": "Alliance",
                **team,
            },
        ],
    )
    staff = [
        {
            "person_id": f"P{i:02d}",
            "team_id": "T1",
            "role": "manager" if i <= 2 else "employee",
            "labor_group": "Non-represented" if i <= 2 else "Coalition",
        }
        for i in range(1, 12)
    ]
    staff += [
        {"person_id": f"Q{i:02d}", "team_id": "T2", "role": "employee", "labor_group": "Coalition"}
        for i in range(1, 11)
    ]
    insert_rows(db, "staff", staff)
    insert_rows(
        db,
        "courses",
        [
            {
                "course_id": "C1",
                "course_title": "Partnership basics",
                "audience": "all",
                "required": True,
                "due_within_days": 30,
            },
            {
                "course_id": "C2",
                "course_title": "Co-lead skills",
                "audience": "co-leads",
                "required": True,
                "due_within_days": 60,
            },
        ],
    )
    insert_rows(db, "training_records", training_records())
    levels = [
        {"team_id": team_id, "quarter": quarter, "level": level, "assessed_on": None}
        for team_id, per_quarter in {"T1": (2, 3, 3), "T2": (3, 3, 4)}.items()
        for quarter, level in zip((Q1_2025, Q2_2025, Q3_2025), per_quarter, strict=True)
    ]
    insert_rows(db, "team_quarter_levels", levels)
    rebuild_marts(db)


def make_training_db(path: Path) -> Path:
    """Build the fixture database file at ``path`` and return the path."""
    db = Database(path)
    migrate(db)
    fill(db)
    db.close()
    return path
