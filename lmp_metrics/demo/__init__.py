"""Realistic demo data: ``build_demo(path, scale, seed)`` (the ``demo`` command is in ``lmp_metrics.commands``).

Scales: ``small`` (tests, about a second), ``kp`` (the partnership's real size: about 4,000
teams, 40 quarters, 165,000 staff, 10 million training records) and ``10x``.
"""

from lmp_metrics.demo.build import build_demo
from lmp_metrics.demo.config import SCALES

__all__ = ["SCALES", "build_demo"]
