"""Small-group suppression: no figure about people may rest on fewer than ``min_group_size``.

Suppressed figures become missing values with a ``suppressed`` flag, so tables, charts, hovers
and exports all show "suppressed" instead of a number.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lmp_metrics.core.settings import min_group_size

SUPPRESSED_LABEL = "suppressed (<{n} people)"


def suppress_small_groups(
    frame: pd.DataFrame, people_column: str, value_columns: Sequence[str], minimum: int | None = None
) -> pd.DataFrame:
    """Blank ``value_columns`` (and the people count) where ``people_column`` < minimum.

    Adds a boolean ``suppressed`` column. Returns a new frame; the input is not changed.
    """
    minimum = min_group_size() if minimum is None else minimum
    out = frame.copy()
    small = out[people_column].fillna(0) < minimum
    out["suppressed"] = small
    for column in [*value_columns, people_column]:
        out[column] = out[column].astype("float64").where(~small)
    return out


def suppressed_label(minimum: int | None = None) -> str:
    """Text shown in place of a suppressed number."""
    return SUPPRESSED_LABEL.format(n=min_group_size() if minimum is None else minimum)


def protect_complements(
    frame: pd.DataFrame, partition_columns: Sequence[str], people_column: str, value_columns: Sequence[str]
) -> pd.DataFrame:
    """Secondary suppression: no total may reveal a suppressed part by subtraction.

    Run after ``suppress_small_groups``. Within each partition (e.g. one quarter of a breakdown whose
    total is shown elsewhere), if exactly one row is suppressed, the smallest other row is
    suppressed too, so "total minus all the other parts" never gives the hidden figure.
    """
    out = frame.copy()
    if out.empty:
        return out
    hidden = out["suppressed"].to_numpy(dtype=bool)
    if not hidden.any():
        return out
    # Vectorised: a Python loop over partitions took seconds on team-level frames.
    keys = [out[column] for column in partition_columns] or [pd.Series(0, index=out.index)]
    codes = out.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
    lone = np.bincount(codes, weights=hidden)[codes] == 1
    shown_people = np.where(hidden, np.inf, out[people_column].to_numpy(dtype=float))
    smallest = pd.Series(shown_people).groupby(codes).transform("min").to_numpy()
    candidates = np.flatnonzero(lone & ~hidden & (shown_people == smallest))
    _, first = np.unique(codes[candidates], return_index=True)  # the first smallest of each partition
    extra = out.index[candidates[first]]
    if len(extra):
        out.loc[extra, "suppressed"] = True
        for column in [*value_columns, people_column]:
            out.loc[extra, column] = float("nan")
    return out
