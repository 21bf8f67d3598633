"""Realistic URL states: which page a simulated person opens, and with which link.

The mix follows how the dashboard is used in a session: overview and team scorecards most, then
training and the explorer, the other pages now and then. Values come from the database under test
(real regions, facilities, departments, teams and quarters), so every link is one a person could
have copied; parameters the pages keep in the URL are checked after each run (``lost`` state).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from bench.load.client import Query

# page URL path → share of visits
PAGE_MIX = {
    "overview": 25,
    "scorecard": 25,
    "training": 15,
    "explorer": 15,
    "projects": 8,
    "just_culture": 7,
    "what_changed": 5,  # leaders before a review: a scope and a quarter
    "": 5,  # home
}
OVERVIEW_TABS = ("Heatmap", "Transitions", "Funnel plot", "Dimensions", "Effectiveness index")
OVERVIEW_MEASURES = ("mean_level", "moved_up_share", "training_completion_rate", "on_time_rate")
EXPLORER_MEASURES = ("mean_level", "assessed_teams", "moved_up_share", "completion_rate", "survey_engagement")
EXPLORER_CHARTS = ("line", "bars", "heatmap", "multiples")
GROUPINGS = ("region", "service_area", "facility", "labor_partner")
SURVEY_INDEXES = ("engagement", "just_culture", "speak_up")
PROJECT_SEARCHES = ("falls", "hand hygiene", "attendance", "wait")
DRILL = ("region", "service_area", "facility", "department")  # overview drill path, top down


def quarter_param(quarter: date) -> str:
    return f"{quarter.year}-Q{(quarter.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class Plan:
    """Facts from the database that links are made of."""

    quarters: tuple[date, ...]
    places: tuple[tuple[str, str, str, str], ...]  # region, service area, facility, department
    teams: tuple[str, ...]
    survey_years: tuple[int, ...]

    @classmethod
    def from_db(cls, path: str | Path) -> Plan:
        with duckdb.connect(str(path), read_only=True) as con:
            quarters = con.sql("SELECT DISTINCT quarter FROM team_quarter_levels ORDER BY 1").fetchall()
            places = con.sql(
                "SELECT DISTINCT region, service_area, facility, department FROM teams "
                "WHERE closed_on IS NULL ORDER BY ALL"
            ).fetchall()
            teams = con.sql("SELECT team_id FROM teams WHERE closed_on IS NULL ORDER BY 1").fetchall()
            years = con.sql("SELECT DISTINCT survey_year FROM survey_results ORDER BY 1").fetchall()
        return cls(
            quarters=tuple(q for (q,) in quarters),
            places=tuple(places),
            teams=tuple(t for (t,) in teams),
            survey_years=tuple(y for (y,) in years),
        )

    def pick(self, rng: random.Random) -> tuple[str, Query]:
        """A page and the link a person opens it with."""
        page = rng.choices(list(PAGE_MIX), weights=list(PAGE_MIX.values()))[0]
        return page, getattr(self, f"_{page or 'home'}")(rng)

    def _range(self, rng: random.Random) -> tuple[date, date]:
        """A quarter range ending in the last year, up to four years long."""
        last = rng.randrange(len(self.quarters) - 4, len(self.quarters))
        first = rng.randrange(max(0, last - 16), last + 1)
        return self.quarters[first], self.quarters[last]

    def _filters(self, rng: random.Random, span: tuple[date, date] | None = None) -> Query:
        """The shared sidebar filters: usually a quarter range (``span`` if given), sometimes a region."""
        query: Query = []
        if span or rng.random() < 0.7:
            first, last = span or self._range(rng)
            query += [("from", quarter_param(first)), ("to", quarter_param(last))]
        if rng.random() < 0.25:
            query.append(("region", rng.choice(self.places)[0]))
        return query

    def _home(self, rng: random.Random) -> Query:
        return []

    def _overview(self, rng: random.Random) -> Query:
        place = rng.choice(self.places)
        depth = rng.choice((0, 1, 1, 2, 3, 4))
        query = self._filters(rng) if depth == 0 else []  # a drilled link keeps the filters it came with
        query += [(f"drill_{level}", value) for level, value in zip(DRILL[:depth], place, strict=False)]
        if rng.random() < 0.4:
            query.append(("tab", rng.choice(OVERVIEW_TABS)))
        if rng.random() < 0.3 and depth < len(DRILL):
            query.append(("measure", rng.choice(OVERVIEW_MEASURES)))
        return query

    def _scorecard(self, rng: random.Random) -> Query:
        return [("team", rng.choice(self.teams))]

    def _training(self, rng: random.Random) -> Query:
        first, last = span = self._range(rng)
        query = [*self._filters(rng, span), ("by", rng.choice(GROUPINGS))]
        if rng.random() < 0.3:  # the page offers the quarters in the range
            query.append(
                ("asof", quarter_param(rng.choice([q for q in self.quarters if first <= q <= last])))
            )
        if rng.random() < 0.2:
            query.append(("rate", "completion_rate"))
        return query

    def _explorer(self, rng: random.Random) -> Query:
        return [
            *self._filters(rng),
            ("measure", rng.choice(EXPLORER_MEASURES)),
            ("by", rng.choice(GROUPINGS)),
            ("chart", rng.choice(EXPLORER_CHARTS)),
        ]

    def _projects(self, rng: random.Random) -> Query:
        if rng.random() < 0.3:
            return [("view", "peers"), ("team", rng.choice(self.teams))]
        return [("q", rng.choice(PROJECT_SEARCHES))] if rng.random() < 0.5 else []

    def _what_changed(self, rng: random.Random) -> Query:
        query: Query = [("quarter", quarter_param(rng.choice(self.quarters[-8:])))]
        if rng.random() < 0.5:
            query.append(("region", rng.choice(self.places)[0]))
        return query

    def _just_culture(self, rng: random.Random) -> Query:
        first, last = span = self._range(rng)
        years = [y for y in self.survey_years if first.year <= y <= last.year]  # the page offers these
        return [
            *self._filters(rng, span),
            ("index", rng.choice(SURVEY_INDEXES)),
            ("by", rng.choice(GROUPINGS)),
            ("year", str(rng.choice(years))),
        ]
