"""Smoke test: every file in pages/ runs through app.py's navigation on the `small` demo, no exception.

Pages are discovered from the folder, so a new page is covered (and must be registered in app.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGE_FILES = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGE_FILES)
def test_page_runs_without_exception(page: str, small_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMP_DB", str(small_db_path))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception, f"app.py failed before reaching {page}: {app.exception[0].value}"
    try:
        app.switch_page(page)
    except ValueError as error:
        pytest.fail(f"{page} is not in app.py's navigation for the default (admin) identity: {error}")
    app.run()
    assert not app.exception, "\n\n".join(f"{e.message}\n" + "\n".join(e.stack_trace) for e in app.exception)
