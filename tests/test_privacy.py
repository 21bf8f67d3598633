"""Small-group suppression and the complement rule, on hand-made frames."""

import math

import pandas as pd

from lmp_metrics.access.suppression import protect_complements, suppress_small_groups


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quarter": ["Q1", "Q1", "Q1", "Q2", "Q2", "Q2"],
            "group": ["A", "B", "C", "A", "B", "C"],
            "people": [10, 11, 40, 5, 6, 50],
            "rate": [0.5, 0.6, 0.7, 0.1, 0.2, 0.3],
        }
    )


def test_ten_people_are_suppressed_eleven_are_shown() -> None:
    out = suppress_small_groups(frame(), "people", ["rate"], minimum=11)
    q1 = out[out["quarter"] == "Q1"].set_index("group")
    assert q1.loc["A", "suppressed"] and math.isnan(q1.loc["A", "rate"]) and math.isnan(q1.loc["A", "people"])
    assert not q1.loc["B", "suppressed"] and q1.loc["B", "rate"] == 0.6 and q1.loc["B", "people"] == 11


def test_a_lone_suppressed_part_takes_the_smallest_other_part_with_it() -> None:
    primary = suppress_small_groups(frame(), "people", ["rate"], minimum=11)
    out = protect_complements(primary, ["quarter"], "people", ["rate"]).set_index(["quarter", "group"])
    # Q1: only A (10) was suppressed; B (11) is the smallest shown part, so it goes too; C stays.
    assert out.loc[("Q1", "B"), "suppressed"] and math.isnan(out.loc[("Q1", "B"), "rate"])
    assert not out.loc[("Q1", "C"), "suppressed"] and out.loc[("Q1", "C"), "rate"] == 0.7
    # Q2: A and B were both suppressed already; nothing more is needed.
    assert not out.loc[("Q2", "C"), "suppressed"] and out.loc[("Q2", "C"), "people"] == 50


def test_input_frames_are_not_changed() -> None:
    original = frame()
    suppress_small_groups(original, "people", ["rate"], minimum=11)
    assert "suppressed" not in original.columns
