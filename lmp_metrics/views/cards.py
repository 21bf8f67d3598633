"""Headline cards: the one model of a row of big numbers, for every page, the briefing PDF and the flyer.

A card is words only (no Streamlit, no paper): ``ui.cards`` draws it with ``st.metric``, and
``lmp_metrics.briefing`` draws the same card on paper, so page and PDF cannot say different things.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lmp_metrics.vocabulary.formats import is_signed

Tone = Literal["better", "worse"]


@dataclass(frozen=True)
class HeadlineCard:
    """One headline figure.

    ``change`` is a signed change made by ``formats.signed`` (arrow and colour when it shows a
    direction), or plain context ("1,234 ever", never coloured); ``higher_is_better`` says which
    direction is good (None: neither, so the change stays grey). ``year_change`` is the change over
    four quarters where a card shows one besides its main change; ``trend`` draws a sparkline.
    """

    label: str
    value: str
    change: str | None = None
    versus: str | None = None  # what the change compares with: 'vs 2025 Q1'
    higher_is_better: bool | None = None
    caption: str | None = None
    help: str | None = None
    trend: tuple[float, ...] = ()
    year_change: str | None = None
    key: str = ""  # the measure shown, where there is one

    @property
    def moved(self) -> bool:
        """Whether the change shows a direction (+ or - as shown, not zero after rounding)."""
        return is_signed(self.change)

    @property
    def change_line(self) -> str | None:
        """The change and what it compares with, as one line of text: '+1 vs a year ago'."""
        return " ".join(p for p in (self.change, self.versus) if p) or None

    @property
    def tone(self) -> Tone | None:
        """Whether the change is good or bad news; None when it has no direction or none is better."""
        if self.higher_is_better is None or not self.moved:
            return None
        rose = self.change is not None and self.change.startswith("+")
        return "better" if rose == self.higher_is_better else "worse"
