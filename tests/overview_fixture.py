"""A tiny hand-made database for the overview tests, with every expected number worked out by hand.

Six teams in two regions, six quarters (2024 Q1 … 2025 Q2):

    team region service_area facility department partner    24Q1 24Q2 24Q3 24Q4 25Q1 25Q2
    T1   North  North SA     NF1      Dept A     Coalition   2    2    3    3    3    4
    T2   North  North SA     NF1      Dept A     Alliance    4    4    4    5    5    4
    T3   North  North SA     NF2      Dept B     Both        1    2    2    -    3    3   (not assessed 24Q4)
    T4   South  South SA     SF1      Dept C     Coalition   3    3    3    3    4    4
    T5   South  South SA     SF1      Dept C     Coalition   -    -    1    1    2    2   (no year-ago level in 25Q1/Q2)
    T6   South  South SA     SF1      Dept D     Alliance    5    4    4    4    4    3

2025 Q2, national: levels 4,4,3,4,2,3 → assessed 6, mean 20/6 = 3.3333, high-performing (≥4)
T1,T2,T4 → 3/6 = 0.5. Four quarters earlier (24Q2): T1 2, T2 4, T3 2, T4 3, T6 4 (T5 none) →
compared 5; moves T1 +2, T2 0, T3 +1, T4 +1, T6 −1 → up 3/5 = 0.6, down 1/5 = 0.2;
improved or sustained (up, or held at ≥4): T1,T3,T4 + T2 → 4/5 = 0.8.
North 25Q2: 4,4,3 → 3 teams, mean 11/3, HP 2/3, compared 3, up 2/3 (T1,T3), down 0, improved-or-sustained 3/3.
South 25Q2: 4,2,3 → 3 teams, mean 3, HP 1/3, compared 2 (T4,T6), up 1/2, down 1/2, improved-or-sustained 1/2.
2025 Q1, national: 3,5,3,4,2,4 → mean 21/6 = 3.5, HP T2,T4,T6 → 0.5; vs 24Q1 (T1 2,T2 4,T3 1,T4 3,T6 5):
up T1,T2,T3,T4 → 4/5 = 0.8, down T6 → 1/5 = 0.2.
2024 Q4, national: T1 3,T2 5,T4 3,T5 1,T6 4 (T3 missing) → 5 teams, mean 16/5 = 3.2, HP 2/5 = 0.4,
no year-ago quarter in the data → compared 0, movement shares empty.

Training: one course C1 per person, assigned 2025-01-15, due 2025-03-01.
North (T1 5 people, T2 4, T3 3 = 12 people): 7 completed by the due date (2025-02-20), one late
on 2025-03-20, one late on 2025-05-05, 3 never. South (T4 2, T5 2, T6 1 = 5 people): 3 on time,
one late on 2025-04-10, one never.
As of 2025-06-30: North completion 9/12 = 0.75, on-time 7/12; South 5 people < 11 → suppressed;
national completion 13/17, on-time 10/17.
As of 2025-03-31: North completion 8/12, on-time 7/12; national completion 11/17, on-time 10/17.
As of 2024-12-31: nothing assigned yet.

Just Culture survey (2024 only): North T1 80 (5 respondents), T2 70 (4), T3 60 (3) → 12
respondents, weighted (400+280+180)/12 = 71.6667; South T4 50 (2), T5 90 (2), T6 40 (1) → 5
respondents → suppressed; national (860+100+180+40)/17 = 1180/17 = 69.4118.

Dimension scores, 2025 Q2 only: T1 D1 4.0 D2 2.0; T2 D1 3.0 D2 3.0; T3 D1 5.0 (no D2); T4 D3 3.5.
North performance family: team means T1 3.0, T2 3.0, T3 5.0 → 11/3 = 3.6667 (not the row mean
17/5 = 3.4); North D1 = 12/3 = 4.0, D2 = 5/2 = 2.5.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import rebuild_marts
from lmp_metrics.core.migrations import migrate
from tests.dbfixtures import course_row, dimension_rows, insert_rows, team_row

QUARTERS = [
    date(2024, 1, 1),
    date(2024, 4, 1),
    date(2024, 7, 1),
    date(2024, 10, 1),
    date(2025, 1, 1),
    date(2025, 4, 1),
]
Q2_2025, Q1_2025, Q4_2024, Q2_2024 = QUARTERS[5], QUARTERS[4], QUARTERS[3], QUARTERS[1]
TEAMS = {
    # team: (region, facility, department, labor_partner, levels per quarter (None = not assessed), people)
    "T1": ("North", "NF1", "Dept A", "Coalition", [2, 2, 3, 3, 3, 4], 5),
    "T2": ("North", "NF1", "Dept A", "Alliance", [4, 4, 4, 5, 5, 4], 4),
    "T3": ("North", "NF2", "Dept B", "Both", [1, 2, 2, None, 3, 3], 3),
    "T4": ("South", "SF1", "Dept C", "Coalition", [3, 3, 3, 3, 4, 4], 2),
    "T5": ("South", "SF1", "Dept C", "Coalition", [None, None, 1, 1, 2, 2], 2),
    "T6": ("South", "SF1", "Dept D", "Alliance", [5, 4, 4, 4, 4, 3], 1),
}
# completion dates per region, in staff order: on time ≤ 2025-03-01, late, or never (None)
COMPLETIONS = {
    "North": [date(2025, 2, 20)] * 7 + [date(2025, 3, 20), date(2025, 5, 5)] + [None] * 3,
    "South": [date(2025, 2, 20)] * 3 + [date(2025, 4, 10), None],
}
JUST_CULTURE_2024 = {"T1": (80, 5), "T2": (70, 4), "T3": (60, 3), "T4": (50, 2), "T5": (90, 2), "T6": (40, 1)}
SCORES_2025_Q2 = [
    ("T1", "D1", 4.0),
    ("T1", "D2", 2.0),
    ("T2", "D1", 3.0),
    ("T2", "D2", 3.0),
    ("T3", "D1", 5.0),
    ("T4", "D3", 3.5),
]
DIMENSIONS = [
    ("D1", "Goals and performance", "performance"),
    ("D2", "Use of tools", "performance"),
    ("D3", "Sponsorship", "leadership"),
    ("D4", "Leadership", "leadership"),
    ("D5", "Team process", "engagement"),
    ("D6", "Team member engagement", "engagement"),
    ("D7", "Training", "engagement"),
]


def make_overview_db(path: Path, grants: list[dict] | None = None) -> Path:
    """Write the hand-made database described above to ``path`` (marts built) and return it.

    ``grants`` (identity, role, scope) go into ``access_grants``; without any, the app runs in demo
    mode as an admin.
    """
    db = Database(path)
    migrate(db)
    if grants:
        insert_rows(db, "access_grants", grants)
    insert_rows(
        db,
        "teams",
        [
            team_row(
                team,
                region,
                facility,
                department,
                partner,
                name=f"Team {team[1]}",
                service_area=f"{region} SA",
            )
            for team, (region, facility, department, partner, _, _) in TEAMS.items()
        ],
    )
    insert_rows(
        db,
        "team_quarter_levels",
        [
            {"team_id": team, "quarter": quarter, "level": level}
            for team, spec in TEAMS.items()
            for quarter, level in zip(QUARTERS, spec[4], strict=True)
            if level is not None
        ],
    )
    insert_rows(db, "dimensions", dimension_rows(DIMENSIONS))
    insert_rows(
        db,
        "team_quarter_scores",
        [{"team_id": t, "quarter": Q2_2025, "dimension_id": d, "score": s} for t, d, s in SCORES_2025_Q2],
    )
    staff, records = [], []
    for region, completions in COMPLETIONS.items():
        people = [(team, n) for team, spec in TEAMS.items() if spec[0] == region for n in range(spec[5])]
        for (team, n), completed_on in zip(people, completions, strict=True):
            person = f"P-{team}-{n}"
            staff.append(
                {"person_id": person, "team_id": team, "role": "employee", "labor_group": "Coalition"}
            )
            records.append(
                {
                    "person_id": person,
                    "course_id": "C1",
                    "assigned_on": date(2025, 1, 15),
                    "due_on": date(2025, 3, 1),
                    "completed_on": completed_on,
                }
            )
    insert_rows(db, "staff", staff)
    insert_rows(db, "courses", [course_row("C1", "LMP 101", due_within_days=45)])
    insert_rows(db, "training_records", records)
    insert_rows(
        db,
        "survey_results",
        [
            {"team_id": t, "survey_year": 2024, "index_name": "just_culture", "score": s, "respondents": r}
            for t, (s, r) in JUST_CULTURE_2024.items()
        ],
    )
    rebuild_marts(db)
    db.close()
    return path
