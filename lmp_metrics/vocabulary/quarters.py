"""Quarters: parse the formats the data contract accepts, label them ``2025 Q2``.

A quarter is stored as a DATE, the first day of the quarter (2025-04-01 is 2025 Q2).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

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
