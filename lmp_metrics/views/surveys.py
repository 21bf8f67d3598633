"""People Pulse results as the Just Culture page shows them: tables with suppressed cells in words,
and the sentence under the level association (the figures come from ``metrics.surveys``)."""

from __future__ import annotations

import pandas as pd

from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.core.settings import min_group_size


def labelled(frame: pd.DataFrame, digits: dict[str, int], flag: str = "suppressed") -> pd.DataFrame:
    """A copy for tables and downloads: each column in ``digits`` rounded to that many decimals, and
    where ``flag`` is set it says "suppressed" in words instead of a number."""
    out = frame.copy()
    hidden = out[flag].fillna(False).astype(bool)
    for column, places in digits.items():
        values = out[column].round(places)
        text = (values.astype("Int64") if places == 0 else values).astype("string")
        out[column] = text.where(~hidden, suppressed_label()).fillna("")
    return out


def group_year_rows(by_group: pd.DataFrame, index_name: str, group_label: str) -> pd.DataFrame:
    """One index of a ``survey_summary`` as a table: group, year, score, respondents, teams
    (suppressed groups say so in words)."""
    shown = labelled(by_group[by_group["index_name"] == index_name], {"score": 1, "respondents": 0})
    headers = {"group": group_label, "survey_year": "Year", "score": "Score", "respondents": "Respondents"}
    return shown.rename(columns={**headers, "teams": "Teams"})[[*headers.values(), "Teams"]]


def falls_rows(changes: pd.DataFrame, index_name: str, group_label: str, year: int) -> pd.DataFrame:
    """One index of a ``year_over_year`` as a table: group, last year's and this year's score, change."""
    mine = changes[changes["index_name"] == index_name]
    shown = labelled(labelled(mine, {"score": 1, "change": 1}), {"previous": 1}, flag="previous_suppressed")
    headers = {
        "group": group_label,
        "previous": str(year - 1),
        "score": str(year),
        "change": "Change (points)",
    }
    return shown.rename(columns=headers)[list(headers.values())]


def association_note(association: dict[str, float | int], year: int) -> str:
    """What a ``level_association`` rests on and says, and that it is no cause."""
    rho = association["spearman"]
    strength = "too few teams to say" if rho != rho else f"Spearman rank correlation {rho:+.2f}"
    return (
        f"{association['teams']:,} teams with a level in {year} and a result shown (at least {min_group_size()} respondents) "
        f"(level = last assessment that year); {strength}. This shows an **association, not a cause**: "
        "teams that score higher may also differ in size, unit type, leadership or workload, and the "
        "survey and the level rating may influence each other."
    )
