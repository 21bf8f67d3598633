"""``python -m lmp_metrics.core.marts --db PATH``: rebuild the stale marts of an existing database file.

A database built by older code keeps the marts of that code until its next write. This brings
them up to date at once (``make run`` and ``bench.run --reuse`` call it), through the same atomic
swap as every write, so an open dashboard keeps reading its snapshot meanwhile. A missing file is
created (empty, with every mart); a file whose marts are current is left as it is.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lmp_metrics.core.database import default_db_path
from lmp_metrics.core.marts import stale_marts
from lmp_metrics.core.store import open_read_only, replace_after_write
from lmp_metrics.core.terminal import terminal_progress


def refresh_marts(path: str | Path) -> list[str]:
    """Rebuild the stale marts of ``path`` (and those reading them); return the stale file names."""
    with terminal_progress("marts") as report:
        with open_read_only(path, report) as db:  # creates or migrates the file first if needed
            stale = stale_marts(db)
        if stale:
            with replace_after_write(path, changed=(), report=report):
                pass  # the swap rebuilds stale marts
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=default_db_path(), help="database file (default: $LMP_DB)")
    args = parser.parse_args(argv)
    stale = refresh_marts(args.db)
    print(f"{args.db}: rebuilt {', '.join(stale)}" if stale else f"{args.db}: marts are current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
