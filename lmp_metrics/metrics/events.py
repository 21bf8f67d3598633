"""Events on the timeline (contract table ``events``) that apply to a scope.

An event applies to a scope when its own scope covers every team of it: national events apply
everywhere, a region's events to that region and everything in it, and so on down to a facility.
Events of a smaller unit (a facility's, seen from its region) are left out, so a region's charts
carry only what concerns the whole region.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database

EVENT_COLUMNS = ["event_id", "event_date", "scope", "kind", "title", "url"]
KIND_LABELS = {"agreement": "Agreement", "bargaining": "Bargaining", "training": "Training", "other": "Other"}


def scope_events(
    db: Database, filters: Filters, first: date | None = None, last: date | None = None
) -> pd.DataFrame:
    """Events between ``first`` and ``last`` (inclusive; open when None) that apply to every team
    ``filters`` allow, oldest first. Columns: ``EVENT_COLUMNS``. Empty when no team matches or
    the file predates the events table."""
    if not db.table_exists("events"):
        return pd.DataFrame(columns=EVENT_COLUMNS)
    team_sql, team_params = filters.team_where()
    frame = db.query(
        f"""
        SELECT {", ".join(EVENT_COLUMNS)} FROM events AS e
        WHERE event_date >= coalesce(?::DATE, event_date) AND event_date <= coalesce(?::DATE, event_date)
          AND EXISTS (SELECT 1 FROM teams WHERE {team_sql})
          AND (scope = 'national' OR NOT EXISTS (
              SELECT 1 FROM teams WHERE ({team_sql})
                AND e.scope NOT IN ('region:' || region, 'service_area:' || service_area, 'facility:' || facility)
          ))
        ORDER BY event_date, event_id
        """,
        [first, last, *team_params, *team_params],
    )
    frame["event_date"] = pd.to_datetime(frame["event_date"]).dt.date.astype(object)
    return frame
