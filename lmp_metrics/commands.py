"""``python -m lmp_metrics …``: demo, import, check, report, sql.

Exit codes: 0 success, 1 data rejected (or checks failed), 2 usage error. Each subcommand is
handled by a ``run_<name>(args)`` function in the module that owns that work.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from lmp_metrics.core.contract import CONTRACT_TABLES
from lmp_metrics.core.database import default_db_path

REPORT_GROUPINGS = ("national", "region", "service_area", "facility", "department", "labor_partner")

# subcommand → (module, handler function)
HANDLERS = {
    "demo": ("lmp_metrics.demo", "run_demo"),
    "import": ("lmp_metrics.importer", "run_import"),
    "check": ("lmp_metrics.core.checks", "run_check"),
    "report": ("lmp_metrics.views.report", "run_report"),
    "sql": ("lmp_metrics.metrics.sql_sandbox", "run_sql"),
}


class UsageError(Exception):
    """Raised by handlers for a bad argument value; reported with exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lmp_metrics", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument(
            "--db", default=str(default_db_path()), help="DuckDB file (default: $LMP_DB or data/lmp.duckdb)"
        )
        return sub

    demo = add("demo", "build a realistic demo database")
    demo.add_argument("--scale", choices=("small", "kp", "10x"), default="small")
    demo.add_argument("--seed", type=int, default=1)

    load = add("import", "import a CSV or Excel file into one table (all or nothing)")
    load.add_argument("kind", choices=CONTRACT_TABLES)
    load.add_argument("file")
    load.add_argument("--dry-run", action="store_true", help="validate only, change nothing")

    add("check", "run the data tests and print failures")

    report = add("report", "one row per group for a quarter")
    report.add_argument("--by", choices=REPORT_GROUPINGS, default="national")
    report.add_argument("--quarter", required=True, help="e.g. 2025-Q2")
    report.add_argument("--format", choices=("csv", "json"), default="csv")
    report.add_argument("--as", dest="as_identity", help="report as this identity sees it (its grant)")

    sql = add("sql", "read-only SQL over the contract tables and views")
    sql.add_argument("--query", required=True)
    sql.add_argument("--format", choices=("csv", "json"), default="csv")
    sql.add_argument("--timeout", type=float, default=None, help="seconds")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, dispatch, and map errors to exit codes."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return 0 if exit_.code == 0 else 2
    module_name, function_name = HANDLERS[args.command]
    handler = getattr(importlib.import_module(module_name), function_name)
    try:
        return int(handler(args))
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
