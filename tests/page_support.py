"""Running one page file with AppTest, and reading what it shows (importable from any test module)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parent.parent / "pages"


def run_page(
    stem: str, db_path: Path, monkeypatch: pytest.MonkeyPatch, who: str | None = "admin@x", **params: str
) -> AppTest:
    """``pages/<stem>.py`` on ``db_path`` with ``params`` in the URL, viewed as ``who`` (``?as=``;
    None: no identity asked for); fails on any exception the page shows."""
    monkeypatch.setenv("LMP_DB", str(db_path))
    app = AppTest.from_file(str(PAGES / f"{stem}.py"), default_timeout=90)
    if who is not None:
        app.query_params["as"] = who
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, "\n".join(e.message for e in app.exception)
    return app


def texts(elements) -> str:
    """The values of some elements (captions, infos, …), one a line."""
    return "\n".join(str(e.value) for e in elements)


def metrics(app: AppTest) -> dict[str, str]:
    """Each metric's value by its label."""
    return {m.label: m.value for m in app.metric}
