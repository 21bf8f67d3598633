"""Labor partners of the demo: union locals per region, each in the Coalition or the Alliance.

Plausible names for demo data, not an authoritative membership list.
"""

from __future__ import annotations

import numpy as np

from lmp_metrics.vocabulary.hierarchy import LABOR_PARTNERS

COALITION, ALLIANCE, _ = LABOR_PARTNERS

# region → {union local: (labor group, relative size in that region)}
UNION_LOCALS: dict[str, dict[str, tuple[str, float]]] = {
    "Northern California": {
        "SEIU-UHW": (COALITION, 6.0),
        "OPEIU Local 29": (COALITION, 1.0),
        "IFPTE Local 20": (ALLIANCE, 1.0),
        "UNAC/UHCP": (ALLIANCE, 0.5),
    },
    "Southern California": {
        "SEIU-UHW": (COALITION, 4.0),
        "SEIU Local 121RN": (COALITION, 1.0),
        "OPEIU Local 30": (COALITION, 1.0),
        "UNAC/UHCP": (ALLIANCE, 3.0),
        "USW Local 7600": (ALLIANCE, 1.0),
        "KPNAA": (ALLIANCE, 0.2),
    },
    "Colorado": {
        "UFCW Local 7": (COALITION, 2.0),
        "SEIU Local 105": (COALITION, 1.0),
        "UFCW Local 7 Professionals": (ALLIANCE, 0.6),
    },
    "Georgia": {
        "OPEIU Local 21": (COALITION, 1.0),
        "UFCW Local 1996": (ALLIANCE, 1.0),
    },
    "Hawaii": {
        "UNITE HERE Local 5": (COALITION, 2.0),
        "OPEIU Local 50": (ALLIANCE, 1.0),
        "ILWU Local 142": (ALLIANCE, 0.4),
    },
    "Mid-Atlantic States": {
        "OPEIU Local 2": (COALITION, 1.0),
        "UFCW Local 27": (ALLIANCE, 1.0),
        "UFCW Local 400": (ALLIANCE, 1.0),
    },
    "Northwest": {
        "SEIU Local 49": (COALITION, 2.0),
        "OFNHP": (ALLIANCE, 1.5),
        "UFCW Local 555": (ALLIANCE, 0.6),
    },
    "Washington": {
        "SEIU Healthcare 1199NW": (COALITION, 2.0),
        "UFCW Local 3000": (ALLIANCE, 1.0),
    },
}

# region → probability that a team's labor partner is Coalition, Alliance, Both
PARTNER_MIX: dict[str, tuple[float, float, float]] = {
    "Northern California": (0.62, 0.18, 0.20),
    "Southern California": (0.50, 0.30, 0.20),
    "Colorado": (0.55, 0.25, 0.20),
    "Georgia": (0.45, 0.35, 0.20),
    "Hawaii": (0.50, 0.30, 0.20),
    "Mid-Atlantic States": (0.40, 0.40, 0.20),
    "Northwest": (0.45, 0.35, 0.20),
    "Washington": (0.55, 0.25, 0.20),
}

UNION_NAMES: tuple[str, ...] = tuple(sorted({name for locals_ in UNION_LOCALS.values() for name in locals_}))


def locals_of(region: str, group: str) -> tuple[np.ndarray, np.ndarray]:
    """Codes (indexes into ``UNION_NAMES``) and selection probabilities of a region's locals in a group."""
    members = [(name, size) for name, (g, size) in UNION_LOCALS[region].items() if g == group]
    codes = np.array([UNION_NAMES.index(name) for name, _ in members])
    sizes = np.array([size for _, size in members])
    return codes, sizes / sizes.sum()
