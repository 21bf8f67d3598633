"""The sample files shipped in ``data/samples/``: one small, consistent file per kind."""

from __future__ import annotations

from pathlib import Path

from lmp_metrics.importer.schema import KINDS

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "data" / "samples"


def sample_files() -> dict[str, Path]:
    """Sample file per kind, in dependency order (import them in this order into an empty db)."""
    return {kind: SAMPLES_DIR / f"{kind}.csv" for kind in KINDS if (SAMPLES_DIR / f"{kind}.csv").exists()}
