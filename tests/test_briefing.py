"""The briefing pack and team flyer: the PDF says what the pages say; the flyer is one page; the
``brief`` command's exit codes. Text is read back with poppler's ``pdftotext``."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from lmp_metrics.commands import main
from lmp_metrics.core.database import Database
from lmp_metrics.metrics import catalog
from lmp_metrics.vocabulary.quarters import quarter_label
from tests.page_support import metrics, run_page


def pdf_text(path: Path) -> str:
    """The PDF's text with every run of white space made one space."""
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True)
    return re.sub(r"\s+", " ", out.stdout)


def pages(content: bytes) -> int:
    """Pages in a PDF: its page objects (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", content))


def image_widths(content: bytes) -> list[int]:
    """Pixel widths of the images in a PDF (charts are drawn at 1.5 times their layout width)."""
    return [int(w) for w in re.findall(rb"/Subtype\s*/Image.*?/Width\s+(\d+)", content, flags=re.S)]


def plain(markdown: str) -> str:
    return re.sub(r"\s+", " ", markdown.replace("**", ""))


@pytest.fixture(scope="module")
def latest(small_db_path: Path) -> str:
    with Database(small_db_path, read_only=True) as db:
        return quarter_label(catalog.quarters(db)[-1]).replace(" ", "-")


@pytest.fixture(scope="module")
def national_pdf(small_db_path: Path, latest: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("brief") / "brief.pdf"
    assert (
        main(
            [
                "brief",
                "--db",
                str(small_db_path),
                "--scope",
                "national",
                "--quarter",
                latest,
                "--out",
                str(out),
            ]
        )
        == 0
    )
    return out


def test_pdf_numbers_are_the_pages_numbers(
    national_pdf: Path, small_db_path: Path, latest: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = pdf_text(national_pdf)
    assert 2 <= pages(national_pdf.read_bytes()) <= 6
    widths = image_widths(national_pdf.read_bytes())
    assert len(widths) == 4 and min(widths) >= 800, widths  # level mix, projection, two funnels
    page = run_page("what_changed", small_db_path, monkeypatch, who=None, quarter=latest)
    shown = [plain(m.value) for m in page.markdown]
    sentences = [s for s in shown if re.search(r"\d", s) and ("." in s) and len(s) > 40]
    assert len(sentences) >= 4, sentences  # findings, the projection summary
    missing = [s for s in sentences if s not in text and not s.startswith("Groups compared")]
    assert not missing, f"on the page but not in the PDF: {missing}"
    overview = run_page("overview", small_db_path, monkeypatch, who=None, to=latest)
    cards = metrics(overview)
    assert len(cards) == 7
    for label, value in cards.items():
        assert f"{label} {value}" in text, (label, value)


def test_flyer_is_one_page(small_db_path: Path, tmp_path: Path) -> None:
    with Database(small_db_path, read_only=True) as db:
        busiest = db.scalar(
            "SELECT team_id FROM ubt_projects GROUP BY team_id ORDER BY count(*) DESC, team_id LIMIT 1"
        )
        lowest = db.scalar(
            "SELECT team_id FROM team_quarter_levels WHERE quarter = (SELECT max(quarter) FROM team_quarter_levels) "
            "ORDER BY level, team_id LIMIT 1"
        )
        name = db.scalar("SELECT team_name FROM teams WHERE team_id = ?", [busiest])
    for team in (busiest, lowest):
        out = tmp_path / f"{team}.pdf"
        assert main(["brief", "--db", str(small_db_path), "--team", team, "--out", str(out)]) == 0
        assert pages(out.read_bytes()) == 1, team
        assert image_widths(out.read_bytes()) == [1500]  # the level history, not a stray image
    assert name in pdf_text(tmp_path / f"{busiest}.pdf")


def test_brief_usage_errors_exit_2_and_write_nothing(
    small_db_path: Path, latest: str, tmp_path: Path
) -> None:
    out = str(tmp_path / "x.pdf")
    db = str(small_db_path)
    assert main(["brief", "--db", db, "--scope", "county:X", "--quarter", latest, "--out", out]) == 2
    assert main(["brief", "--db", db, "--scope", "national", "--quarter", "2026-Q9", "--out", out]) == 2
    assert main(["brief", "--db", db, "--out", out]) == 2  # neither a scope nor a team
    assert main(["brief", "--db", db, "--scope", "national", "--quarter", "1999-Q1", "--out", out]) == 2
    assert main(["brief", "--db", db, "--scope", "region:Atlantis", "--quarter", latest, "--out", out]) == 2
    assert main(["brief", "--db", db, "--team", "NO-SUCH-TEAM", "--out", out]) == 2
    assert not Path(out).exists()
