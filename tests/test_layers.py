"""The package's layers: each imports only the layers below it.

    model < reading < checks < archive < derived < site < cli, plugin

Only `cli` imports click and only `plugin` imports mkdocs (type-checking
imports count too: a module that names MkDocs' types is MkDocs glue). The two
entry points do not import each other. Read from the source with `ast`, so a
lazy import inside a function is seen as well.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "story_tools"
LAYERS = ("model", "reading", "checks", "archive", "derived", "site", "cli", "plugin")
RANK = {name: min(index, 6) for index, name in enumerate(LAYERS)}
"""cli and plugin share the top rank: neither may import the other."""
ONLY = {"click": "cli", "mkdocs": "plugin"}


def _imports(path: Path, package: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in `path`, relative ones made absolute."""
    here = path.relative_to(package.parent).with_suffix("").parts[:-1]  # the module's package
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(here[: len(here) - node.level + 1]) if node.level else ""
            if node.module:
                found.append((node.lineno, f"{base}.{node.module}" if base else node.module))
            else:  # `from .. import x`: x is a module
                found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def violations(package: Path) -> list[str]:
    """Every import in `package` that breaks the layering, as 'path:line: what'."""
    problems = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        layer = relative.parts[0] if len(relative.parts) > 1 else None  # None: the facade
        if layer is not None and layer not in RANK:
            problems.append(f"{relative}: a subpackage outside the layers {', '.join(LAYERS)}")
            continue
        for line, name in _imports(path, package):
            top, _, rest = name.partition(".")
            where = f"{relative}:{line}"
            if top in ONLY and layer != ONLY[top]:
                problems.append(f"{where}: imports {top}, which only story_tools/{ONLY[top]}/ may")
            if top != package.name or not rest:
                continue
            target = rest.split(".")[0]
            if target not in RANK:
                continue
            if layer is None:
                if RANK[target] >= RANK["cli"]:
                    problems.append(f"{where}: the facade imports {target}, an entry point")
            elif RANK[target] > RANK[layer] or (RANK[target] == RANK[layer] and target != layer):
                problems.append(f"{where}: {layer} imports {target}, a layer above it")
    return problems


def test_every_layer_imports_only_the_layers_below_it() -> None:
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")) == sorted(LAYERS)
    assert violations(PACKAGE) == []


def test_top_level_holds_only_the_facade() -> None:
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py"]


@pytest.mark.parametrize(("module", "line", "expected"), [
    ("model/story.py", "from ..archive.catalog import Catalog", "model imports archive, a layer above it"),
    ("derived/relate.py", "from ..plugin.escaping import escaped", "derived imports plugin, a layer above it"),
    ("archive/catalog.py", "import click", "imports click, which only story_tools/cli/ may"),
    ("site/sanitize.py", "from mkdocs.structure.files import File", "imports mkdocs, which only story_tools/plugin/"),
    ("cli/main.py", "from ..plugin import adapter", "cli imports plugin, a layer above it"),
    ("plugin/adapter.py", "from story_tools.cli.main import main", "plugin imports cli, a layer above it"),
    ("__init__.py", "from .cli import main", "the facade imports cli, an entry point"),
    ("checks/report.py", "def f():\n    from ..derived import stats", "checks imports derived, a layer above it"),
])
def test_a_wrong_import_is_found(tmp_path: Path, module: str, line: str, expected: str) -> None:
    package = tmp_path / "story_tools"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "*.html", "*.js", "*.css"))
    target = package / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    found = violations(package)
    assert len(found) == 1 and expected in found[0] and found[0].startswith(module), found
