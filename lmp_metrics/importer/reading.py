"""Turning file bytes into a grid of text cells with the row numbers a person sees in the file.

CSV (also .txt and .tsv, as Excel's "Unicode text" is saved) may be UTF-8 with or without a
byte-order mark, UTF-16 with one, or Windows-1252 when that is clear (see ``encoding``); the
delimiter may be a comma, semicolon or tab. Excel files are read from their first sheet. The first non-blank row is the header; blank rows
(empty or only spaces, as Excel often leaves below the data) are dropped, and every remaining row
keeps its spreadsheet row number (header = row 1 in the usual layout; a value spanning lines in
quotes is one row, as in Excel).

Large CSV files are parsed by Arrow's multi-threaded reader, empty lines kept as rows. Files with
ragged rows (an empty line among several columns is one) go through pandas, which says where.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as arrow_csv

from lmp_metrics.importer.encoding import Undecodable, to_utf8

FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx"}
ROW = "_row"  # column holding the row number in the file
SPACE = " \t\r\n\u00a0"  # trimmed from every cell

_PARSER_ERROR = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


class FileProblem(Exception):
    """The file cannot be read as a table at all (encoding, empty, not a workbook)."""

    def __init__(self, reason: str, row: int | None = None, column: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.row = row
        self.column = column


@dataclass(frozen=True)
class Grid:
    """The header cells and the non-blank data rows, all as trimmed text.

    ``rows`` is an Arrow table with one string column per header cell, named by position
    (``"0"``, ``"1"``, …), plus ``_row``, the row number in the file.
    """

    header: list[str]
    header_row: int
    rows: pa.Table
    encoding: str = ""

    def has_values(self, position: int) -> bool:
        """Whether any data row has a non-blank cell at ``position``."""
        return bool(pc.any(pc.not_equal(self.rows[str(position)], "")).as_py())


def file_format(name: str) -> str | None:
    """``'csv'`` (.csv, .txt, .tsv) or ``'xlsx'`` from a file name, None for anything else."""
    return FORMATS.get(PurePath(name).suffix.lower())


def read_grid(content: bytes, file_format: str) -> Grid:
    """Read CSV or xlsx bytes into a ``Grid``; raises ``FileProblem`` for unreadable files."""
    if file_format == "xlsx":
        return _to_grid(_read_xlsx(content), "")
    try:
        body, encoding = to_utf8(content)
    except Undecodable as problem:
        raise FileProblem(problem.reason, problem.row, problem.column) from None
    return _to_grid(_read_csv(body), encoding)


def _read_csv(body: bytes) -> pa.Table:
    if not body or body.isspace():
        raise FileProblem("the file is empty")
    first_line = _first_line(body)
    delimiter = _delimiter(first_line)
    width = len(next(csv.reader([first_line], delimiter=delimiter)))
    try:
        return _arrow_csv(body, delimiter, width)
    except pa.ArrowInvalid:
        pass  # ragged rows (an empty line is one too, in a file of several columns): pandas says where
    return _pandas_csv(body, delimiter)


def _first_line(body: bytes) -> str:
    """The first line with something on it (without reading past it)."""
    start = 0
    while True:
        end = body.find(b"\n", start)
        line = body[start : len(body) if end < 0 else end]
        if not line.isspace() and line:
            return line.decode("utf-8").rstrip("\r")
        start = end + 1


def _delimiter(first_line: str) -> str:
    """Comma, semicolon or tab: whichever occurs most in the first non-blank line."""
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _arrow_csv(body: bytes, delimiter: str, width: int) -> pa.Table:
    names = [str(position) for position in range(width)]
    return arrow_csv.read_csv(
        io.BytesIO(body),
        read_options=arrow_csv.ReadOptions(column_names=names),
        # empty lines kept as rows (skipping them would shift the row numbers)
        parse_options=arrow_csv.ParseOptions(
            delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
        ),
        convert_options=arrow_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _pandas_csv(body: bytes, delimiter: str) -> pa.Table:
    try:
        frame = pd.read_csv(
            io.BytesIO(body),
            header=None,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            sep=delimiter,
            encoding="utf-8",
        )
    except pd.errors.ParserError as error:
        if match := _PARSER_ERROR.search(str(error)):
            expected, line, saw = (int(g) for g in match.groups())
            raise FileProblem(
                f"row has {saw} values but the header has {expected} "
                "(a value with a comma or semicolon needs quotes)",
                line,
            ) from None
        raise FileProblem(f"the file cannot be read as CSV: {error}") from None
    return pa.table({str(position): frame[column] for position, column in enumerate(frame.columns)})


def _read_xlsx(content: bytes) -> pa.Table:
    import openpyxl  # imported here: only Excel imports pay for it

    if not content.strip():
        raise FileProblem("the file is empty")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged or foreign file
        raise FileProblem(f"the file is not a readable .xlsx workbook ({type(error).__name__})") from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong used range; read every row
        rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    width = max((len(row) for row in rows), default=0)
    if not width:
        raise FileProblem("the file is empty")
    columns = [[row[i] if i < len(row) else "" for row in rows] for i in range(width)]
    return pa.table({str(position): pa.array(values, pa.string()) for position, values in enumerate(columns)})


def _cell_text(value: object) -> str:
    """An Excel cell as the text a person would type: dates as YYYY-MM-DD, 3.0 as 3."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _to_grid(cells: pa.Table, encoding: str) -> Grid:
    """Trim every cell; header = first non-blank row; drop blank rows; number rows as in the file."""
    cells = pa.table({name: pc.utf8_trim(cells[name], SPACE) for name in cells.column_names})
    blank = np.ones(cells.num_rows, dtype=bool)
    for column in cells.columns:
        blank &= pc.equal(column, "").to_numpy(zero_copy_only=False)
    filled = np.flatnonzero(~blank)
    if not len(filled):
        raise FileProblem("the file is empty")
    header_index = int(filled[0])
    header = [
        str(cell).removeprefix("\ufeff").strip(SPACE)
        for cell in cells.slice(header_index, 1).to_pylist()[0].values()
    ]
    keep = filled[1:]
    contiguous = len(keep) == cells.num_rows - header_index - 1
    rows = cells.slice(header_index + 1) if contiguous else cells.take(keep)
    rows = rows.append_column(ROW, pa.array(keep + 1, pa.int64()))
    return Grid(header, header_index + 1, rows, encoding)
