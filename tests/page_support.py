"""Running one page file with AppTest, and reading what it shows (importable from any test module)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "pages"


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


def open_as(
    identity: str, page: str | None, db_path: Path, monkeypatch: pytest.MonkeyPatch, **params: str
) -> AppTest:
    """Run app.py as a demo identity, then the page (if allowed), with extra URL parameters."""
    monkeypatch.setenv("LMP_DB", str(db_path))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["as"] = identity
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    if page:
        app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, app.exception[0].value
    return app


def texts(elements) -> str:
    """The values of some elements (captions, infos, …), one a line."""
    return "\n".join(str(e.value) for e in elements)


def metrics(app: AppTest) -> dict[str, str]:
    """Each metric's value by its label."""
    return {m.label: m.value for m in app.metric}
