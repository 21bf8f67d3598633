"""Facts about a demo database that browser tests and screenshots pick their examples from."""

from __future__ import annotations

from pathlib import Path

from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import min_group_size


def best_team(path: Path) -> tuple[str, str]:
    """(team_id, team_name) of the open team with the longest level history and 11+ members."""
    db = Database(path, read_only=True)
    try:
        row = db.rows(
            """
            WITH members AS (SELECT team_id, count(*) AS people FROM staff GROUP BY team_id)
            SELECT team_id, team_name FROM teams JOIN members USING (team_id)
            JOIN team_quarter_levels USING (team_id)
            WHERE closed_on IS NULL AND people >= ?
            GROUP BY team_id, team_name ORDER BY count(*) DESC, team_id LIMIT 1
            """,
            [min_group_size()],
        )[0]
    finally:
        db.close()
    return row[0], row[1]


def largest_region(path: Path) -> str:
    """The region with the most teams."""
    db = Database(path, read_only=True)
    try:
        return db.scalar("SELECT region FROM teams GROUP BY region ORDER BY count(*) DESC, region LIMIT 1")
    finally:
        db.close()
