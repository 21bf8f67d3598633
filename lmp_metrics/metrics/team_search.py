"""Find a team by a fragment of its name, id, department or facility ("Find my team").

Matching is case-insensitive and literal (``%`` and ``_`` are plain characters); every word typed must
appear somewhere in the team's id, name, department or facility. Results are ranked:

0. the id equals the text,
1. the name starts with the text,
2. the name contains the text,
3. any other match (id, department or facility contains the words),

then open teams before closed ones, then by name. Values travel only as bound parameters.
"""

from __future__ import annotations

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database

MAX_WORDS = 6
RESULT_COLUMNS = ["team_id", "team_name", "department", "facility", "region", "closed_on", "match_rank"]


def search_teams(db: Database, text: str, filters: Filters, limit: int = 20) -> pd.DataFrame:
    """Up to ``limit`` teams matching ``text`` within ``filters``, best match first.

    Columns: team_id, team_name, department, facility, region, closed_on, match_rank (0–3, see module
    docstring). Blank text gives no rows.
    """
    needle = " ".join(text.split()).lower()
    words = needle.split()[:MAX_WORDS]
    if not words:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    team_sql, team_params = filters.team_where()
    word_sql = " AND ".join(["strpos(haystack, ?) > 0"] * len(words))
    sql = f"""
        WITH candidates AS (
            SELECT team_id, team_name, department, facility, region, closed_on,
                   lower(team_id || ' ' || team_name || ' ' || department || ' ' || facility) AS haystack
            FROM teams
            WHERE {team_sql}
        )
        SELECT team_id, team_name, department, facility, region, closed_on,
               CASE WHEN lower(team_id) = ? THEN 0
                    WHEN starts_with(lower(team_name), ?) THEN 1
                    WHEN strpos(lower(team_name), ?) > 0 THEN 2
                    ELSE 3 END AS match_rank
        FROM candidates
        WHERE {word_sql}
        ORDER BY match_rank, closed_on IS NOT NULL, team_name, team_id
        LIMIT ?
    """
    return db.query(sql, [*team_params, needle, needle, needle, *words, int(limit)])


def team_label(row: pd.Series | dict) -> str:
    """``Alpha ICU · ICU · Oakland (closed)``: how a search result is shown."""
    label = f"{row['team_name']} · {row['department']} · {row['facility']}"
    return label + (" (closed)" if pd.notna(row["closed_on"]) else "")
