"""The layers of docs/architecture.md, checked by parsing every import with ``ast``.

A module may import from its own layer and the layers below it, never from a layer above. ``charts``
import neither ``metrics`` nor ``views`` (frames in, figures out) and ``views`` do not import
``charts``; ``lmp_metrics`` never imports Streamlit; nothing imports ``tests``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Rank of each layer: a module may import a layer of lower or equal rank, except the pairs in FORBIDDEN.
LAYERS: dict[str, int] = {
    "lmp_metrics.errors": 0,
    "lmp_metrics.core": 0,
    "lmp_metrics.vocabulary": 1,
    "lmp_metrics.access": 2,
    "lmp_metrics.metrics": 3,
    "lmp_metrics.importer": 3,
    "lmp_metrics.demo": 3,
    "lmp_metrics.checks": 3,
    "lmp_metrics.views": 4,
    "lmp_metrics.charts": 4,
    "lmp_metrics.commands": 5,
    "lmp_metrics.briefing": 5,  # PDFs: views' words and charts' figures on paper
    "lmp_metrics.__main__": 6,
    "ui": 6,
    "scripts": 7,
    "bench": 7,
    "pages": 7,
    "app": 7,
    "tests": 8,
}
# Lower layers a layer still may not import.
FORBIDDEN = {
    ("lmp_metrics.charts", "lmp_metrics.metrics"),
    ("lmp_metrics.charts", "lmp_metrics.views"),
    ("lmp_metrics.views", "lmp_metrics.charts"),
}
# Known edges still to be removed. The test fails when one of them is gone, so this list only shrinks.
PENDING: set[tuple[str, str]] = set()


def layer(module: str) -> str | None:
    """The longest entry of ``LAYERS`` that ``module`` is, or is inside."""
    if module == "lmp_metrics":  # the package's docstring
        return "lmp_metrics.core"
    matches = [name for name in LAYERS if module == name or module.startswith(name + ".")]
    return max(matches, key=len) if matches else None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports (``from a import b`` counts as ``a.b`` when ``b`` is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names}
            found.update({name for name in submodules if is_module(name)} or {node.module})
    return found


def source_files() -> list[Path]:
    folders = ("lmp_metrics", "ui", "pages", "scripts", "bench")
    return sorted([ROOT / "app.py", *(p for folder in folders for p in (ROOT / folder).rglob("*.py"))])


def edges() -> set[tuple[str, str]]:
    """(importing module, imported module) for every import that crosses a layer upward or sideways."""
    wrong = set()
    for path in source_files():
        here = module_name(path)
        mine = layer(here)
        for target in imported_modules(path):
            theirs = layer(target)
            if mine is None or theirs is None or mine == theirs:
                continue
            if LAYERS[theirs] > LAYERS[mine] or (mine, theirs) in FORBIDDEN:
                wrong.add((here, target))
    return wrong


def test_every_module_has_a_layer() -> None:
    assert [module_name(p) for p in source_files() if layer(module_name(p)) is None] == []


def test_imports_only_go_down_the_layers() -> None:
    assert sorted(edges() - PENDING) == []


def test_pending_exceptions_still_exist() -> None:
    assert sorted(PENDING - edges()) == [], "remove these from PENDING: they are fixed"


def test_lmp_metrics_never_imports_streamlit() -> None:
    users = [
        module_name(p)
        for p in (ROOT / "lmp_metrics").rglob("*.py")
        if any(m.split(".")[0] == "streamlit" for m in imported_modules(p))
    ]
    assert users == []


def test_the_checker_reads_both_import_forms(tmp_path: Path) -> None:
    """``from package import module`` names the module; ``from module import name`` the module."""
    source = tmp_path / "m.py"
    source.write_text(
        "from lmp_metrics.metrics import training\n"
        "from lmp_metrics.core.store import open_read_only\n"
        "import lmp_metrics.vocabulary.quarters\n"
    )
    assert imported_modules(source) == {
        "lmp_metrics.metrics.training",
        "lmp_metrics.core.store",
        "lmp_metrics.vocabulary.quarters",
    }
    assert layer("lmp_metrics.core.marts.__main__") == "lmp_metrics.core"
    assert layer("lmp_metrics.metrics") == "lmp_metrics.metrics"


def late_access_check(path: Path) -> str | None:
    """What comes before the page's ``page_access(<its stem>)`` (None: nothing but imports,
    definitions and plain constants, as it should be)."""
    for node in ast.parse(path.read_text()).body:
        calls = [n for n in ast.walk(node) if isinstance(n, ast.Call)]
        if isinstance(node, ast.Import | ast.ImportFrom | ast.FunctionDef | ast.ClassDef) or not calls:
            continue
        first = calls[0]
        if not (isinstance(first.func, ast.Name) and first.func.id == "page_access"):
            return ast.unparse(node)[:60]
        checked = ast.literal_eval(first.args[0])
        return None if checked == path.stem else f"checks {checked!r}"
    return "never calls page_access"


def test_every_page_checks_its_access_first() -> None:
    """``ui.auth.page_access("<its own stem>")`` comes before anything a page shows or reads: only
    imports, definitions and plain constants may precede it (a page can run without app.py)."""
    late = {
        path.stem: found
        for path in sorted((ROOT / "pages").glob("*.py"))
        if (found := late_access_check(path))
    }
    assert late == {}


PUBLIC_LIBRARY_MODULES = {
    "streamlit",
    "streamlit.testing.v1",
    "plotly",
    "plotly.graph_objects",
    "plotly.io",
    "plotly.subplots",
    "plotly.express",
}
INTERNALS_ADAPTER = "lmp_metrics.charts.plotly_internals"


def private_uses(path: Path) -> list[str]:
    """Streamlit/Plotly internals ``path`` reaches: a module outside their public API, a private
    attribute of an object that is not ``self``/``cls``, or a private keyword argument of a call
    into either library."""
    tree = ast.parse(path.read_text(), str(path))
    library_names, found = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for name in filter(None, names):
                if name.split(".")[0] in ("streamlit", "plotly"):
                    library_names.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
                    if name not in PUBLIC_LIBRARY_MODULES:
                        found.append(name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append(ast.unparse(node))
        elif isinstance(node, ast.Call) and _root(node.func) in library_names:
            found += [f"{k.arg}=" for k in node.keywords if k.arg and k.arg.startswith("_")]
    return sorted(found)


def _root(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def test_library_internals_are_used_only_in_the_adapter() -> None:
    """In the app (bench/ is tooling: its load client speaks Streamlit's wire protocol on purpose)."""
    users = {
        module_name(path): uses
        for path in source_files()
        if module_name(path) != INTERNALS_ADAPTER
        and not module_name(path).startswith("bench.")
        and (uses := private_uses(path))
    }
    assert users == {}


def test_the_internals_check_finds_each_kind(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from streamlit.runtime.pages_manager import PagesManager\n"
        "import plotly.graph_objects as go\n"
        "fig = go.Figure({}, _validate=False)\n"
        "fig.layout._validate = False\n"
    )
    assert private_uses(source) == ["_validate=", "fig.layout._validate", "streamlit.runtime.pages_manager"]
