"""Exports of what a page shows: CSV and Excel of the table; the words under the chart's PNG.

Every file states what it shows (title), the filters, the data date and the suppression rule at
the top (CSV, first sheet of the workbook) or along the bottom (PNG, drawn by ``charts.png``). Suppressed figures are
written as the suppressed label, never as a number: the table handed in must already be
suppressed (``explorer.measure_frame`` does that), and ``export_table`` keeps it so.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import HIERARCHY_LABELS, Filters
from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.metrics.explorer import Measure
from lmp_metrics.vocabulary.quarters import quarter_label

EXCEL_FORMATS = {
    "share": "0.0%",
    "rate": "0.0%",
    "level": "0.00",
    "score": "0.00",
    "index": "0.0",
    "teams": "#,##0",
    "assignments": "#,##0",
}
_FILTER_FIELDS = (
    ("regions", HIERARCHY_LABELS["region"]),
    ("service_areas", HIERARCHY_LABELS["service_area"]),
    ("facilities", HIERARCHY_LABELS["facility"]),
    ("departments", HIERARCHY_LABELS["department"]),
    ("labor_partners", HIERARCHY_LABELS["labor_partner"]),
)


@dataclass(frozen=True)
class ExportContext:
    """What an export shows, for the header lines of every file."""

    title: str
    filters: tuple[tuple[str, str], ...]
    data_through: date | None
    people_based: bool

    def lines(self) -> list[tuple[str, str]]:
        """(label, text) header lines: title, each filter, data date, suppression rule."""
        data_date = quarter_label(self.data_through) if self.data_through else "no assessments loaded"
        return [
            ("Export", self.title),
            *self.filters,
            ("Data through", data_date),
            ("Small groups", suppression_note(self.people_based)),
        ]

    def footer(self) -> list[str]:
        """The lines under a chart image: the filters on one line, then data date and suppression rule."""
        header = self.lines()[1:]
        return [
            " · ".join(f"{label}: {text}" for label, text in header[:-2]),
            *(f"{label}: {text}" for label, text in header[-2:]),
        ]


def suppression_note(people_based: bool) -> str:
    """One sentence on suppression for the header of an export."""
    if not people_based:
        return "Team-level measure: no figure is about individual people."
    return (
        f"Figures resting on fewer than {min_group_size()} people are shown as "
        f"'{suppressed_label()}', and so is every group that would reveal one by subtraction from "
        "a total shown anywhere (same marks on every page and export)."
    )


def describe_filters(filters: Filters, **choices: str) -> tuple[tuple[str, str], ...]:
    """Readable (label, value) lines for the filters plus any page choices (measure, breakdown …)."""
    first, last = filters.first_quarter, filters.last_quarter
    span = f"{quarter_label(first) if first else 'first'} – {quarter_label(last) if last else 'latest'}"
    lines = [("Quarters", span)]
    for attribute, label in _FILTER_FIELDS:
        values = getattr(filters, attribute)
        lines.append((label, ", ".join(values) if values else "All"))
    if filters.team_ids:
        lines.append(("Teams", f"{len(filters.team_ids)} team(s) in scope"))
    lines.extend(choices.items())
    return tuple(lines)


def filter_summary(filters: Filters) -> str:
    """The active filters in one short line, e.g. '2022 Q1 – 2025 Q2 · Region: Colorado'."""
    lines = describe_filters(filters)
    parts = [lines[0][1], *(f"{label}: {value}" for label, value in lines[1:] if value != "All")]
    return " · ".join(parts)


def export_table(frame: pd.DataFrame, measure: Measure, breakdown_label: str) -> pd.DataFrame:
    """The measure frame as people read it: group, period, value, base; suppressed → label."""
    label = suppressed_label()
    value = frame["value"].astype(object).where(~frame["suppressed"], label)
    base = frame["base"].round().astype("Int64").astype(object).where(~frame["suppressed"], label)
    return pd.DataFrame(
        {
            breakdown_label: frame["label"].to_numpy(),
            "Survey year" if measure.yearly else "Quarter": frame["period_label"].to_numpy(),
            measure.label: value.to_numpy(),
            measure.base_label.capitalize(): base.to_numpy(),
        }
    )


def to_csv(table: pd.DataFrame, context: ExportContext) -> bytes:
    """CSV (UTF-8 with BOM so Excel reads the dashes): header lines, a blank line, the table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(context.lines())
    writer.writerow([])
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8-sig")


def to_excel(table: pd.DataFrame, context: ExportContext, measure: Measure) -> bytes:
    """One-sheet workbook: header lines in bold labels, a blank row, then the table."""
    from openpyxl import Workbook  # imported here: only an Excel download pays for it
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    for label, text in context.lines():
        sheet.append([label, text])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.cell(1, 2).font = Font(bold=True, size=13)
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append(list(table.columns))
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for record in table.itertuples(index=False):
        sheet.append([_cell(v) for v in record])
    value_column, base_column = 3, 4
    for row in sheet.iter_rows(min_row=header_row + 1, min_col=value_column, max_col=base_column):
        row[0].number_format = EXCEL_FORMATS[measure.unit]
        row[1].number_format = "#,##0"
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    for index, column in enumerate(table.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in table.iloc[:, index - 1])], default=10)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(14, longest + 2), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: object) -> object:
    """Plain Python values for openpyxl (NaN → empty cell)."""
    if value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value
