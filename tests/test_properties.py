"""Property tests: no input ever raises, and libyaml never changes a result."""

from __future__ import annotations

import pytest
from conftest import FIXTURE_PROJECT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from story_tools.archive.validate import parse_story
from story_tools.archive.vocabulary import Vocabulary, parse_vocabulary
from story_tools.model.findings import Finding
from story_tools.reading.safeyaml import parse_yaml
from story_tools.reading.source import split_source

VOCABULARY, _ = parse_vocabulary((FIXTURE_PROJECT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")

# Bytes that look like front matter often enough to reach the YAML reader.
yamlish = st.text(
    alphabet=st.sampled_from(list("abc:-[]{}'\"&*!?|>#%@`,. \t\n0123456789NOyes~é\u2028\x85\ufeff")),
    max_size=120,
)
story_bytes = st.one_of(
    st.binary(max_size=400),
    yamlish.map(lambda t: ("---\n" + t + "\n---\nbody\n").encode("utf-8")),
    yamlish.map(lambda t: ("\ufeff---\r\n" + t + "\r\n---\r\n").encode("utf-8")),
)


def check_bytes(data: bytes, vocabulary: Vocabulary, use_libyaml: bool | None = None) -> list[Finding]:
    source, findings = split_source(data, "stories/x.md", story_id="x")
    if source is None:
        return findings
    story, more = parse_story(source, vocabulary, use_libyaml=use_libyaml)
    assert story is not None or any(f.severity.value == "error" for f in more)
    return findings + more


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(story_bytes)
def test_any_bytes_give_findings_or_a_story_never_an_exception(data: bytes) -> None:
    for finding in check_bytes(data, VOCABULARY):
        assert finding.path == "stories/x.md"
        assert finding.message and finding.rule
        assert finding.line >= 0 and finding.column >= 0


@pytest.mark.usefixtures("libyaml")  # skipped without libyaml; failed in CI
@settings(max_examples=400, deadline=None)
@given(yamlish)
def test_libyaml_and_pure_python_agree(text: str) -> None:
    assert parse_yaml(text, path="p", use_libyaml=True) == parse_yaml(text, path="p", use_libyaml=False)
