"""The demo-mode "View as" picker: short labels that fit the sidebar."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lmp_metrics.access.grants import demo_identities
from lmp_metrics.core.database import Database
from ui.auth import grant_label

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("description", "label"),
    [
        ("admin · national", "Admin (national)"),
        ("leader · region:Colorado", "Leader · Colorado"),
        ("co-lead · team:T00012", "Co-lead (own team)"),
        (
            "leader · facility:Denver Medical Center, leader · region:Hawaii",
            "Leader · Denver Medical Center, Leader · Hawaii",
        ),
        ("admin", "Admin"),  # a database without grants yet: the role alone
    ],
)
def test_grant_label(description: str, label: str) -> None:
    assert grant_label(description) == label


def test_picker_shows_the_short_labels(small_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMP_DB", str(small_db_path))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception
    picker = next(box for box in app.selectbox if box.label == "View as")
    with Database(small_db_path, read_only=True) as db:
        expected = [grant_label(description) for _, description in demo_identities(db)]
    assert picker.options == expected
    assert picker.options[0] == "Admin (national)" and max(map(len, picker.options)) <= 24
