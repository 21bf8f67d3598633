"""``python -m lmp_metrics import KIND FILE --db PATH [--dry-run]``: exit 0 loaded/unchanged/valid, 1 rejected."""

from __future__ import annotations

import argparse

from lmp_metrics.importer.service import REPORT_COLUMNS, ImportResult, import_file

SHOWN_ERRORS = 50
VALUE_WIDTH = 40


def run_import(args: argparse.Namespace) -> int:
    """Import one file; print a summary line and, on rejection, the error table."""
    result = import_file(args.db, args.kind, args.file, dry_run=args.dry_run)
    print(result.summary())
    if result.ok:
        return 0
    print(error_table(result))
    return 1


def error_table(result: ImportResult) -> str:
    """The first errors as a left-aligned plain-text table: file, row, column, value, reason."""
    shown = result.errors.head(SHOWN_ERRORS).astype({"row": "object"}).fillna("")
    shown["value"] = shown["value"].map(_cut)
    cells = [REPORT_COLUMNS] + [
        [str(value) for value in row] for row in shown[REPORT_COLUMNS].itertuples(index=False)
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(REPORT_COLUMNS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    hidden = result.error_count - len(shown)
    return "\n".join(lines) + (f"\n… and {hidden:,} more error(s)" if hidden > 0 else "")


def _cut(text: str) -> str:
    """Long values (a whole row pasted into one cell, say) are shortened for the terminal."""
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 1] + "…"
