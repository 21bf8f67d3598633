"""The method card from the command line: Markdown, JSON and a one-page PDF, each with what the page
shows (the same ``views.methods`` functions), and usage errors that exit 2 and write nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

from lmp_metrics.commands import main
from tests.test_briefing import pages, pdf_text


def card(small_db_path: Path, out: Path, *extra: str) -> int:
    return main(
        ["method-card", "--db", str(small_db_path), "--method", "level-heavy", "--out", str(out), *extra]
    )


def test_markdown_json_and_pdf_say_the_same(small_db_path: Path, tmp_path: Path) -> None:
    md, js, pdf = tmp_path / "c.md", tmp_path / "c.json", tmp_path / "c.pdf"
    for out in (md, js, pdf):
        assert card(small_db_path, out, "--by", "facility", "--vs", "Equal weights") == 0
    text = md.read_text()
    export = json.loads(js.read_text())
    rows = re.findall(r"^\| ([^|]+) \| ([\d.]+) \| (\d+) \| (\d+)–(\d+) \|$", text, flags=re.M)
    latest = [s for s in export["scores"] if s["quarter"] == export["quarter"]]
    assert len(rows) == len(latest) > 3
    by_name = {s["group"]: s for s in latest}
    for name, index, rank, low, high in rows:
        assert f"{by_name[name]['index']:.1f}" == index and by_name[name]["rank"] == int(rank)
        assert by_name[name]["rank_interval"] == [int(low), int(high)]
    assert export["method"]["components"]["high_performing"] == 50
    assert (
        "Equal weights (joint side)" in text and "Training and culture (labor side)" not in text
    )  # only --vs
    assert pages(pdf.read_bytes()) == 1
    flat = pdf_text(pdf)
    for sentence in re.findall(r"^- (Resampling the teams .*|Moving .*)$", text, flags=re.M):
        assert sentence in flat


def test_card_usage_errors_exit_2(small_db_path: Path, tmp_path: Path) -> None:
    assert card(small_db_path, tmp_path / "c.txt") == 2
    assert card(small_db_path, tmp_path / "c.md", "--vs", "no-such-method") == 2
    assert card(small_db_path, tmp_path / "c.md", "--quarter", "1999-Q1") == 2
    assert card(small_db_path, tmp_path / "c.md", "--as", "nobody@x") == 2
    assert not list(tmp_path.iterdir())
