"""The report as text: CSV and JSON of a ``metrics.report`` table, numbers unrounded."""

from __future__ import annotations

import json
import math
from datetime import date

import pandas as pd


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text: header row, unrounded numbers, empty cells for missing or suppressed values."""
    return frame.to_csv(index=False, lineterminator="\n")


def to_json(frame: pd.DataFrame) -> str:
    """JSON list of row objects: unrounded numbers, ``null`` for missing or suppressed values."""

    def plain(value: object) -> object:
        if isinstance(value, float) and math.isnan(value):
            return None
        if isinstance(value, date):
            return value.isoformat()
        return value.item() if hasattr(value, "item") else value

    records = [{k: plain(v) for k, v in row.items()} for row in frame.astype(object).to_dict("records")]
    return json.dumps(records, indent=2) + "\n"
