"""What an import file of each kind must look like, taken from the data contract.

One ``Kind`` per contract table: its columns (type, whether a value is required, accepted values,
range, the table a value must refer to), its primary key, and rules that span columns. Validation
and loading are generated from these specs, so column names spliced into SQL come only from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from lmp_metrics.vocabulary.hierarchy import LABOR_PARTNERS

ColumnType = Literal["text", "int", "float", "date", "quarter", "bool"]

TYPE_NAMES: dict[str, str] = {
    "text": "text",
    "int": "whole number",
    "float": "number",
    "date": "date (YYYY-MM-DD)",
    "quarter": "quarter (2025-Q2, 2025Q2, Q2 2025 or a date)",
    "bool": "true/false",
}


# Names are shown inside the app's own sentences (Markdown): a file may not smuggle a link, HTML or
# code markup into them. Refused at import, so every name in the database is inert text.
PLAIN_PATTERN = r"[<>\[\]`]|://|www\."
PLAIN_RULE = "plain text: no < > [ ] ` or web address"


@dataclass(frozen=True)
class Column:
    """One column of an import file.

    ``required`` columns are NOT NULL in the table: they must be in the file and every row needs a
    value. Optional columns may be left out of the file entirely (existing values then stay as they
    are) or left blank (stored as NULL).
    """

    name: str
    type: ColumnType = "text"
    required: bool = True
    accepted: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    references: tuple[str, str] | None = None  # (table, key column) the value must exist in
    plain: bool = False  # a name shown inside the dashboard's sentences: no link, HTML or code markup

    def describe(self) -> str:
        """Plain-language rule for the format table on the Import page and in the docs."""
        parts = [TYPE_NAMES[self.type]]
        if self.accepted:
            parts.append("one of " + ", ".join(self.accepted))
        if self.minimum is not None and self.maximum is not None:
            parts.append(f"{self.minimum:g} to {self.maximum:g}")
        elif self.minimum is not None:
            parts.append(f"at least {self.minimum:g}")
        if self.references:
            parts.append(f"must exist in {self.references[0]}.{self.references[1]}")
        if self.plain:
            parts.append(PLAIN_RULE)
        return "; ".join(parts)


@dataclass(frozen=True)
class RowRule:
    """A rule across columns: ``bad_when`` is SQL over the typed columns, true for a bad row."""

    bad_when: str
    column: str
    reason: str
    needs: tuple[str, ...]


@dataclass(frozen=True)
class Kind:
    """One importable table."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    rules: tuple[RowRule, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def format_table(self) -> pd.DataFrame:
        """The file format as a table: column, required, what it must hold."""
        return pd.DataFrame(
            {
                "column": list(self.column_names),
                "required": ["yes" if c.required else "no" for c in self.columns],
                "key": ["yes" if c.name in self.key else "" for c in self.columns],
                "must hold": [c.describe() for c in self.columns],
            }
        )


TEAM = ("teams", "team_id")
EVENT_KINDS = ("agreement", "bargaining", "training", "other")
EVENT_SCOPE_PATTERN = "^(region|service_area|facility):.+$"

# In dependency order: a kind only refers to kinds listed before it (or to itself).
KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "teams",
            (
                Column("team_id"),
                Column("team_name", plain=True),
                Column("department", plain=True),
                Column("facility", plain=True),
                Column("service_area", plain=True),
                Column("region", plain=True),
                Column("labor_partner", accepted=LABOR_PARTNERS),
                Column("formed_on", "date"),
                Column("closed_on", "date", required=False),
            ),
            key=("team_id",),
            rules=(
                RowRule(
                    "closed_on < formed_on",
                    "closed_on",
                    "closed_on is before formed_on",
                    ("closed_on", "formed_on"),
                ),
            ),
        ),
        Kind(
            "dimensions",
            (
                Column("dimension_id"),
                Column("dimension_name", plain=True),
                Column("family", accepted=("performance", "leadership", "engagement")),
                Column("sort_order", "int"),
            ),
            key=("dimension_id",),
        ),
        Kind(
            "courses",
            (
                Column("course_id"),
                Column("course_title", plain=True),
                Column("audience", accepted=("all", "co-leads", "managers", "employees")),
                Column("required", "bool"),
                Column("due_within_days", "int", minimum=1),
            ),
            key=("course_id",),
        ),
        Kind(
            "staff",
            (
                Column("person_id"),
                Column("team_id", references=TEAM),
                Column("role", accepted=("employee", "manager", "physician")),
                Column("union_local", required=False),
                Column("labor_group", accepted=("Coalition", "Alliance", "Non-represented")),
            ),
            key=("person_id",),
        ),
        Kind(
            "team_quarter_levels",
            (
                Column("team_id", references=TEAM),
                Column("quarter", "quarter"),
                Column("level", "int", minimum=1, maximum=5),
                Column("assessed_on", "date", required=False),
            ),
            key=("team_id", "quarter"),
        ),
        Kind(
            "team_quarter_scores",
            (
                Column("team_id", references=TEAM),
                Column("quarter", "quarter"),
                Column("dimension_id", references=("dimensions", "dimension_id")),
                Column("score", "float", minimum=1.0, maximum=5.0),
            ),
            key=("team_id", "quarter", "dimension_id"),
        ),
        Kind(
            "training_records",
            (
                Column("person_id", references=("staff", "person_id")),
                Column("course_id", references=("courses", "course_id")),
                Column("assigned_on", "date"),
                Column("due_on", "date"),
                Column("completed_on", "date", required=False),
                Column("assessment_score", "float", required=False, minimum=0, maximum=100),
            ),
            key=("person_id", "course_id", "assigned_on"),
            rules=(
                RowRule(
                    "due_on < assigned_on",
                    "due_on",
                    "due_on is before assigned_on",
                    ("due_on", "assigned_on"),
                ),
            ),
        ),
        Kind(
            "survey_results",
            (
                Column("team_id", references=TEAM),
                Column("survey_year", "int", minimum=1990, maximum=2100),
                Column("index_name", accepted=("engagement", "just_culture", "speak_up")),
                Column("score", "float", minimum=0, maximum=100),
                Column("respondents", "int", minimum=0),
            ),
            key=("team_id", "survey_year", "index_name"),
        ),
        Kind(
            "ubt_projects",
            (
                Column("project_id"),
                Column("team_id", references=TEAM),
                Column("title", plain=True),
                Column("topic", plain=True),
                Column("started_on", "date"),
                Column("completed_on", "date", required=False),
                Column("metric_name", required=False, plain=True),
                Column("baseline", "float", required=False),
                Column("result", "float", required=False),
                Column("higher_is_better", "bool", required=False),
                Column(
                    "adapted_from_project_id",
                    required=False,
                    references=("ubt_projects", "project_id"),
                ),
            ),
            key=("project_id",),
            rules=(
                RowRule(
                    "adapted_from_project_id = project_id",
                    "adapted_from_project_id",
                    "a project cannot be adapted from itself",
                    ("adapted_from_project_id", "project_id"),
                ),
            ),
        ),
        Kind(
            "events",
            (
                Column("event_id"),
                Column("event_date", "date"),
                Column("scope"),
                Column("kind", accepted=EVENT_KINDS),
                Column("title", plain=True),
                Column("url", required=False),
            ),
            key=("event_id",),
            rules=(
                RowRule(
                    f"NOT (scope = 'national' OR regexp_matches(scope, '{EVENT_SCOPE_PATTERN}'))",
                    "scope",
                    "scope must be national, region:…, service_area:… or facility:…",
                    ("scope",),
                ),
            ),
        ),
    )
}
