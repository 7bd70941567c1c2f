"""The vocabulary file: its own findings, aliases, and dimensions as configuration."""

from __future__ import annotations

import pytest
from conftest import Project, story_text

from story_tools.archive.vocabulary import parse_vocabulary

GOOD_TERM = "      - slug: a\n        label: A\n        description: The letter a.\n"


def vocab(body: str) -> str:
    return "dimensions:\n  channel:\n    label: Channel\n    description: How.\n    required: true\n    terms:\n" + body


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        (vocab(GOOD_TERM + GOOD_TERM), "duplicate-term", 10),
        (vocab(GOOD_TERM + "      - slug: b\n        label: B\n        description: B.\n        aliases: [a]\n"), "duplicate-term", 13),
        (vocab("      - slug: Not A Slug\n        label: X\n        description: X.\n"), "bad-slug", 7),
        (vocab("      - slug: a\n        description: No label.\n"), "missing-field", 7),
        (vocab(GOOD_TERM + "      - slug: b\n        lable: B\n        description: B.\n"), "unknown-key", 11),
        (vocab(""), "empty-dimension", 2),
        ("dimensions:\n  title:\n    label: T\n    terms: []\n", "bad-dimension", 2),
        ("dimension: {}\n", "unknown-key", 1),
        ("", "no-vocabulary", 1),
        ("dimensions:\n  a: &x {}\n  b: *x\n", "yaml-anchor", 2),
    ],
)
def test_vocabulary_findings(text: str, rule: str, line: int) -> None:
    _, findings = parse_vocabulary(text, "vocabulary.yml")
    assert findings, text
    assert (findings[0].rule, findings[0].line) == (rule, line), findings


TWO = vocab(GOOD_TERM) + "  region:\n    label: Region\n    description: Where.\n    terms:\n" + GOOD_TERM


@pytest.mark.parametrize(("coverage", "message", "suggestion"), [
    ("[[chanel, region]]", "coverage names 'chanel', which is not a dimension.", "Did you mean 'channel'?"),
    ("[[channel, channel]]", "Each coverage entry is two different dimensions", "[principle, outcome]"),
    ("[[channel, region, region]]", "Each coverage entry is two different dimensions", "[principle, outcome]"),
    ("[channel]", "Each coverage entry is two different dimensions", "[principle, outcome]"),
])
def test_coverage_pairs_name_two_dimensions(coverage: str, message: str, suggestion: str) -> None:
    vocabulary, findings = parse_vocabulary(f"coverage: {coverage}\n{TWO}", "vocabulary.yml")
    assert [(f.rule, f.line) for f in findings] == [("bad-coverage", 1)], findings
    assert message in findings[0].message and suggestion in findings[0].suggestion
    assert vocabulary.coverage == ()


def test_coverage_pairs_are_read_in_order() -> None:
    vocabulary, findings = parse_vocabulary(f"coverage:\n  - [region, channel]\n  - [channel, region]\n{TWO}", "v")
    assert findings == [] and vocabulary.coverage == (("region", "channel"), ("channel", "region"))


def test_aliases_resolve_to_their_term() -> None:
    vocabulary, findings = parse_vocabulary(
        vocab(GOOD_TERM + "      - slug: b\n        label: B\n        description: B.\n        aliases: [bee, be]\n"),
        "vocabulary.yml",
    )
    assert findings == []
    channel = vocabulary.dimension("channel")
    assert channel is not None and channel.required
    assert channel.find("bee") == channel.find("b") == channel.term("b")
    assert channel.find("nope") is None
    assert channel.names() == ["a", "b", "bee", "be"]


def test_a_new_dimension_is_configuration_not_code(project: Project) -> None:
    vocabulary = project.root / "vocabulary.yml"
    vocabulary.write_text(
        vocabulary.read_text() + "  channel:\n    label: Channel\n    description: How they reached us.\n"
        "    required: true\n    terms:\n      - slug: phone\n        label: Phone\n        description: By phone.\n"
    )
    result = project.check()
    assert result.exit_code == 1
    assert "stories/good-one.md:1:1: error[missing-field] The story has no channel." in result.output
    project.write_story("ok.md", story_text(extra="channel: phone\n"))
    assert "stories/ok.md" not in project.check().output
    project.write_story("typo.md", story_text(extra="channel: phnoe\n"))
    assert "error[unknown-term] channel 'phnoe' is not in the vocabulary. Did you mean 'phone'?" in project.check().output


def test_missing_vocabulary_file_is_one_clear_finding(project: Project) -> None:
    (project.root / "vocabulary.yml").unlink()
    result = project.check()
    assert result.exit_code == 1
    assert "vocabulary.yml: error[no-vocabulary]" in result.output


@pytest.mark.parametrize(
    ("extra", "rule"),
    [
        ("visibility: secret\n", "unknown-term"),
        ("consent:\n  approved: [story, logo, soul]\n", "unknown-term"),
        ("consent:\n  expires: 2025-13-01\n", "impossible-date"),
        ("consent:\n  expires: soon\n", "bad-date"),
        ("consent: yes\n", "wrong-type"),
        ("metrics:\n  time: 1:20\n", "wrong-type"),
        ("related: good-one\nrelated: good-two\n", "duplicate-key"),
        ("customer: [a, b]\n", "wrong-type"),
        ("industry: [software, software]\n", "duplicate-term"),
    ],
)
def test_optional_field_rules(project: Project, extra: str, rule: str) -> None:
    project.write_story("s.md", story_text(extra=extra))
    result = project.check("stories/s.md")
    assert result.exit_code == 1
    assert f"error[{rule}]" in result.output, result.output


def test_metrics_accept_numbers_and_text(project: Project) -> None:
    project.write_story("s.md", story_text(extra="metrics:\n  saved: 1200\n  ratio: 0.5\n  calls: \"8 to 1\"\n"))
    assert project.check("stories/s.md").exit_code == 0


@pytest.mark.parametrize("name", ["coverage", "stories", "assets", "search", "brief", "tell"])
def test_dimension_names_that_the_site_uses_are_refused(name: str) -> None:
    _, findings = parse_vocabulary(f"dimensions:\n  {name}:\n    label: X\n    terms: []\n", "vocabulary.yml")
    assert findings[0].rule == "reserved-name" and "an address the site uses" in findings[0].message


def test_export_with_a_bad_related_weight_is_a_usage_error(project: Project) -> None:
    from click.testing import CliRunner

    from story_tools.cli import main

    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - story-tools", "  - story-tools:\n      related_weights: {principle: -1}"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project.root)
        result = CliRunner().invoke(main, ["export"])
    assert result.exit_code == 2
    assert "related_weights in mkdocs.yml" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
