"""What the archive copied from Material, compared with the installed Material.

The MkDocs adapter replaces or caches a few pieces of Material's templates:
the `<title>` block (plugin/theme/main.html, to escape it), the search partial
(plugin/theme/partials/search.html, answered by the archive's own index), the
navigation sidebar of the archive's pages outside the navigation
(site/templates/archive-page.html, rendered once per build and depth), and Material's header with the partials it includes (rendered once per
page depth by plugin/renderonce.py, which assumes they read the page only
through its title). tests/material/ holds Material's source of each piece as
it was when the archive's version was written. When an update of Material
changes one of them, this test fails and names the file to review; after
reviewing it, copy the new source into tests/material/ (the message says how).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import material
import pytest

from story_tools.plugin.renderonce import HEADER_PARTIALS

TEMPLATES = Path(material.__file__).parent / "templates"
COPIES = Path(__file__).parent / "material"

# (file in Material, block or None for the whole file, what depends on it)
PIECES = [
    ("base.html", "htmltitle", "story_tools/plugin/theme/main.html (the <title> block)"),
    ("base.html", "site_nav", "story_tools/site/templates/archive-page.html (the site_nav block)"),
    ("partials/search.html", None, "story_tools/plugin/theme/partials/search.html"),
    *[(name, None, "story_tools/plugin/renderonce.py (the header rendered once per depth)")
      for name in HEADER_PARTIALS],
]


def material_source(name: str, block: str | None) -> str:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    if block is None:
        return text
    found = re.search(r"\{%-?\s*block " + block + r"\s*-?%\}.*?\{%-?\s*endblock\s*-?%\}", text, re.DOTALL)
    assert found, f"Material's {name} has no block {block} any more"
    return found.group(0) + "\n"


def copy_name(name: str, block: str | None) -> Path:
    return COPIES / (name.replace("/", "-") + (f"-{block}" if block else "") + ("" if block is None else ".html"))


@pytest.mark.parametrize(("name", "block", "user"), PIECES, ids=[f"{n}:{b or ''}" for n, b, _ in PIECES])
def test_material_still_has_what_the_archive_copied(name: str, block: str | None, user: str) -> None:
    expected = copy_name(name, block).read_text(encoding="utf-8")
    installed = material_source(name, block)
    if installed != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), installed.splitlines(True),
                                            "as copied", f"Material {material.__version__}"))
        pytest.fail(f"Material {material.__version__} changed {name}{f' (block {block})' if block else ''}: "
                    f"review {user}, then save the new source as tests/material/{copy_name(name, block).name}.\n{diff}")


def test_every_copy_is_checked() -> None:
    assert sorted(p.name for p in COPIES.iterdir()) == sorted(copy_name(n, b).name for n, b, _ in PIECES)
