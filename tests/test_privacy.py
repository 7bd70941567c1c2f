"""The personal-data scanner: rules, positions, masking, suppressions, allow and deny lists."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from story_tools.checks.privacy import iban_ok, luhn_ok, scan_story_file, scan_text
from story_tools.model.findings import Severity


def rules(text: str, **kwargs: object) -> list[str]:
    return [f.rule for f in scan_text(text, path="s.md", first_line=1, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "rule"), [
    ("Write to jane.doe@acme.com today.", "personal-email"),
    ("Mail J.Smith+vip@mail.acme.co.uk", "personal-email"),
    ("Call +44 20 7123 4567.", "personal-phone"),
    ("Call (212) 867-5309", "personal-phone"),
    ("Call 212-867-5309", "personal-phone"),
    ("Call 212.867.5309", "personal-phone"),
    ("Ruf an: +49 30 1234567", "personal-phone"),
    ("Mobile 07911 123456", "personal-phone"),
    ("Card 4111 1111 1111 1111 was charged", "personal-card"),
    ("Card 4111-1111-1111-1111", "personal-card"),
    ("Amex 378282246310005", "personal-card"),
    ("IBAN DE89 3704 0044 0532 0130 00", "personal-iban"),
    ("IBAN GB82WEST12345698765432", "personal-iban"),
])
def test_positives(text: str, rule: str) -> None:
    assert rules(text) == [rule]


@pytest.mark.parametrize("text", [
    "Renewed on 2024-05-31 at 12:30:00.",
    "Renewed on 2024-05-31 12:30 and 31.05.2024 and 05/31/2024.",
    "Between 2019 2020 2021 churn fell.",
    "In 2023 we kept 1200 accounts.",
    "The plan costs $1,200 or 1,200,000 yen or 12 000 000 won or 1.200.000 COP.",
    "Upgraded to version 3.11.4 and 10.15.7.",
    "Order 1234567 shipped.",  # a plain run is not a phone number
    "Call 555-0123 or (555) 555-0199 or +1 212 555 0100.",
    "UK drama numbers 01632 960123, +44 7700 900123, 020 7946 0958.",
    "Write to name@example.com, a@sub.example.org, b@shop.test, c@x.invalid, d@demo.example.",
    "Card 4111 1111 1111 1112 fails Luhn.",
    "IBAN DE89 3704 0044 0532 0130 01 fails mod-97.",
    "Reference ISBN 978-3-16-148410-0.",
    "Ticket #12345, room 101, ratio 3:2, score 98.6%.",
    "",
])
def test_negatives(text: str) -> None:
    assert rules(text) == []


def test_checksums() -> None:
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert iban_ok("GB82 WEST 1234 5698 7654 32") and not iban_ok("GB83 WEST 1234 5698 7654 32")


def test_exact_line_column_and_offset_of_first_line() -> None:
    text = "First line.\n  Reach me at bob@acme.com\nand +44 20 7123 4567"
    found = scan_text(text, path="stories/a.md", first_line=10)
    assert [(f.line, f.column, f.rule) for f in found] == [
        (11, 15, "personal-email"), (12, 5, "personal-phone"),
    ]
    assert all(f.severity is Severity.ERROR and f.path == "stories/a.md" for f in found)


def test_whole_file_front_matter_and_body() -> None:
    raw = "---\ntitle: T\ncontact: amy@acme.com\n---\n\nCall 212-867-5309.\n"
    found = scan_story_file(raw, path="a.md")
    assert [(f.line, f.column, f.rule) for f in found] == [(3, 10, "personal-email"), (6, 6, "personal-phone")]


@pytest.mark.parametrize(("text", "shown", "hidden"), [
    ("jane@acme.com", "(j***@acme.com)", "jane"),
    ("+44 20 7123 4567", "(+44 •• •••• ••67)", "7123"),
    ("4111 1111 1111 1111", "(•••• •••• •••• 1111)", "4111 1111 1111 1111"),
    ("DE89 3704 0044 0532 0130 00", "(DE•• •••• •••• •••• •••• 00)", "3704"),
])
def test_messages_mask_the_value(text: str, shown: str, hidden: str) -> None:
    (finding,) = scan_text(text, path="a.md", first_line=1)
    assert shown in finding.message
    assert hidden not in finding.message
    assert f"story-tools: allow {finding.rule} because" in finding.suggestion


def test_suppression_same_line() -> None:
    text = "Helpline +44 20 7123 4567 <!-- story-tools: allow personal-phone because it is our public helpline -->"
    assert rules(text) == []


def test_suppression_only_silences_the_named_rule() -> None:
    text = "+44 20 7123 4567 bob@acme.com <!-- story-tools: allow personal-phone because helpline -->"
    assert rules(text) == ["personal-email"]


def test_suppression_alone_on_line_before() -> None:
    text = "<!-- story-tools: allow personal-email because the shared inbox is public -->\nsupport@acme.com\nbob@acme.com"
    found = scan_text(text, path="a.md", first_line=1)
    assert [(f.line, f.rule) for f in found] == [(3, "personal-email")]


def test_trailing_suppression_does_not_reach_next_line() -> None:
    text = "a@acme.com <!-- story-tools: allow personal-email because shared inbox -->\nb@acme.com"
    assert [f.line for f in scan_text(text, path="a.md", first_line=1)] == [2]


def test_yaml_comment_suppression() -> None:
    raw = "---\ncontact: help@acme.com  # story-tools: allow personal-email because it is printed on our site\n---\nbody\n"
    assert scan_story_file(raw, path="a.md") == []


@pytest.mark.parametrize("comment", [
    "<!-- story-tools: allow personal-phone -->",
    "<!-- story-tools: allow personal-phone because -->",
])
def test_suppression_without_reason(comment: str) -> None:
    found = scan_text(f"{comment}\n+44 20 7123 4567", path="a.md", first_line=1)
    assert [(f.line, f.column, f.rule) for f in found] == [
        (1, 1, "suppression-without-reason"), (2, 1, "personal-phone"),
    ]


def test_deny_list_whole_word_case_insensitive() -> None:
    text = "JANE DOE called; Janet and Jane Doering did not.\nJane\n  doe again."
    found = scan_text(text, path="a.md", first_line=1, deny=["Jane Doe", "Acme"])
    assert [(f.line, f.column, f.rule) for f in found] == [(1, 1, "denied-name"), (2, 1, "denied-name")]
    assert "(J*** D***)" in found[0].message


def test_allow_list_domains_and_numbers() -> None:
    text = "help@acme.com, x@eu.acme.com, +44 20 7123 4567, other@rival.com"
    assert rules(text, allow=["acme.com", "+44 20 7123 4567"]) == ["personal-email"]


def test_does_not_double_report_iban_digits() -> None:
    assert rules("NL91 ABNA 0417 1643 00") == ["personal-iban"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789 +-.()@abcDEZ<!->:#\n\t") | st.characters(), max_size=200),
       st.lists(st.text(max_size=10), max_size=3))
def test_scan_text_never_raises(text: str, deny: list[str]) -> None:
    for finding in scan_text(text, path="a.md", first_line=1, deny=deny):
        assert finding.line >= 1 and finding.column >= 1
