"""Child process of bench/run.py: the overview's region figures for the latest quarter, computed
the naive way (whole tables into pandas, grouped there) and through the marts; prints JSON.
"""

from __future__ import annotations

import json
import time

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database, default_db_path
from lmp_metrics.metrics import catalog, levels, training
from lmp_metrics.vocabulary.quarters import quarter_end


def naive(db: Database, quarter) -> pd.DataFrame:
    """Region × latest quarter: assessed teams, mean level, high-performing share, training rates."""
    teams = db.query("SELECT * FROM teams")
    levels_ = db.query("SELECT * FROM team_quarter_levels")
    staff = db.query("SELECT * FROM staff")
    records = db.query("SELECT * FROM training_records")
    # dates arrive as datetime.date objects (Database.query): as pandas timestamps to compare them
    levels_["quarter"] = pd.to_datetime(levels_["quarter"])
    for column in ("assigned_on", "due_on", "completed_on"):
        records[column] = pd.to_datetime(records[column])
    now = levels_[levels_["quarter"] == pd.Timestamp(quarter)].merge(teams, on="team_id")
    level_part = now.groupby("region").agg(
        assessed_teams=("team_id", "nunique"),
        mean_level=("level", "mean"),
        high_performing_share=("level", lambda s: (s >= 4).mean()),
    )
    day = pd.Timestamp(quarter_end(quarter))
    rec = records.merge(staff[["person_id", "team_id"]], on="person_id").merge(
        teams[["team_id", "region"]], on="team_id"
    )
    assigned = rec[rec["assigned_on"] <= day]
    due = rec[rec["due_on"] <= day]
    training_part = pd.DataFrame(
        {
            "completion": assigned.groupby("region")["completed_on"].apply(lambda c: (c <= day).mean()),
            "on_time": due.assign(ok=due["completed_on"] <= due["due_on"]).groupby("region")["ok"].mean(),
        }
    )
    return level_part.join(training_part)


def via_marts(db: Database, quarter) -> tuple[pd.DataFrame, pd.DataFrame]:
    return (
        levels.level_summary(db, Filters(), "region", [quarter]),
        training.training_rates(db, Filters(), "region", [quarter]),
    )


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> None:
    with Database(default_db_path(), read_only=True) as db:
        quarter = catalog.quarters(db)[-1]
        naive_ms = best_of(lambda: naive(db, quarter), repeat=1)
        mart_ms = best_of(lambda: via_marts(db, quarter))
    print(json.dumps({"naive_ms": naive_ms, "mart_ms": mart_ms, "speedup": naive_ms / mart_ms}))


if __name__ == "__main__":
    main()
