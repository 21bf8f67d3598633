"""On track? words and tables for the projection of the high-performing share to a target quarter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import HIERARCHY_LABELS, Filters
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.events import scope_events
from lmp_metrics.metrics.projection import Projection, on_track
from lmp_metrics.vocabulary.quarters import quarter_end, quarter_label

CAPTION = (
    "A projection, not a promise: it assumes the straight-line trend of the quarters fitted goes on, and "
    "the interval covers only the quarter-to-quarter scatter seen in them — not a new agreement, a "
    "reorganisation or a change in how teams are rated."
)


def child_level(filters: Filters) -> str:
    """The groups one level below the scope: regions under the nation, … departments under a facility."""
    if filters.facilities or filters.departments or filters.team_ids:
        return "department"
    if filters.service_areas:
        return "facility"
    return "service_area" if filters.regions else "region"


@dataclass(frozen=True)
class OnTrack:
    scope: Projection | None
    groups: dict[str, Projection]
    by: str
    events: pd.DataFrame


def on_track_view(
    db: Database, filters: Filters, last_quarter: date, target_quarter: date, target: float, window: int
) -> OnTrack:
    """The scope's projection, each child group's, and the scope's events over the fitted quarters."""
    whole = on_track(db, filters, "national", last_quarter, target_quarter, target, window)
    by = child_level(filters)
    groups = on_track(db, filters, by, last_quarter, target_quarter, target, window)
    scope = next(iter(whole.values()), None)
    first = scope.history["quarter"].iloc[0] if scope else last_quarter
    events = scope_events(db, filters, first, quarter_end(target_quarter))
    return OnTrack(scope, groups, by, events)


def summary(p: Projection) -> str:
    """The projection in two sentences, with the fit and the teams needed."""
    fit = f"r² {p.r2:.2f}" if p.r2 == p.r2 else "no r² with two quarters"
    verdict = "reaching" if p.projected >= p.target else "short of"
    text = (
        f"On the straight-line trend of the last {p.window} quarters ({p.slope * 100:+.2f} pts a quarter, {fit}), "
        f"the level 4–5 share would be {p.projected:.1%} in {quarter_label(p.target_quarter)} "
        f"(95% prediction interval {p.lower:.1%} – {p.upper:.1%}), {verdict} the {p.target:.0%} target. "
    )
    if p.teams_needed == 0:
        return (
            text
            + f"{p.high_now:,} of {p.teams_now:,} assessed teams are at level 4–5 already: the target is met now."
        )
    return text + (
        f"To reach {p.target:.0%} by then, {p.teams_needed:,} more of today's {p.teams_now:,} assessed teams "
        f"would need to be at level 4–5: about {per_quarter(p)} moving up per quarter over {p.quarters_left} quarters."
    )


def per_quarter(p: Projection) -> str:
    """Teams that would need to move up per quarter, as shown ('3.5')."""
    return "–" if p.per_quarter != p.per_quarter else f"{p.per_quarter:,.1f}"


def group_table(view: OnTrack) -> pd.DataFrame:
    """One row per child group: share now, projection with interval, teams per quarter needed."""
    rows = [
        {
            HIERARCHY_LABELS[view.by]: group,
            "Level 4–5 now": p.high_now / p.teams_now if p.teams_now else float("nan"),
            "Assessed teams": p.teams_now,
            "Projected": p.projected,
            "Interval low": p.lower,
            "Interval high": p.upper,
            "Trend (pts/q)": p.slope * 100,
            "Up per quarter": p.per_quarter,
        }
        for group, p in view.groups.items()
    ]
    frame = pd.DataFrame(rows)
    return frame.sort_values("Projected", ignore_index=True) if len(frame) else frame
