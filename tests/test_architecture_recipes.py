"""The recipes of docs/architecture.md work as written: their code is taken from the document and run."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from lmp_metrics.access import grants
from tests.page_support import run_page
from tests.test_architecture import ROOT, imported_modules, late_access_check, private_uses
from ui import navigation

DOC = ROOT / "docs" / "architecture.md"


def snippets() -> dict[str, str]:
    """Each ```python block of the document by its first line (``# <where it goes>``), that line removed."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.DOTALL)
    lines = [
        [line[3:] if line.startswith("   ") else line for line in block.splitlines()] for block in blocks
    ]
    return {block[0].removeprefix("# "): "\n".join(block[1:]) + "\n" for block in lines}


@pytest.fixture
def level_mix_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The recipe applied: its page file, its PAGES line and its PAGE_ROLES line."""
    code = snippets()
    page = tmp_path / "level_mix.py"
    page.write_text(code["pages/level_mix.py"])
    stem, title, icon = eval(code["ui/navigation.py, in PAGES"].strip().rstrip(","))
    roles = eval("{" + code["lmp_metrics/access/grants.py, in PAGE_ROLES"] + "}", {"frozenset": frozenset})
    monkeypatch.setattr(navigation, "PAGES", (*navigation.PAGES, (stem, title, icon)))
    monkeypatch.setitem(navigation.TITLES, stem, title)
    for key, allowed in roles.items():
        monkeypatch.setitem(grants.PAGE_ROLES, key, allowed)
    return page


@pytest.mark.parametrize("who", ["leader@demo.lmp", "viewer@demo.lmp"])
def test_the_recipe_page_draws_for_a_role_it_is_for_and_refuses_the_others(
    who: str, level_mix_page: Path, small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tests.page_support.PAGES", level_mix_page.parent)
    app = run_page("level_mix", small_db_path, monkeypatch, who=who)
    figures = [json.loads(figure.proto.spec) for figure in app.get("plotly_chart")]
    if who.startswith("leader"):
        assert [t.value for t in app.title] == ["Level mix"]
        assert ["All teams in the filters" in f["layout"]["title"]["text"] for f in figures] == [True]
    else:
        assert [e.value for e in app.error] == ["The Level mix page is outside your access."]
        assert not app.title and figures == []


def test_the_recipe_page_keeps_the_layer_rules(level_mix_page: Path) -> None:
    assert late_access_check(level_mix_page) is None
    assert private_uses(level_mix_page) == []
    assert not any(name.startswith("streamlit") for name in imported_modules(level_mix_page))


def block_syntax(code: str) -> str:
    return ast.dump(ast.parse(code.strip().rstrip(",")))


def test_the_level_and_measure_recipes_are_the_lines_their_tests_run() -> None:
    """The document shows exactly the line that tests/test_hierarchy.py and tests/test_measures.py
    insert into a copy of the code and read back everywhere."""
    from tests.test_hierarchy import DIVISION_LINE
    from tests.test_measures import NEW_MEASURE

    code = snippets()
    level = code['lmp_metrics/vocabulary/hierarchy.py, in LEVELS before Level("facility", …)']
    assert block_syntax(level) == block_syntax(DIVISION_LINE)
    assert block_syntax(code["lmp_metrics/vocabulary/measures.py, in MEASURES"]) == block_syntax(NEW_MEASURE)
