"""Index methods on the hand-made overview fixture (tests/overview_fixture.py): storage, scores and ranks,
verdicts, rank agreement, the seeded bootstrap and weight sensitivity, every figure worked out by hand.

Departments in 2025 Q2 (levels, and four quarters earlier):
    Dept A  T1 4 (2 → up), T2 4 (4 → held at 4)   high-performing 2/2 = 100, progress 2/2 = 100
    Dept B  T3 3 (2 → up)                         high-performing 0,        progress 1/1 = 100
    Dept C  T4 4 (3 → up), T5 2 (no level)        high-performing 1/2 = 50,  progress 1/1 = 100
    Dept D  T6 3 (4 → down)                       high-performing 0,        progress 0/1 = 0
Training and Just Culture are suppressed for every department (fewer than 11 people), so only the two
level components count. Nationally: high-performing 3/6 = 50.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.demo.methods import demo_methods
from lmp_metrics.metrics import method_compare as mc
from lmp_metrics.metrics import method_stability as stability
from lmp_metrics.metrics.effectiveness import component_scores
from lmp_metrics.metrics.methods import insert_methods, list_methods, new_method, save_method
from lmp_metrics.vocabulary.quarters import QuarterRange
from tests.overview_fixture import Q1_2025, Q2_2025, make_overview_db

approx = pytest.approx
HP_ONLY = new_method("High-performing only", "management", {"high_performing": 1})
EQUAL = new_method(
    "Equal", "joint", dict.fromkeys(("high_performing", "progress", "on_time_training", "just_culture"), 1)
)


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_overview_db(tmp_path_factory.mktemp("methods") / "overview.duckdb")


@pytest.fixture(scope="module")
def db(path: Path) -> Iterator[Database]:
    with Database(path, read_only=True) as database:
        yield database


def scored(db: Database, by: str, quarter, methods) -> pd.DataFrame:
    """``method_scores`` of one quarter, from the components the page reads."""
    return mc.method_scores(
        component_scores(db, Filters(), by, [quarter]),
        component_scores(db, Filters(), "national", [quarter]),
        methods,
    )


def components(db: Database, by: str, quarter) -> pd.DataFrame:
    return component_scores(db, Filters(), by, [quarter])


def by_group(frame, column: str = "index") -> dict:
    return dict(zip(frame["group"], frame[column], strict=True))


# -- methods as data ----------------------------------------------------------------------------------
def test_a_method_is_checked_and_named_for_links() -> None:
    method = new_method(
        "  Joint  proposal, March ", "joint", {"progress": 2, "just_culture": 2}, "require_all", 4
    )
    assert method.method_id == "joint-proposal-march" and method.name == "Joint proposal, March"
    assert method.normalised == {
        "high_performing": 0,
        "progress": 0.5,
        "on_time_training": 0,
        "just_culture": 0.5,
    }
    for bad in (
        {"name": ""},
        {"name": "x" * 81},
        {"name": "!!!"},
        {"name": "see [this](http://evil)"},
        {"notes": "<script>"},
        {"side": "both"},
        {"weights": {"progress": 0}},
        {"weights": {"speed": 1}},
        {"missing_rule": "zero"},
        {"min_teams": 0},
    ):
        arguments = {"name": "ok", "side": "labor", "weights": {"progress": 1}, "notes": ""} | bad
        with pytest.raises(ValueError):
            new_method(**arguments)


def test_methods_are_saved_listed_and_unique(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(path.read_bytes())
    saved = save_method(
        copy, new_method("Culture first", "labor", {"just_culture": 3, "progress": 1}, notes="why")
    )
    with pytest.raises(ValueError, match="already exists"):
        save_method(copy, new_method("culture  FIRST", "joint", {"progress": 1}))
    with Database(copy, read_only=True) as db:
        (found,) = list_methods(db)
        stored = json.loads(db.scalar("SELECT components FROM index_methods"))
    assert found.name == saved.name and found.side == "labor" and found.notes == "why"
    assert dict(found.weights) == {
        "high_performing": 0,
        "progress": 1,
        "on_time_training": 0,
        "just_culture": 3,
    }
    assert stored == {"high_performing": 0.0, "progress": 1.0, "on_time_training": 0.0, "just_culture": 3.0}
    assert found.created_at is not None


def test_the_table_refuses_bad_rows(empty_db: Database) -> None:
    insert = "INSERT INTO index_methods (method_id, name, side, components, missing_rule, min_teams) VALUES "
    with pytest.raises(duckdb.ConstraintException):
        empty_db.execute(insert + "('x', 'X', 'both', '{}', 'rescale', 1)")
    with pytest.raises(duckdb.ConstraintException):
        empty_db.execute(insert + "('x', 'X', 'joint', '{}', 'rescale', 0)")
    with pytest.raises(duckdb.ConstraintException):
        empty_db.execute(insert + "('Not A Slug', 'X', 'joint', '{}', 'rescale', 1)")


def test_the_seeded_methods_differ_where_the_sides_differ() -> None:
    level_heavy, culture, equal = demo_methods()
    assert level_heavy.normalised["high_performing"] + level_heavy.normalised["progress"] == approx(0.8)
    assert culture.normalised["on_time_training"] + culture.normalised["just_culture"] == approx(0.7)
    assert (level_heavy.side, culture.side, equal.side) == ("management", "labor", "joint")
    assert culture.missing_rule == "require_all" and level_heavy.missing_rule == "rescale"


# -- scores, ranks, verdicts -----------------------------------------------------------------------------
def test_scores_ranks_and_verdicts_of_two_methods(db: Database) -> None:
    scores = scored(db, "department", Q2_2025, [HP_ONLY, EQUAL])
    hp = scores[scores["method_id"] == HP_ONLY.method_id]
    equal = scores[scores["method_id"] == EQUAL.method_id]
    assert by_group(hp) == {"Dept A": 100, "Dept B": 0, "Dept C": 50, "Dept D": 0}
    assert by_group(hp, "rank") == {"Dept A": 1, "Dept B": 3, "Dept C": 2, "Dept D": 3}  # ties share
    # equal weights, training and survey suppressed: (high-performing + progress) / 2
    assert by_group(equal) == {"Dept A": 100, "Dept B": 50, "Dept C": 75, "Dept D": 0}
    assert by_group(equal, "rank") == {"Dept A": 1, "Dept B": 3, "Dept C": 2, "Dept D": 4}
    assert set(hp["overall"]) == {50.0}
    # nationally (nothing suppressed there): (50 + 80 + 100 × 10/17 + 1180/17) / 4
    assert equal["overall"].tolist() == approx([(50 + 80 + 1000 / 17 + 1180 / 17) / 4] * 4)
    assert by_group(hp, "versus_overall") == {
        "Dept A": "above",
        "Dept B": "below",
        "Dept C": "equal",
        "Dept D": "below",
    }
    # 4 ranked → ⌈4/4⌉ = 1 rank in each quartile: top = rank 1, bottom = rank 4 (none under HP_ONLY)
    assert by_group(hp, "quartile") == {
        "Dept A": "top",
        "Dept B": "middle",
        "Dept C": "middle",
        "Dept D": "middle",
    }
    assert by_group(equal, "quartile") == {
        "Dept A": "top",
        "Dept B": "middle",
        "Dept C": "middle",
        "Dept D": "bottom",
    }
    flips = mc.verdict_flips(scores, Q2_2025)
    assert flips[["label", "verdict", HP_ONLY.method_id, EQUAL.method_id]].values.tolist() == [
        ["Dept C", "above / below the overall value", "equal", "above"],
        ["Dept D", "quartile", "middle", "bottom"],
    ]


def test_minimum_teams_and_the_require_all_rule(db: Database) -> None:
    three = new_method("Three teams", "joint", {"high_performing": 1}, min_teams=3)
    depts = scored(db, "department", Q2_2025, [three])
    assert depts["index"].isna().all() and depts["rank"].isna().all()  # no department has 3 teams
    assert all("fewer than 3 assessed teams" in m for m in depts["missing"])
    culture = new_method(
        "Culture",
        "labor",
        {"high_performing": 15, "progress": 15, "on_time_training": 35, "just_culture": 35},
        "require_all",
    )
    regions = scored(db, "region", Q2_2025, [culture])
    # South's training and survey rest on 5 people; North's are hidden too (North = nation − South would
    # give South away): every weighted component is required → no region has an index
    assert regions["index"].isna().all()
    # nationally: 0.15 × 50 + 0.15 × 80 + 0.35 × 100 × 10/17 + 0.35 × 1180/17
    assert regions["overall"].tolist() == approx([7.5 + 12 + 0.35 * 1000 / 17 + 0.35 * 1180 / 17] * 2)
    rescaled = scored(db, "region", Q2_2025, [EQUAL])
    # rescaled over the level components: North (66.67 + 100) / 2, South (33.33 + 50) / 2
    assert by_group(rescaled) == approx({"North": 250 / 3, "South": 125 / 3})


# -- rank agreement --------------------------------------------------------------------------------------
def test_average_ranks_share_ties() -> None:
    assert mc.average_ranks([30, 10, 20, 20]).tolist() == [4, 1, 2.5, 2.5]
    assert mc.average_ranks([5, 5, 5]).tolist() == [2, 2, 2]


def test_spearman_and_kendall_by_hand() -> None:
    # one pair of neighbours swapped twice: Σd² = 4 → ρ = 1 − 6·4/(5·24) = 0.8; 8 concordant, 2 discordant of 10
    assert mc.spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) == approx(0.8)
    assert mc.kendall_tau_b([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) == approx(0.6)
    # ties: S = 4 of 6 pairs, one tie in x and one in y → τ-b = 4 / √(5 · 5) = 0.8;
    # average ranks (1, 2.5, 2.5, 4) and (1, 2, 3.5, 3.5) → ρ = 3.75 / 4.5
    assert mc.kendall_tau_b([1, 2, 2, 3], [1, 2, 3, 3]) == approx(0.8)
    assert mc.spearman([1, 2, 2, 3], [1, 2, 3, 3]) == approx(3.75 / 4.5)
    assert mc.spearman([1, 2, 3], [3, 2, 1]) == approx(-1) and mc.kendall_tau_b(
        [1, 2, 3], [3, 2, 1]
    ) == approx(-1)
    assert np.isnan(mc.kendall_tau_b([1, 1, 1], [1, 2, 3]))


def test_rank_agreement_per_quarter(db: Database) -> None:
    scores = scored(db, "department", Q2_2025, [HP_ONLY, EQUAL])
    (row,) = mc.rank_agreement(scores).to_dict("records")
    # HP_ONLY (100, 0, 50, 0) vs EQUAL (100, 50, 75, 0) for A, B, C, D
    assert row["groups"] == 4
    assert row["spearman"] == approx(mc.spearman([100, 0, 50, 0], [100, 50, 75, 0]))
    # pairs: AB +, AC +, AD +, BC +, BD 0 (tie in x), CD + → S = 5, τ-b = 5 / √(5 · 6)
    assert row["kendall"] == approx(5 / np.sqrt(30))


# -- how sure is a rank ----------------------------------------------------------------------------------
def test_rank_intervals_by_hand(db: Database) -> None:
    # High-performing only. Dept A (both teams at 4) always 100; Dept B and D (one team at 3) always 0;
    # Dept C draws T4 (4) and T5 (2) with replacement: 100 (p 1/4), 50 (1/2), 0 (1/4).
    # C ranks 1 (tied with A) a quarter of the time, else 2; B and D rank 3, or 2 when C draws 0.
    out = stability.rank_intervals(db, Filters(), "department", Q2_2025, HP_ONLY, 7, 400)
    intervals = {row["group"]: (row["rank"], row["low"], row["high"]) for row in out.to_dict("records")}
    assert intervals == {"Dept A": (1, 1, 1), "Dept C": (2, 1, 2), "Dept B": (3, 2, 3), "Dept D": (3, 2, 3)}
    share = out.set_index("group")["same_rank"]
    assert share["Dept A"] == 1 and share["Dept C"] == approx(0.75, abs=0.07)  # P(C draws 50 or 0)


def test_the_bootstrap_is_deterministic_per_seed(db: Database) -> None:
    depts = components(db, "department", Q2_2025)
    _, first = stability.resampled_ranks(db, Filters(), "department", depts, HP_ONLY, 3, 200)
    _, again = stability.resampled_ranks(db, Filters(), "department", depts, HP_ONLY, 3, 200)
    _, other = stability.resampled_ranks(db, Filters(), "department", depts, HP_ONLY, 4, 200)
    assert first.shape == (200, 4)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_team_counts_add_up_to_the_shown_components(db: Database) -> None:
    """The resampled inputs, summed without resampling, are the figures the page shows."""
    for by in ("national", "region", "department"):
        shown = component_scores(db, Filters(), by, [Q2_2025]).set_index("group")
        teams = stability.team_inputs(db, Filters(), by, Q2_2025, 2024)
        drawn = stability.resampled_components(teams, list(shown.index), 0, 1)
        whole = teams.groupby("group").sum(numeric_only=True)
        for key, (top, bottom, scale) in stability._RATIOS.items():
            for group in shown.index:
                if not np.isnan(shown.at[group, key]):
                    assert scale * whole.at[group, top] / whole.at[group, bottom] == approx(
                        shown.at[group, key]
                    )
        assert np.isfinite(drawn["high_performing"]).all()


def test_only_shown_groups_and_components_are_resampled(db: Database) -> None:
    training = new_method("Training only", "labor", {"on_time_training": 1})
    assert stability.rank_intervals(
        db, Filters(), "region", Q2_2025, training
    ).empty  # training hidden: no index
    # equal weights: the regions are ranked on their level components only, in every resample too
    # (North: T1 T2 T3 all improved; South's best resample, T4 three times, gives 100 and 100)
    _, ranked = stability.resampled_ranks(
        db, Filters(), "region", components(db, "region", Q2_2025), EQUAL, 1, 50
    )
    assert ranked.shape == (50, 2)
    teams = stability.team_inputs(db, Filters(), "region", Q2_2025, 2024)
    assert set(teams["group"]) == {"North", "South"}


# -- weight sensitivity ----------------------------------------------------------------------------------
def test_weight_sensitivity_by_hand(db: Database) -> None:
    # 2025 Q1, departments: A high-performing 50, progress 100; B 0, 100; C 50, 100; D 100, 0.
    # Weights 55 / 45: A = C = 72.5, D = 55, B = 45 → ranks A 1, C 1, D 3, B 4. Progress +10 (55/55)
    # or high-performing −10 (45/45) make B = D = 50: B moves 4 → 3. The other moves change nothing.
    method = new_method("Close call", "joint", {"high_performing": 55, "progress": 45})
    out = stability.weight_sensitivity(components(db, "department", Q1_2025), method)
    changed = {
        (r["component"], r["change"]): (r["changed"], r["largest_move"], r["moves"])
        for r in out.to_dict("records")
    }
    assert changed[("progress", 10)] == (1, 1, [("Dept B", 4, 3)])
    assert changed[("high_performing", -10)] == (1, 1, [("Dept B", 4, 3)])
    for key in (("high_performing", 10), ("progress", -10), ("on_time_training", 10), ("just_culture", 10)):
        assert changed[key] == (0, 0, [])
    assert ("on_time_training", -10) not in changed  # already 0: nothing to move
    weights = out.set_index(["component", "change"]).at[("progress", 10), "weights"]
    assert weights["high_performing"] == approx(0.5) and weights["progress"] == approx(0.5)


def test_seeded_methods_load_into_a_database(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "seeded.duckdb"
    copy.write_bytes(path.read_bytes())
    with Database(copy) as db:
        insert_methods(db, demo_methods())
        assert [m.name for m in list_methods(db)] == ["Level-heavy", "Training and culture", "Equal weights"]


def test_one_comparison_holds_every_part_and_cuts_the_range(db: Database) -> None:
    inputs = mc.comparison_inputs(db, Filters(quarters=QuarterRange(Q2_2025, Q2_2025)), "department")
    assert len(set(inputs.components["quarter"])) == 6  # every quarter, whatever the range
    intervals = stability.rank_intervals(db, Filters(), "department", Q2_2025, HP_ONLY, 7)
    found = mc.compare(inputs, intervals, [Q1_2025, Q2_2025], [HP_ONLY, EQUAL])
    assert set(found.scores["quarter"]) == {Q1_2025, Q2_2025}
    assert set(found.scores["method_id"]) == {"high-performing-only", "equal"}
    # the same scores as from the two quarters' components read on their own
    alone = mc.method_scores(
        component_scores(db, Filters(), "department", [Q1_2025, Q2_2025]),
        component_scores(db, Filters(), "national", [Q1_2025, Q2_2025]),
        [HP_ONLY, EQUAL],
    )
    columns = ["method_id", "group", "quarter", "index", "rank", "overall", "versus_overall", "quartile"]
    pd.testing.assert_frame_equal(found.scores[columns], alone[columns])
    # the only weighted component moved ±10 is still 100% after scaling: only the others' +10 count
    assert found.sensitivity[["component", "change"]].values.tolist() == [
        ["progress", 10],
        ["on_time_training", 10],
        ["just_culture", 10],
    ]
    assert set(found.association["outcome"]) == set(mc.OUTCOMES)


def test_a_file_from_before_migration_005_lists_no_methods(tmp_path: Path) -> None:
    with Database(tmp_path / "old.duckdb") as db:
        db.execute("CREATE TABLE teams (team_id VARCHAR)")
        assert list_methods(db) == []
