"""The strict YAML reader: kinds, positions, refusals, and libyaml parity."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from story_tools.reading.safeyaml import Limits, Mapping, Scalar, Sequence, parse_yaml

needs_libyaml = pytest.mark.usefixtures("libyaml")  # skipped without libyaml; failed in CI


def parse(text: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return parse_yaml(text, path="s.md", line_offset=1, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kind", "plain"),
    [
        ("v: NO", "bool", True),
        ("v: yes", "bool", True),
        ("v: 1:20", "int", True),
        ("v: 2024", "int", True),
        ("v: 1.5", "float", True),
        ("v: 1e3", "str", True),
        ("v: ~", "null", True),
        ("v:", "null", True),
        ("v: 2024-02-30", "timestamp", True),
        ("v: plain words", "str", True),
        ('v: "NO"', "str", False),
        ("v: '2024'", "str", False),
    ],
)
def test_scalar_kinds_follow_yaml_1_1(text: str, kind: str, plain: bool) -> None:
    root, findings = parse(text)
    assert findings == []
    assert isinstance(root, Mapping)
    value = root.get("v")
    assert isinstance(value, Scalar)
    assert (value.kind, value.plain) == (kind, plain)


def test_positions_are_file_lines_and_columns() -> None:
    root, _ = parse("title: x\nprinciple:\n  - a\n  - bb")
    assert isinstance(root, Mapping)
    items = root.get("principle")
    assert isinstance(items, Sequence)
    assert [(i.line, i.column) for i in items.items] == [(4, 5), (5, 5)]


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        ("a: 1\na: 2", "duplicate-key", 3),
        ("a: &x 1\nb: *x", "yaml-anchor", 2),
        ("a: !!binary aGk=", "yaml-tag", 2),
        ("a: !custom x", "yaml-tag", 2),
        ("a: [" * 3 + "1" + "]" * 3, "too-deep", 0),
        ("a: " + "[" * 20 + "]" * 20, "too-deep", 2),
        ("a: b: c", "yaml-syntax", 2),
        ("a: 1\n---\nb: 2", "yaml-syntax", 3),
        ("a: \x00", "bad-character", 2),
        ("a: 1\u2028b: 2", "bad-character", 2),
    ],
)
def test_refusals(text: str, rule: str, line: int) -> None:
    _, findings = parse(text, limits=Limits(max_depth=3))
    if line == 0:  # within the cap of 3? three brackets exceed it
        assert findings and findings[0].rule == rule
        return
    assert findings, text
    assert (findings[0].rule, findings[0].line) == (rule, line)


def test_size_cap_is_checked_before_parsing() -> None:
    _, findings = parse("a: " + "x" * 100, limits=Limits(max_chars=50))
    assert [f.rule for f in findings] == ["too-large"]


def test_node_cap() -> None:
    _, findings = parse("a: [" + ", ".join(["1"] * 100) + "]", limits=Limits(max_nodes=50))
    assert [f.rule for f in findings] == ["too-large"]


def test_deep_nesting_never_reaches_a_composer() -> None:
    # 100,000 levels: the C loader's composer would crash the process.
    text = "a: " + "[" * 100_000 + "]" * 100_000
    _, findings = parse(text, limits=Limits(max_chars=1_000_000))
    assert [f.rule for f in findings] == ["too-deep"]


@needs_libyaml
@pytest.mark.parametrize(
    "text",
    [
        "title: NO\ndate: 2024-02-30\nteam: 1:20\nx: !!binary aGk=\ny: &a 1\nz: *a\nx: 2",
        "a: b: c",
        "a: 'x",
        "a:\n\t- b",
        "a: [1, 2",
        'a: "\\q"',
        "a: @x",
        "- a\nb: c",
        "a: 1\n  b: 2",
        "a: {b: 1, c",
        "? [a]\n: 1",
        "%YAML 1.1\n---\na: 1",
        "a: |\n  text\n b: 2",
        "a: \"ünïcödé\"\nb: 'it''s'",
    ],
)
def test_same_results_with_and_without_libyaml(text: str) -> None:
    assert parse(text, use_libyaml=True) == parse(text, use_libyaml=False)


def test_pure_parser_is_yaml_safe_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """use_libyaml=False reads every event with PyYAML's own (pure Python) SafeLoader."""
    readers: list[type] = []
    get_event = yaml.SafeLoader.get_event

    def recorded(loader: yaml.SafeLoader) -> object:
        readers.append(type(loader))
        return get_event(loader)

    monkeypatch.setattr(yaml.SafeLoader, "get_event", recorded)
    root, findings = parse("a: [1, 2]", use_libyaml=False)
    assert findings == [] and isinstance(root, Mapping)
    items = root.get("a")
    assert isinstance(items, Sequence) and [i.text for i in items.items] == ["1", "2"]  # type: ignore[union-attr]
    assert readers and set(readers) == {yaml.SafeLoader}


WITHOUT_LIBYAML = """
import sys, yaml
del yaml.CSafeLoader  # PyYAML as built without libyaml
from story_tools.reading.safeyaml import has_libyaml, parse_yaml
print(has_libyaml(), repr(parse_yaml(sys.argv[1], path="s.md", line_offset=1)))
"""


@pytest.mark.parametrize("text", ["a: [1, 2]\nb: NO", "a: 1\na: 2", "a: b: c"])
def test_without_libyaml_the_reader_gives_the_same_results(text: str) -> None:
    """Where PyYAML has no libyaml, the reader falls back to its own parser: same trees, same findings."""
    result = subprocess.run([sys.executable, "-c", WITHOUT_LIBYAML, text], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"False {parse(text, use_libyaml=False)!r}\n"


@pytest.mark.parametrize(("text", "column"), [
    ('title: "The over-billing nobody else noticed" (edited)\ndate: 2024-01-01', 47),
    ("title: 'It''s fine' more\n", 21),
    ('touchpoint:\n  - "billing" phone\n', 15),
])
def test_text_after_a_closing_quote_is_named_as_such(text: str, column: int) -> None:
    # A writer who adds words after a quoted title hears about the quote, not about indentation.
    _, findings = parse(text)
    assert [(f.rule, f.column, f.message) for f in findings] == [
        ("yaml-syntax", column, "There is more text after the closing quote of this value.")]
    assert "inside the quotes" in findings[0].suggestion


def test_a_line_indented_differently_is_still_named_as_such() -> None:
    _, findings = parse('title: "ok"\n  summary: x\n')
    assert [f.message for f in findings] == ["This line is indented differently from the lines around it."]
