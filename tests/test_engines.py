"""The archive on ProperDocs, the maintained fork of MkDocs 1.x.

MkDocs 1.6.1 is MkDocs' last release; ProperDocs runs its plugins unchanged.
The repository's own archive, plus generated stories, is built by both
installed commands, as a user runs them, and the two sites must be the same
file for file and byte for byte, apart from the generator tag each engine
writes in every page: so every page, link and browser test of the MkDocs
site holds for ProperDocs too. (Zensical: tests/test_zensical.py.)
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, copy_archive
from linkcheck import broken_links

BIN = Path(sys.executable).parent
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
GENERATED_STORIES = 40
sys.path.insert(0, str(REPO / "bench"))


def _build(command: str, root: Path, site: str) -> dict[str, bytes]:
    executable = BIN / command
    assert executable.is_file(), f"{executable} is missing: pip install -e '.[test]' installs it"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1780000000", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(executable), "build", "--strict", "-f", "mkdocs.yml", "-d", site],
                            cwd=root, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command} build failed:\n{result.stderr}"
    assert f"{7 + GENERATED_STORIES} story files checked, no problems found." in result.stderr, result.stderr
    files = {}
    for path in sorted((root / site).rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            files[path.relative_to(root / site).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return files


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from check_bench import generate

    root = tmp_path_factory.mktemp("engines")
    generate(root, GENERATED_STORIES)  # stories/ and the repository's vocabulary
    return copy_archive(root)


def test_properdocs_builds_the_same_site_as_mkdocs(archive: Path) -> None:
    mkdocs = _build("mkdocs", archive, "site-mkdocs")
    properdocs = _build("properdocs", archive, "site-properdocs")
    assert sorted(properdocs) == sorted(mkdocs)
    stories = [name for name in mkdocs if name.startswith("stories/") and name.endswith("/index.html")]
    assert len(stories) == 1 + 7 + GENERATED_STORIES, stories  # Browse, the examples and the generated ones
    pages = [name for name, data in mkdocs.items() if GENERATOR.search(data)]
    assert len(pages) > 60  # every page but the redirects of old term addresses
    assert b"ProperDocs" in GENERATOR.search(properdocs["index.html"]).group()  # type: ignore[union-attr]
    different = [name for name in mkdocs if GENERATOR.sub(b"", mkdocs[name]) != GENERATOR.sub(b"", properdocs[name])]
    assert different == []
    assert broken_links(archive / "site-properdocs") == []
