"""Reproducible builds: the same archive and the same SOURCE_DATE_EPOCH give the
same site, byte for byte, whatever the folder or Python's hash seed (set and dict
order); the date shows only where MkDocs puts it, in the sitemap."""

from __future__ import annotations

import datetime
import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Project, epoch_of

DAY = datetime.date(2026, 6, 1)


def build(project: Project, site: Path, day: datetime.date, audience: str, seed: str) -> dict[str, bytes]:
    """`mkdocs build --strict` in a fresh interpreter; every file of the site by its path."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch_of(day), "STORY_AUDIENCE": audience, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=project.root, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def differences(one: dict[str, bytes], two: dict[str, bytes]) -> list[str]:
    return sorted(path for path in one.keys() | two.keys() if one.get(path) != two.get(path))


@pytest.fixture
def example_with_url(example: Project) -> Project:
    """The example with a site_url, so the sitemap lists every page with its date."""
    config = example.root / "mkdocs.yml"
    config.write_text("site_url: https://stories.example.com/\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    return example


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_two_builds_on_the_same_day_are_byte_identical(example_with_url: Project, tmp_path: Path,
                                                       audience: str) -> None:
    first = build(example_with_url, tmp_path / "one", DAY, audience, seed="1")
    second = build(example_with_url, tmp_path / "elsewhere" / "two", DAY, audience, seed="2")
    assert len(first) > 100 and "stories.json" in first and "feed.json" in first
    assert differences(first, second) == []


def test_the_date_shows_only_in_the_sitemap(example_with_url: Project, tmp_path: Path) -> None:
    later = DAY + datetime.timedelta(days=200)  # no consent of the example ends or nears its end between them
    first = build(example_with_url, tmp_path / "one", DAY, "public", seed="1")
    second = build(example_with_url, tmp_path / "two", later, "public", seed="1")
    assert differences(first, second) == ["sitemap.xml", "sitemap.xml.gz"]
    for site, day in ((first, DAY), (second, later)):
        sitemap = site["sitemap.xml"].decode()
        assert sitemap.count("<lastmod>") == sitemap.count("<loc>") > 10
        assert sitemap.count(f"<lastmod>{day.isoformat()}</lastmod>") == sitemap.count("<lastmod>")
        assert gzip.decompress(site["sitemap.xml.gz"]) == site["sitemap.xml"]
        assert int.from_bytes(site["sitemap.xml.gz"][4:8], "little") == int(epoch_of(day))  # the gzip header's time
