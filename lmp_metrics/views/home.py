"""The Home page as shown: the cards that say what the data holds, within the caller's access."""

from __future__ import annotations

from typing import Any

from lmp_metrics.views.cards import HeadlineCard
from lmp_metrics.vocabulary.quarters import quarter_label


def data_cards(summary: dict[str, Any]) -> list[HeadlineCard]:
    """Teams, quarters, staff and training records from ``metrics.catalog.data_summary``. The lines
    under the values are context, not change: no arrow, no colour."""
    span = (
        f"{quarter_label(summary['first_quarter'])} – {quarter_label(summary['last_quarter'])}"
        if summary["first_quarter"]
        else "none"
    )
    return [
        HeadlineCard("Open teams", f"{summary['open_teams']:,}", change=f"{summary['teams']:,} ever"),
        HeadlineCard("Quarters assessed", f"{summary['quarters']}", change=span),
        HeadlineCard("Staff", f"{summary['staff']:,}"),
        HeadlineCard("Training records", f"{summary['training_records']:,}"),
    ]
