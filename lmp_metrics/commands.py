"""``python -m lmp_metrics …``: demo, import, undo, check, report, sql, brief, method-card — every handler.

Exit codes: 0 success, 1 data rejected (or checks failed, or a query refused), 2 usage error. Each
subcommand is one ``run_<name>(args)`` here; the work itself lives in the layers below.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.grants import AccessDenied, parse_scope, scope_filters
from lmp_metrics.access.read_path import ScopedReader
from lmp_metrics.checks import all_checks, run_checks
from lmp_metrics.core.contract import CONTRACT_TABLES
from lmp_metrics.core.database import Database, default_db_path
from lmp_metrics.core.store import snapshot_disk_use
from lmp_metrics.core.terminal import terminal_progress
from lmp_metrics.demo import build_demo
from lmp_metrics.errors import UsageError
from lmp_metrics.importer import ImportResult, import_file
from lmp_metrics.importer.service import REPORT_COLUMNS
from lmp_metrics.importer.undo import undo_import
from lmp_metrics.metrics import catalog
from lmp_metrics.metrics.method_stability import DEFAULT_SEED
from lmp_metrics.metrics.methods import list_methods
from lmp_metrics.metrics.report import report_table
from lmp_metrics.metrics.sql_sandbox import SqlRefused, run_query
from lmp_metrics.views import method_card
from lmp_metrics.views import methods as method_views
from lmp_metrics.views.briefing import briefing as briefing_view
from lmp_metrics.views.report import to_csv, to_json
from lmp_metrics.vocabulary.hierarchy import GROUP_LEVELS, GROUPINGS, TEAM
from lmp_metrics.vocabulary.quarters import QuarterRange, parse_quarter, quarter_label

REPORT_GROUPINGS = tuple(key for key in GROUPINGS if key != TEAM.key)  # a report never lists teams
SHOWN_ERRORS = 50  # rows of a rejected import's error table printed
VALUE_WIDTH = 40  # longer cell values are cut in that table


def run_demo(args: argparse.Namespace) -> int:
    """``demo --db PATH --scale S --seed N``; prints row counts and build time."""
    try:
        with terminal_progress(f"{args.scale} demo") as report:
            result = build_demo(args.db, scale=args.scale, seed=args.seed, report=report)
    except ValueError as error:
        raise UsageError(str(error)) from None
    print(f"built the {args.scale} demo (seed {args.seed}) at {args.db} in {result['seconds']:.1f} s")
    for table, count in result["rows"].items():
        print(f"  {table:<20} {count:>12,}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """``import KIND FILE --db PATH [--dry-run]``: 0 loaded/unchanged/valid, 1 rejected (error table printed)."""
    with terminal_progress(f"import {args.kind}") as report:
        result = import_file(args.db, args.kind, args.file, dry_run=args.dry_run, report=report)
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


def run_check(args: argparse.Namespace) -> int:
    """``check --db PATH``; print each failure, exit 1 if any, else 0."""
    if not Path(args.db).exists():
        raise UsageError(f"--db: {args.db} does not exist")
    with Database(args.db, read_only=True) as db:
        failures = run_checks(db)
    for failure in failures:
        print(failure)
    if failures:
        print(f"{len(failures)} of {len(all_checks())} checks failed")
        return 1
    print(f"all {len(all_checks())} checks passed")
    return 0


def run_report(args: argparse.Namespace) -> int:
    """``report``: print one row per group for the quarter (csv or json)."""
    try:
        quarter = parse_quarter(args.quarter)
    except ValueError as error:
        raise UsageError(f"--quarter: {error}") from None
    path = Path(args.db)
    if not path.is_file():
        raise UsageError(f"--db: no database file at {path}")
    with Database(path, read_only=True) as db:
        if not db.table_exists("mart_team_quarter"):
            raise UsageError(f"--db: {path} has no level mart; rebuild it with an import or the demo")
        covered = catalog.quarters(db)
        if quarter not in covered:
            span = (
                f"{quarter_label(covered[0])} to {quarter_label(covered[-1])}" if covered else "no quarters"
            )
            raise UsageError(f"--quarter: no assessments in {quarter_label(quarter)}; the data covers {span}")
        try:
            reader = ScopedReader.for_identity(db, args.as_identity)
        except AccessDenied as denied:
            raise UsageError(f"--as: {denied}") from None
        table = reader.read(report_table, reader.access.limit(Filters()), args.by, quarter)
    sys.stdout.write(to_json(table) if args.format == "json" else to_csv(table))
    return 0


def run_sql(args: argparse.Namespace) -> int:
    """``sql``: print the result as CSV or JSON; 1 with a reason if refused."""
    try:
        result = run_query(args.db, args.query, timeout=args.timeout)
    except SqlRefused as refused:
        print(f"refused: {refused}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(result.frame.to_json(orient="records", date_format="iso"))
    else:
        result.frame.to_csv(sys.stdout, index=False)
    for note in result.notes():
        print(f"note: {note}", file=sys.stderr)
    return 0


def run_undo(args: argparse.Namespace) -> int:
    """``undo --db PATH [--import ID]``: exit 0 done, 1 refused (the reason is printed)."""
    with terminal_progress("undo") as report:
        result = undo_import(args.db, args.import_id, report=report)
    print(result.message)
    count, size = snapshot_disk_use(args.db)
    print(f"{count} snapshot(s) kept for undo, {size / 1e6:,.1f} MB")
    return 0 if result.ok else 1


def run_brief(args: argparse.Namespace) -> int:
    """``brief``: the briefing pack (``--scope``, ``--quarter``) or a team's flyer (``--team``) as PDF."""
    if bool(args.team) == bool(args.scope):
        raise UsageError("give either --scope and --quarter (the briefing pack) or --team (a team flyer)")
    from lmp_metrics import briefing  # plotly, fpdf2 and kaleido load only for this command
    from lmp_metrics.charts.png import warm_up

    warm_up()  # the charts' browser starts while the figures are queried
    path = Path(args.db)
    if not path.is_file():
        raise UsageError(f"--db: no database file at {path}")
    with Database(path, read_only=True) as db:
        if args.team:
            content = briefing.team_flyer(db, args.team, Filters())
            if content is None:
                raise UsageError(f"--team: no team {args.team!r} in {path}")
        else:
            scope, quarter = _brief_scope(db, args.scope, args.quarter)
            pack = briefing_view(db, scope, quarter, "command line (the whole database file)", True)
            content = briefing.brief_pdf(db, pack)
    Path(args.out).write_bytes(content)
    print(f"wrote {args.out} ({len(content):,} bytes)")
    return 0


def _brief_scope(db: Database, scope: str, quarter: str | None) -> tuple[Filters, date]:
    """The Filters and quarter of ``brief --scope … --quarter …``; UsageError when either is unknown."""
    try:
        filters = scope_filters(*parse_scope(scope))
        chosen = parse_quarter(quarter or "")
    except ValueError as error:
        raise UsageError(f"--scope/--quarter: {error}") from None
    team_sql, params = filters.team_where()
    if not db.scalar(f"SELECT count(*) FROM teams WHERE {team_sql}", params):
        raise UsageError(f"--scope: no teams in {scope!r}")
    if chosen not in catalog.quarters(db):
        raise UsageError(f"--quarter: no assessments in {quarter_label(chosen)}")
    return filters, chosen


def run_method_card(args: argparse.Namespace) -> int:
    """``method-card``: a method's card as Markdown, PDF or JSON (by the ``--out`` suffix), built by the
    page's own functions for the 12 quarters up to ``--quarter`` (the page's default range)."""
    out = Path(args.out)
    if out.suffix not in (".md", ".pdf", ".json"):
        raise UsageError("--out: name a .md, .pdf or .json file")
    path = Path(args.db)
    if not path.is_file():
        raise UsageError(f"--db: no database file at {path}")
    with Database(path, read_only=True) as db:
        try:
            reader = ScopedReader.for_identity(db, args.as_identity)
        except AccessDenied as denied:
            raise UsageError(f"--as: {denied}") from None
        methods = {m.method_id: m for m in list_methods(db)} | {m.name: m for m in list_methods(db)}
        unknown = [name for name in [args.method, *args.vs] if name not in methods]
        if unknown:
            raise UsageError(f"--method/--vs: no method {unknown[0]!r}; saved: {', '.join(sorted(methods))}")
        covered = catalog.quarters(db)
        try:
            last = parse_quarter(args.quarter) if args.quarter else covered[-1]
        except (ValueError, IndexError):
            raise UsageError(f"--quarter: {args.quarter or 'no assessed quarter in the data'}") from None
        quarters = [q for q in covered if q <= last][-method_card.CARD_QUARTERS :]
        if not quarters or quarters[-1] != last:
            raise UsageError(f"--quarter: no assessments in {quarter_label(last)}")
        method = methods[args.method]
        others = [methods[name] for name in args.vs] or [m for m in list_methods(db) if m != method]
        filters = reader.access.limit(Filters(quarters=QuarterRange(quarters[0], quarters[-1])))
        choice = method_views.Comparing(filters, args.by, tuple(quarters), method, tuple(others), args.seed)
        report = method_views.method_report(reader.read, choice)
        if out.suffix == ".pdf":
            from lmp_metrics.briefing import method_card_pdf  # fpdf2 and kaleido load only for a PDF

            out.write_bytes(method_card_pdf(report))
        else:
            text = (
                method_card.card_markdown(report) if out.suffix == ".md" else method_card.export_json(report)
            )
            out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")
    return 0


HANDLERS = {
    "demo": run_demo,
    "import": run_import,
    "undo": run_undo,
    "check": run_check,
    "report": run_report,
    "sql": run_sql,
    "brief": run_brief,
    "method-card": run_method_card,
}


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

    undo = add("undo", "take back the latest import (or undo) by putting back the database from before it")
    undo.add_argument(
        "--import", dest="import_id", type=int, default=None, help="import_log id (default: latest)"
    )

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

    brief = add("brief", "the leaders' briefing pack (PDF) for a scope and quarter, or a team flyer")
    brief.add_argument("--scope", help="national, region:R, service_area:S or facility:F")
    brief.add_argument("--quarter", help="e.g. 2026-Q3")
    brief.add_argument("--team", help="a team id: write its one-page flyer instead")
    brief.add_argument("--out", required=True, help="PDF file to write")

    card = add(
        "method-card", "an index method's card (Markdown, PDF) or its figures (JSON), as the page shows"
    )
    card.add_argument("--method", required=True, help="method id (as in ?method=) or name")
    card.add_argument(
        "--vs", action="append", default=[], help="a method to compare with (default: all others)"
    )
    card.add_argument("--by", choices=[lvl.key for lvl in GROUP_LEVELS], default="service_area")
    card.add_argument("--quarter", help="the card's quarter, e.g. 2026-Q3 (default: the latest)")
    card.add_argument("--seed", type=int, default=DEFAULT_SEED, help="resampling seed")
    card.add_argument("--out", required=True, help="file to write: .md, .pdf or .json")
    card.add_argument("--as", dest="as_identity", help="as this identity sees it (its grant)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, dispatch, and map errors to exit codes."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return 0 if exit_.code == 0 else 2
    try:
        return int(HANDLERS[args.command](args))
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
