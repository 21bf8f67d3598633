"""Turning file bytes into a grid of text cells with the row numbers a person sees in the file.

CSV must be UTF-8 (a byte-order mark is fine); the delimiter may be a comma, semicolon or tab.
Excel files are read from their first sheet. The first non-blank row is the header; blank rows
(empty or only spaces, as Excel often leaves below the data) are dropped, and every remaining row
keeps its spreadsheet row number (header = row 1 in the usual layout).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath

import numpy as np
import pandas as pd

FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
ROW = "_row"  # column holding the row number in the file

_BOM = b"\xef\xbb\xbf"
_PARSER_ERROR = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


class FileProblem(Exception):
    """The file cannot be read as a table at all (encoding, empty, not a workbook)."""

    def __init__(self, reason: str, row: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.row = row


@dataclass(frozen=True)
class Grid:
    """The header cells and the non-blank data rows, all as text.

    ``rows`` has one column per header cell (named by position, ``0``, ``1``, …) plus ``_row``.
    """

    header: list[str]
    header_row: int
    rows: pd.DataFrame


def file_format(name: str) -> str | None:
    """``'csv'`` or ``'xlsx'`` from a file name, None for anything else."""
    return FORMATS.get(PurePath(name).suffix.lower())


def read_grid(content: bytes, file_format: str) -> Grid:
    """Read CSV or xlsx bytes into a ``Grid``; raises ``FileProblem`` for unreadable files."""
    cells = _read_xlsx(content) if file_format == "xlsx" else _read_csv(content)
    return _to_grid(cells)


def _read_csv(content: bytes) -> pd.DataFrame:
    body = content.removeprefix(_BOM)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = body[error.start]
        row = body.count(b"\n", 0, error.start) + 1
        raise FileProblem(
            f"the file is not UTF-8 (byte 0x{bad:02X} on row {row} cannot be read); "
            "save it as 'CSV UTF-8' and import again",
            row,
        ) from None
    if not body.strip():
        raise FileProblem("the file is empty")
    try:
        return pd.read_csv(
            io.BytesIO(body),
            header=None,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            sep=_delimiter(body),
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


def _delimiter(body: bytes) -> str:
    """Comma, semicolon or tab: whichever occurs most in the first non-blank line."""
    first = next((line for line in body.splitlines() if line.strip()), b"")
    counts = {sep: first.count(sep.encode()) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _read_xlsx(content: bytes) -> pd.DataFrame:
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
        rows = [tuple(_cell_text(value) for value in row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not rows:
        raise FileProblem("the file is empty")
    width = max(len(row) for row in rows)
    return pd.DataFrame([row + ("",) * (width - len(row)) for row in rows], dtype=str)


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


def _to_grid(cells: pd.DataFrame) -> Grid:
    """Header = first non-blank row; drop blank rows; number rows as in the file (first = 1)."""
    cells.columns = range(cells.shape[1])
    blank = np.ones(len(cells), dtype=bool)
    for position in cells.columns:
        blank &= cells[position].str.strip().eq("").to_numpy()
    filled = np.flatnonzero(~blank)
    if not len(filled):
        raise FileProblem("the file is empty")
    header_index = filled[0]
    header = [cell.strip().removeprefix("\ufeff").strip() for cell in cells.iloc[header_index]]
    keep = filled[1:]
    rows = cells.iloc[keep].reset_index(drop=True)
    rows[ROW] = keep + 1
    return Grid(header, int(header_index) + 1, rows)
