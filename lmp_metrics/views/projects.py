"""The project library as people read it: one row per project, how it went first (no Streamlit)."""

from __future__ import annotations

import pandas as pd

from lmp_metrics.vocabulary.formats import improvement_text


def library_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Library rows as people read them: project, how it went and its status first; adaptation
    columns when ``frame`` has them. Team and facility columns only when some row has one (a
    reader without team access gets them blanked: see ``lmp_metrics.access.read_path``)."""
    shown = pd.DataFrame(
        {
            "Project": frame["title"],
            "Improvement": [
                improvement_text(i, c, n)
                for i, c, n in zip(frame["improvement"], frame["change"], frame["result_note"], strict=True)
            ],
            "Status": frame["status"],
        }
    )
    if "adaptations_direct" in frame:
        shown["Adapted (direct / in all)"] = [
            f"{d} / {t}" for d, t in zip(frame["adaptations_direct"], frame["adaptations_total"], strict=True)
        ]
        shown["Adaptations improved"] = [
            f"{i} of {w}" if w else "—"
            for i, w in zip(frame["adaptations_improved"], frame["adaptations_with_result"], strict=True)
        ]
        shown["Adaptations' median improvement"] = [
            "—" if pd.isna(m) else f"{m:+.0%}" for m in frame["adaptations_median_improvement"]
        ]
    shown = shown.assign(
        Topic=frame["topic"].to_numpy(),
        Team=frame["team_name"].to_numpy(),
        Metric=frame["metric_name"].to_numpy(),
        Baseline=frame["baseline"].to_numpy(),
        Result=frame["result"].to_numpy(),
        Facility=frame["facility"].to_numpy(),
        Region=frame["region"].to_numpy(),
    )
    return shown.drop(columns=[c for c in ("Team", "Facility") if shown[c].isna().all()])


def chain_rows(chain: pd.DataFrame) -> pd.DataFrame:
    """An ``adaptation_chain`` as library rows, led by each project's generation ('origin', '1. adaptation')."""
    rows = library_rows(chain)
    rows.insert(
        0, "Generation", chain["generation"].map(lambda g: "origin" if g == 0 else f"{g}. adaptation")
    )
    return rows
