"""Long work reports its steps: an import and a demo build go from 0 to 1 in order; the terminal
bar is quiet when standard error is not a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmp_metrics.commands import main
from lmp_metrics.core.progress import part
from lmp_metrics.core.terminal import terminal_progress
from lmp_metrics.demo import build_demo
from lmp_metrics.importer import import_file
from tests.import_support import csv_bytes, seed_reference_db


def recorder() -> tuple[list[tuple[str, float]], object]:
    heard: list[tuple[str, float]] = []
    return heard, lambda label, fraction: heard.append((label, fraction))


def test_part_maps_a_step_onto_its_share_of_the_whole() -> None:
    heard, report = recorder()
    part(report, 0.5, 0.75)("half of the second quarter", 0.5)
    part(report, 0.5, 0.75)("beyond the end", 3.0)
    assert heard == [("half of the second quarter", 0.625), ("beyond the end", 0.75)]


def test_an_import_reports_its_steps_in_order_up_to_done(tmp_path: Path) -> None:
    db_path = seed_reference_db(tmp_path / "ref.duckdb")
    heard, report = recorder()
    result = import_file(
        db_path,
        "team_quarter_levels",
        csv_bytes("team_id,quarter,level\nT1,2025-Q3,4\n"),
        "l.csv",
        report=report,
    )
    assert result.status == "loaded"
    labels = [label for label, _ in heard]
    assert labels[0] == "reading l.csv"
    assert labels[1:4] == ["checking 1 rows", "checking references", "writing 1 rows"]
    assert "saving" in labels and labels[-1] == "loaded"
    fractions = [fraction for _, fraction in heard]
    assert fractions == sorted(fractions) and fractions[0] >= 0 and fractions[-1] == 1.0


def test_a_demo_build_reports_generation_loading_and_marts(tmp_path: Path) -> None:
    heard, report = recorder()
    build_demo(tmp_path / "demo.duckdb", scale="small", seed=3, report=report)
    labels = [label for label, _ in heard]
    assert labels[0] == "teams and levels"
    assert "training records, part 1 of 1" in labels
    assert any(label.startswith("building training") for label in labels)
    assert labels[-1] == "saving"
    fractions = [fraction for _, fraction in heard]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(0.96)


def test_the_terminal_bar_is_quiet_when_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with terminal_progress("work") as report:
        report("a step", 0.5)
    assert capsys.readouterr() == ("", "")
    db_path = seed_reference_db(tmp_path / "ref.duckdb")
    levels = tmp_path / "l.csv"
    levels.write_bytes(csv_bytes("team_id,quarter,level\nT1,2025-Q3,4\n"))
    assert main(["import", "team_quarter_levels", str(levels), "--db", str(db_path)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.startswith("l.csv → team_quarter_levels")
