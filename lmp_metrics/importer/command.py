"""``python -m lmp_metrics import KIND FILE --db PATH [--dry-run]``: exit 0 loaded/unchanged/valid, 1 rejected."""

from __future__ import annotations

import argparse

from lmp_metrics.importer.service import ImportResult, import_file

SHOWN_ERRORS = 50


def run_import(args: argparse.Namespace) -> int:
    """Import one file; print a summary line and, on rejection, the error table."""
    result = import_file(args.db, args.kind, args.file, dry_run=args.dry_run)
    print(result.summary())
    if result.ok:
        return 0
    print(error_table(result))
    return 1


def error_table(result: ImportResult) -> str:
    """The first errors as a plain-text table (file, row, column, value, reason)."""
    shown = result.errors.head(SHOWN_ERRORS).astype({"row": "object"}).fillna("")
    text = shown.to_string(index=False, max_colwidth=60)
    hidden = result.error_count - len(shown)
    return text + (f"\n… and {hidden:,} more error(s)" if hidden > 0 else "")
