"""Exports carry filters, data date and the suppression rule, and never a suppressed number.

Uses the explorer fixture: engagement 2024 by team is T1 60 (8 respondents, suppressed),
T2 70 (20 respondents, suppressed as T1's complement), T3 80 (30 respondents, shown).
"""

from __future__ import annotations

import csv
import io
import struct
from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from lmp_metrics.access.filters import Filters
from lmp_metrics.charts.explorer import explorer_figure
from lmp_metrics.charts.png import PNG_WIDTH, png_figure, to_png
from lmp_metrics.core.database import Database
from lmp_metrics.metrics import explorer
from lmp_metrics.views import exports
from tests.test_explorer import build_explorer_db

FILTERS = Filters(
    first_quarter=date(2022, 1, 1),
    last_quarter=date(2025, 1, 1),
    regions=("Colorado",),
    labor_partners=("Alliance",),
)
LABEL = "suppressed (<11 people)"


@pytest.fixture(scope="module")
def survey_by_team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pd.DataFrame]:
    path = build_explorer_db(tmp_path_factory.mktemp("exports") / "explorer.duckdb")
    with Database(path, read_only=True) as db:
        yield explorer.measure_frame(db, "survey_engagement", Filters(), "team")


@pytest.fixture
def export_context() -> exports.ExportContext:
    lines = exports.describe_filters(FILTERS, Measure="Engagement index", Breakdown="Team")
    return exports.ExportContext("Engagement index by team", lines, date(2025, 1, 1), people_based=True)


def test_filters_are_described_in_words() -> None:
    lines = dict(exports.describe_filters(FILTERS, Measure="Mean level"))
    assert lines["Quarters"] == "2022 Q1 – 2025 Q1"
    assert lines["Region"] == "Colorado"
    assert lines["Labor partner"] == "Alliance"
    assert lines["Facility"] == "All"
    assert lines["Measure"] == "Mean level"


def test_export_table_writes_the_label_instead_of_hidden_numbers(survey_by_team: pd.DataFrame) -> None:
    table = exports.export_table(survey_by_team, explorer.measure("survey_engagement"), "Team")
    assert list(table.columns) == ["Team", "Survey year", "Engagement index (People Pulse)", "Respondents"]
    by_team = table.set_index("Team")
    assert by_team.loc["Team T1"].tolist() == ["2024", LABEL, LABEL]
    assert by_team.loc["Team T2"].tolist() == ["2024", LABEL, LABEL]
    assert by_team.loc["Team T3"].tolist() == ["2024", 80.0, 30]


def test_csv_has_header_lines_then_the_table_and_no_suppressed_number(
    survey_by_team: pd.DataFrame, export_context: exports.ExportContext
) -> None:
    table = exports.export_table(survey_by_team, explorer.measure("survey_engagement"), "Team")
    text = exports.to_csv(table, export_context).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = dict(r for r in rows[: rows.index([])])
    assert header["Export"] == "Engagement index by team"
    assert header["Quarters"] == "2022 Q1 – 2025 Q1"
    assert header["Region"] == "Colorado" and header["Labor partner"] == "Alliance"
    assert header["Data through"] == "2025 Q1"
    assert "fewer than 11 people" in header["Small groups"]
    data = rows[rows.index([]) + 1 :]
    assert data[0] == ["Team", "Survey year", "Engagement index (People Pulse)", "Respondents"]
    assert data[1:] == [
        ["Team T1", "2024", LABEL, LABEL],
        ["Team T2", "2024", LABEL, LABEL],
        ["Team T3", "2024", "80.0", "30"],
    ]
    cells = {cell for row in data for cell in row}
    assert not cells & {"60", "60.0", "70", "70.0", "8", "20"}


def test_excel_opens_with_filters_on_top_and_suppressed_cells_as_text(
    survey_by_team: pd.DataFrame, export_context: exports.ExportContext
) -> None:
    chosen = explorer.measure("survey_engagement")
    table = exports.export_table(survey_by_team, chosen, "Team")
    book = load_workbook(io.BytesIO(exports.to_excel(table, export_context, chosen)))
    sheet = book["Data"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header = {row[0]: row[1] for row in cells if row[0] and row[1] and row[0] != "Team"}
    assert header["Export"] == "Engagement index by team"
    assert header["Region"] == "Colorado" and header["Data through"] == "2025 Q1"
    start = [row[0] for row in cells].index("Team")
    assert cells[start + 1 :] == [
        ["Team T1", "2024", LABEL, LABEL],
        ["Team T2", "2024", LABEL, LABEL],
        ["Team T3", "2024", 80, 30],
    ]
    assert sheet.cell(start + 4, 3).number_format == "0.0"
    numbers = [v for row in cells[start + 1 :] for v in row if isinstance(v, int | float)]
    assert sorted(numbers) == [30, 80]


def test_share_measures_get_a_percent_format_in_excel(export_context: exports.ExportContext) -> None:
    frame = pd.DataFrame(
        {
            "group": ["National"],
            "label": ["National"],
            "period": [date(2025, 1, 1)],
            "period_label": ["2025 Q1"],
            "value": [0.625],
            "base": [8.0],
            "suppressed": [False],
        }
    )
    chosen = explorer.measure("high_performing_share")
    book = load_workbook(
        io.BytesIO(exports.to_excel(exports.export_table(frame, chosen, "Nation"), export_context, chosen))
    )
    sheet = book["Data"]
    last = sheet.max_row
    assert (sheet.cell(last, 3).value, sheet.cell(last, 3).number_format) == (0.625, "0.0%")


def test_png_legend_sits_beside_the_plot_never_over_the_footer(export_context: exports.ExportContext) -> None:
    # the issue: the exported legend (under the plot, wrapped over rows) drew over the filter lines
    frame = pd.DataFrame(
        {
            "group": [f"Region {i}" for i in range(8)],
            "label": [f"Region {i}" for i in range(8)],
            "period": [date(2025, 1, 1)] * 8,
            "period_label": ["2025 Q1"] * 8,
            "value": [0.5] * 8,
            "base": [20] * 8,
            "suppressed": [False] * 8,
        }
    )
    chosen = explorer.measure("high_performing_share")
    fig = explorer_figure(frame, chosen, "line", chosen.label, "Region")
    assert fig.layout.legend.y < 0  # on screen: under the plot
    out = png_figure(fig, export_context.footer())
    assert out.layout.legend.x > 1 and out.layout.legend.xanchor == "left"  # right of the plot area
    footer = out.layout.annotations[-1]
    assert footer.y == 0 and footer.yanchor == "top" and footer.yshift < 0  # under the plot area
    assert out.layout.margin.b > fig.layout.margin.b


def test_png_is_a_wide_image_with_room_for_the_footer(
    survey_by_team: pd.DataFrame, export_context: exports.ExportContext
) -> None:
    chosen = explorer.measure("survey_engagement")
    fig = explorer_figure(survey_by_team, chosen, "bars", chosen.label, "Team")
    png = to_png(fig, export_context.footer())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == PNG_WIDTH
    assert height > fig.layout.height
