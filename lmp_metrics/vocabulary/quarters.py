"""Quarters: parse the formats the data contract accepts, label them ``2025 Q2``, and the
``QuarterRange`` every page, query and export shares.

A quarter is stored as a DATE, the first day of the quarter (2025-04-01 is 2025 Q2).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

_YEAR_Q = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)
_Q_YEAR = re.compile(r"^\s*Q([1-4])\s+(\d{4})\s*$", re.IGNORECASE)


def quarter_start(day: date) -> date:
    """First day of the quarter that contains ``day``."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def parse_quarter(value: object) -> date:
    """Parse ``2025-Q2``, ``2025Q2``, ``Q2 2025`` or any date inside the quarter.

    Raises ``ValueError`` with a readable reason for anything else.
    """
    if isinstance(value, datetime):
        return quarter_start(value.date())
    if isinstance(value, date):
        return quarter_start(value)
    text = str(value).strip()
    if match := _YEAR_Q.match(text):
        return date(int(match[1]), 3 * int(match[2]) - 2, 1)
    if match := _Q_YEAR.match(text):
        return date(int(match[2]), 3 * int(match[1]) - 2, 1)
    try:
        return quarter_start(date.fromisoformat(text[:10]))
    except ValueError:
        raise ValueError(f"{text!r} is not a quarter (use 2025-Q2, 2025Q2, Q2 2025 or a date)") from None


def quarter_label(quarter: date) -> str:
    """``date(2025, 4, 1)`` → ``'2025 Q2'``."""
    return f"{quarter.year} Q{(quarter.month - 1) // 3 + 1}"


def quarter_end(quarter: date) -> date:
    """Last day of the quarter starting at ``quarter``."""
    return shift_quarters(quarter, 1) - timedelta(days=1)


def shift_quarters(quarter: date, n: int) -> date:
    """The quarter ``n`` quarters after (negative: before) ``quarter``."""
    index = quarter.year * 4 + (quarter.month - 1) // 3 + n
    return date(index // 4, 3 * (index % 4) + 1, 1)


def quarter_param(quarter: date) -> str:
    """A quarter as URLs and file names write it: ``date(2025, 4, 1)`` → ``'2025-Q2'``."""
    return quarter_label(quarter).replace(" ", "-")


@dataclass(frozen=True)
class QuarterRange:
    """The quarters a figure covers, both ends included; ``None`` leaves that end open.

    It travels in ``Filters.quarters`` beside the team scope, is written to the URL as
    ``from``/``to`` (``'2025-Q2'``), and is applied once: ``where`` for SQL, ``cut`` for a frame
    with a quarter column, ``among`` for a list of quarters.
    """

    first: date | None = None
    last: date | None = None

    @classmethod
    def parse(
        cls, first: str | None, last: str | None, options: Sequence[date], default: QuarterRange
    ) -> QuarterRange:
        """The range URL texts ask for (``'2025-Q2'`` or any format ``parse_quarter`` reads), each
        end falling back to ``default``'s where it is missing, unreadable or not among ``options``;
        ends swapped if given the wrong way round."""

        def end(text: str | None, fallback: date | None) -> date | None:
            try:
                value = parse_quarter(text) if text else fallback
            except ValueError:
                return fallback
            return value if value in options else fallback

        ends = [end(first, default.first), end(last, default.last)]
        if None not in ends:
            ends.sort()
        return cls(*ends)

    def params(self) -> tuple[str | None, str | None]:
        """``(from, to)`` as the URL writes them, ``None`` for an open end."""
        return tuple(quarter_param(q) if q else None for q in (self.first, self.last))

    @property
    def is_open(self) -> bool:
        """Whether neither end is set (every quarter)."""
        return self.first is None and self.last is None

    @property
    def label(self) -> str:
        """``'2025 Q2 – 2026 Q1'``; an open end reads 'first' or 'latest'."""
        first = quarter_label(self.first) if self.first else "first"
        return f"{first} – {quarter_label(self.last) if self.last else 'latest'}"

    def contains(self, quarter: date) -> bool:
        return (self.first is None or quarter >= self.first) and (self.last is None or quarter <= self.last)

    def among(self, quarters: Iterable[date]) -> list[date]:
        """The given quarters inside the range, oldest first."""
        return sorted(q for q in set(quarters) if self.contains(q))

    def every(self) -> list[date]:
        """Every quarter from the first to the last (both ends must be set)."""
        if self.first is None or self.last is None:
            raise ValueError("an open quarter range has no list of its own; use among()")
        count = (self.last.year - self.first.year) * 4 + (self.last.month - self.first.month) // 3 + 1
        return [shift_quarters(self.first, n) for n in range(count)]

    def up_to_last(self) -> QuarterRange:
        """Every quarter up to this range's last (the history behind its last quarter)."""
        return QuarterRange(None, self.last)

    def whole_years(self) -> QuarterRange:
        """Widened to whole calendar years (Q1 of the first year to Q4 of the last)."""
        return QuarterRange(
            self.first and date(self.first.year, 1, 1), self.last and date(self.last.year, 10, 1)
        )

    def where(self, column: str = "quarter") -> tuple[str, list]:
        """SQL condition on a DATE column (code-side name) for the range, with params."""
        clauses, params = [], []
        if self.first:
            clauses.append(f"{column} >= ?")
            params.append(self.first)
        if self.last:
            clauses.append(f"{column} <= ?")
            params.append(self.last)
        return (" AND ".join(clauses) or "TRUE"), params

    def cut(self, frame: pd.DataFrame, column: str = "quarter") -> pd.DataFrame:
        """The rows of ``frame`` whose ``column`` (dates) lies in the range, renumbered."""
        values = frame[column]
        keep = values.notna()
        if self.first:
            keep &= values >= self.first
        if self.last:
            keep &= values <= self.last
        return frame[keep].reset_index(drop=True)
