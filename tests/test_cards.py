"""Headline cards: one model (views.cards) for the Overview, scorecard, Training and Home pages and the PDFs."""

from __future__ import annotations

from datetime import date

import pandas as pd

from lmp_metrics.views.cards import HeadlineCard
from lmp_metrics.views.home import data_cards
from lmp_metrics.views.training import headline_cards as training_cards

Q1, Q2 = date(2025, 1, 1), date(2025, 4, 1)


def test_tone_follows_the_sign_shown_and_the_good_direction() -> None:
    assert HeadlineCard("x", "1", change="+2.0 pts", higher_is_better=True).tone == "better"
    assert HeadlineCard("x", "1", change="-2.0 pts", higher_is_better=True).tone == "worse"
    assert HeadlineCard("x", "1", change="+12", higher_is_better=False).tone == "worse"  # more overdue
    assert HeadlineCard("x", "1", change="-12", higher_is_better=False).tone == "better"
    assert HeadlineCard("x", "1", change="0.0 pts", higher_is_better=True).tone is None  # rounds to zero
    assert HeadlineCard("x", "1", change="+3", higher_is_better=None).tone is None  # a count: no direction
    assert HeadlineCard("x", "1", change="1,234 ever").moved is False  # context, not change
    assert HeadlineCard("x", "1", change="+1", versus="vs a year ago").change_line == "+1 vs a year ago"
    assert HeadlineCard("x", "1").change_line is None


def rates(rows: list[tuple]) -> pd.DataFrame:
    columns = ["quarter", "completion_rate", "on_time_rate", "overdue", "people", "suppressed"]
    return pd.DataFrame(rows, columns=columns)


def test_training_cards_worked_by_hand() -> None:
    # Q1: 60% complete, 50% on time, 10 overdue, 40 people; Q2: 75%, 50%, 4, 41
    cards = {
        c.key: c
        for c in training_cards(rates([(Q1, 0.6, 0.5, 10, 40, False), (Q2, 0.75, 0.5, 4, 41, False)]), Q2)
    }
    assert (cards["completion_rate"].value, cards["completion_rate"].change) == ("75.0%", "+15.0 pts")
    assert cards["completion_rate"].tone == "better" and cards["completion_rate"].versus == "vs 2025 Q1"
    assert (cards["on_time_rate"].change, cards["on_time_rate"].tone) == ("0.0 pts", None)
    assert (cards["overdue"].value, cards["overdue"].change, cards["overdue"].tone) == ("4", "-6", "better")
    assert cards["people"].tone is None  # more people with assignments is neither good nor bad


def test_training_cards_suppressed_and_empty_say_so_without_a_number() -> None:
    hidden = training_cards(rates([(Q2, 0.75, 0.5, 4, 8, True)]), Q2)
    assert {c.value for c in hidden} == {"suppressed"} and all(c.change is None for c in hidden)
    assert {c.value for c in training_cards(rates([]), Q2)} == {"—"}


def test_home_cards_carry_context_lines_never_coloured() -> None:
    summary = {
        "open_teams": 4200,
        "teams": 4731,
        "quarters": 40,
        "first_quarter": date(2016, 10, 1),
        "last_quarter": date(2026, 7, 1),
        "staff": 165000,
        "training_records": 1969474,
    }
    teams, quarters, staff, records = data_cards(summary)
    assert (teams.value, teams.change, teams.tone) == ("4,200", "4,731 ever", None)
    assert (quarters.change, quarters.moved) == ("2016 Q4 – 2026 Q3", False)
    assert (staff.value, records.value) == ("165,000", "1,969,474")
