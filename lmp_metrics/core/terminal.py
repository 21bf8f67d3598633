"""Progress on the terminal for the command line: one Rich bar with the step and the elapsed time.

Quiet when standard error is not a terminal (scripts, logs, tests): nothing is drawn there.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from lmp_metrics.core.progress import Report, silent


@contextmanager
def terminal_progress(title: str) -> Iterator[Report]:
    """A ``Report`` drawing a bar on standard error (until the block ends), or ``silent``."""
    if not sys.stderr.isatty():
        yield silent
        return
    from rich.console import Console  # imported here: only interactive runs pay for it
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn(f"[bold]{title}[/]"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("starting", total=1.0)

        def report(label: str, fraction: float) -> None:
            bar.update(task, description=label, completed=fraction)

        yield report
        bar.update(task, description="done", completed=1.0)
