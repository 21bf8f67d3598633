"""Teams like mine as shown: which teams count as comparable in words, and the peers' tables."""

from __future__ import annotations

import pandas as pd

from lmp_metrics.metrics.peers import PeerCriteria, PeerWindow
from lmp_metrics.vocabulary.hierarchy import level
from lmp_metrics.vocabulary.quarters import quarter_label


def comparison_note(window: PeerWindow, criteria: PeerCriteria) -> str:
    """Which teams count as comparable, in words (the team's own rise first)."""
    span = window_span(window)
    low = max(1, window.start_level - criteria.level_tolerance)
    high = min(5, window.start_level + criteria.level_tolerance)
    return (
        f"**{window.team_name}**: level {window.start_level} → {window.end_level} over {span}. "
        f"Comparable teams: department type **{window.department_type}**, "
        + (f"region **{window.region}** only" if criteria.same_region else "any region")
        + f", level {low}{'' if low == high else f'–{high}'} in {quarter_label(window.start_quarter)}, "
        f"and up at least one level by {quarter_label(window.end_quarter)}."
    )


def window_span(window: PeerWindow) -> str:
    """'2024 Q2 → 2025 Q2'."""
    return f"{quarter_label(window.start_quarter)} → {quarter_label(window.end_quarter)}"


def named(found: pd.DataFrame) -> pd.DataFrame:
    """Peers with a name each: one the reader may not see (None) becomes 'Comparable team 1', …"""
    stand_ins = pd.Series([f"Comparable team {i + 1}" for i in range(len(found))], index=found.index)
    return found.assign(team_name=found["team_name"].fillna(stand_ins))


def peer_rows(found: pd.DataFrame, window: PeerWindow) -> pd.DataFrame:
    """The peers' table as shown: readable headers, the window's quarters in the level columns; no
    facility column when the reader may see none (see ``lmp_metrics.access.read_path``)."""
    if found["facility"].isna().all():
        found = found.drop(columns=["facility"])
    return found.rename(
        columns={
            "team_name": "Team",
            "facility": level("facility").label,
            "region": level("region").label,
            "start_level": f"Level {quarter_label(window.start_quarter)}",
            "end_level": f"Level {quarter_label(window.end_quarter)}",
            "movement": "Levels gained",
            "people": "Staff",
            "projects": "Projects in window",
        }
    ).drop(columns=["team_id"])


def course_rows(by_course: pd.DataFrame) -> pd.DataFrame:
    """A ``training_by_course`` as shown."""
    return by_course.rename(
        columns={"course_title": "Course", "teams": "Teams", "completions": "Completions"}
    ).drop(columns=["course_id"])
