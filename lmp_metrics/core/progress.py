"""Progress of long work (demo build, import, undo, mart builds): a step's name and the share done.

Work reports through a ``Report``, a callable ``report(label, fraction)`` with ``fraction`` from 0
to 1 of the whole job; ``silent`` reports nothing. The terminal (``lmp_metrics.terminal``) and the
Import page (``ui.imports``) draw the reports with the elapsed time.
"""

from __future__ import annotations

from collections.abc import Callable

Report = Callable[[str, float], None]


def silent(label: str, fraction: float) -> None:
    """Report nothing."""


def part(report: Report, start: float, end: float) -> Report:
    """A report for one part of a job: its 0–1 becomes ``start``–``end`` of the whole."""

    def scaled(label: str, fraction: float) -> None:
        report(label, start + (end - start) * min(max(fraction, 0.0), 1.0))

    return scaled
