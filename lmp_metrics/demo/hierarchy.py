"""The organisation: region → service area → facility → department → team slots.

``build_hierarchy`` lays out one row per team that ever exists (open, closed or formed later);
``teams.py`` then decides when each one forms and closes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lmp_metrics.demo.config import Scale
from lmp_metrics.demo.names import (
    MEDICAL_CENTER_DEPARTMENTS,
    MEDICAL_OFFICE_DEPARTMENTS,
    REGIONS,
    SMALL_DEPARTMENTS,
    TEAM_SUFFIXES,
)


def split(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into integer parts proportional to ``weights`` (largest remainder)."""
    exact = total * np.asarray(weights, dtype=float) / np.sum(weights)
    parts = np.floor(exact).astype(int)
    shortfall = total - parts.sum()
    parts[np.argsort(parts - exact, kind="stable")[:shortfall]] += 1
    return parts


def _count(quota: int, per: float, available: int) -> int:
    return int(np.clip(round(quota / per), 1, available))


def build_hierarchy(scale: Scale, n_teams: int, rng: np.random.Generator) -> pd.DataFrame:
    """One row per team slot: region, service_area, facility, department, team_name, small_department."""
    rows: list[tuple[str, str, str, str, str, bool]] = []
    shares = np.array([REGIONS[region][0] for region in scale.regions])
    for region, region_quota in zip(scale.regions, split(n_teams, shares), strict=True):
        _, hospitals, service_areas = REGIONS[region]
        names = list(service_areas)[: _count(region_quota, scale.teams_per_service_area, len(service_areas))]
        area_quotas = split(region_quota, rng.uniform(0.7, 1.3, len(names)))
        for area, area_quota in zip(names, area_quotas, strict=True):
            towns = service_areas[area][
                : _count(area_quota, scale.teams_per_facility, len(service_areas[area]))
            ]
            weights = np.where(np.arange(len(towns)) == 0, 3.0, 1.0) * rng.uniform(0.7, 1.3, len(towns))
            for index, (town, quota) in enumerate(zip(towns, split(area_quota, weights), strict=True)):
                medical_center = index == 0
                facility = f"{town} Medical Center" if medical_center else f"{town} Medical Offices"
                kinds = (
                    MEDICAL_CENTER_DEPARTMENTS if medical_center and hospitals else MEDICAL_OFFICE_DEPARTMENTS
                )
                if medical_center and quota >= 3:
                    small = SMALL_DEPARTMENTS[rng.integers(len(SMALL_DEPARTMENTS))]
                    rows.append((region, area, facility, f"{town} {small}", f"{town} {small}", True))
                    quota -= 1
                rows += _department_rows(region, area, facility, town, kinds, quota, scale, rng)
    return pd.DataFrame(
        rows, columns=["region", "service_area", "facility", "department", "team_name", "small_department"]
    )


def _department_rows(
    region: str,
    area: str,
    facility: str,
    town: str,
    kinds: tuple[str, ...],
    quota: int,
    scale: Scale,
    rng: np.random.Generator,
) -> list[tuple[str, str, str, str, str, bool]]:
    """Team rows of one facility: ``quota`` teams spread over a random choice of departments."""
    if quota <= 0:
        return []
    n_departments = _count(quota, scale.teams_per_department, min(len(kinds), quota))
    chosen = np.sort(rng.choice(len(kinds), n_departments, replace=False))
    sizes = 1 + rng.multinomial(quota - n_departments, rng.dirichlet(np.full(n_departments, 2.0)))
    rows = []
    for kind, size in zip(chosen, sizes, strict=True):
        department = f"{town} {kinds[kind]}"
        for k in range(size):
            if size == 1:
                name = department
            elif k < len(TEAM_SUFFIXES):
                name = f"{department} – {TEAM_SUFFIXES[k]}"
            else:
                name = f"{department} – Team {k + 1}"
            rows.append((region, area, facility, department, name, False))
    return rows
