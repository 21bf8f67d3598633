"""Signed changes: a sign (and so an arrow) only when the figure shown is not zero."""

from __future__ import annotations

import pytest

from lmp_metrics.vocabulary.formats import is_signed, signed


@pytest.mark.parametrize(
    ("value", "spec", "suffix", "shown"),
    [
        (1.44, ".1f", " pts", "+1.4 pts"),
        (-0.8, ".1f", " pts", "-0.8 pts"),
        (-0.004, ".2f", "", "0.00"),  # the overview's "−0.00" with a red arrow
        (0.04, ".1f", " pts", "0.0 pts"),
        (-0.05, ".1f", "", "-0.1"),  # rounds away from zero in format(): shown, so signed
        (-1234.0, ",.0f", "", "-1,234"),
        (0.0, ",.0f", "", "0"),
        (-0.004, ".0%", "", "0%"),
    ],
)
def test_sign_only_when_the_shown_figure_is_not_zero(
    value: float, spec: str, suffix: str, shown: str
) -> None:
    assert signed(value, spec, suffix) == shown
    assert is_signed(shown) == (shown[0] in "+-")


def test_is_signed_of_missing_change() -> None:
    assert not is_signed(None) and not is_signed("")
