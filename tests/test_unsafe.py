"""Hostile Markdown in story bodies: scripts, event attributes, dangerous and climbing links."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from story_tools.checks.unsafe import bad_scheme, scan_body


def found(body: str, depth: int = 0) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.rule) for f in scan_body(body, path="s.md", first_line=1, depth=depth)]


@pytest.mark.parametrize(("body", "rule"), [
    ("<script>alert(1)</script>", "raw-html"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "raw-html"),
    ("<style>body{display:none}</style>", "raw-html"),
    ('<iframe src="https://evil.example/"></iframe>', "raw-html"),
    ('<object data="x.swf"></object>', "raw-html"),
    ('<embed src="x.swf">', "raw-html"),
    ('<form action="https://evil.example/">Password:</form>', "raw-html"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "raw-html"),
    ('<img src="x.png" onerror="alert(1)">', "raw-html"),
    ("<div\nonmouseover=alert(1)>hover</div>", "raw-html"),
    ("<svg/onload=alert(1)>", "raw-html"),
    ("[click](javascript:alert(1))", "unsafe-link"),
    ("[click](JavaScript:alert(1))", "unsafe-link"),
    ("[click](<javascript:alert(1)>)", "unsafe-link"),
    ("[click](java&#115;cript:alert(1))", "unsafe-link"),
    ("[click](java&#x09;script:alert(1))", "unsafe-link"),
    ("[click](javascript&colon;alert(1))", "unsafe-link"),
    ("[click](vbscript:msgbox)", "unsafe-link"),
    ("![x](data:text/html;base64,PHNjcmlwdD4=)", "unsafe-link"),
    ("[x](file:///etc/passwd)", "unsafe-link"),
    ("<javascript:alert(1)>", "unsafe-link"),
    ('<a href=" javascript:alert(1)">x</a>', "unsafe-link"),
    ("<a href='&#106;avascript:alert(1)'>x</a>", "unsafe-link"),
    ("[x][1]\n\n[1]: javascript:alert(1)", "unsafe-link"),
    ("[x](../../etc/passwd)", "link-outside-archive"),
    ("![x](../../../secret.png)", "link-outside-archive"),
    ("[x]: ../../outside.md", "link-outside-archive"),
    ("[x](%2e%2e/%2E%2E/etc/passwd)", "link-outside-archive"),
    ("[x](..\\..\\etc\\passwd)", "link-outside-archive"),
])
def test_positives(body: str, rule: str) -> None:
    assert [r for _, _, r in found(body)] == [rule]


@pytest.mark.parametrize("body", [
    "Plain text with a < b and c > d.",
    "`<script>alert(1)</script>` shown as code.",
    "```html\n<script>alert(1)</script>\n<a href=\"javascript:x\">x</a>\n```",
    "~~~\n[x](javascript:alert(1))\n~~~",
    "<!-- story-tools: allow personal-phone because it is our helpline -->",
    '<span class="note">a note</span> <abbr title="Service level">SLA</abbr> <br/> <kbd>Ctrl</kbd>',
    "[web](https://example.com/a?b=c) [mail](mailto:help@example.com) [here](#the-situation)",
    "[other story](other-story.md) [[other-story]] <https://example.com/>",
    "![chart](chart.png) [same folder](./x.md)",
    "A script: a description of what we said. The data: 12 calls.",
    "[x](javascriptish.md)",
])
def test_negatives(body: str) -> None:
    assert found(body) == []


def test_dot_dot_that_stays_inside_the_stories_folder_is_fine() -> None:
    assert found("[up](../other.md)", depth=1) == []
    assert found("[up](../../other.md)", depth=1) == [(1, 6, "link-outside-archive")]


def test_every_problem_with_its_position_and_first_line() -> None:
    body = "Intro.\n\nRead [this](javascript:x) or <iframe src=x></iframe>\n  <b onclick=go()>b</b>\n"
    assert [(f.line, f.column, f.rule) for f in scan_body(body, path="s.md", first_line=10)] == [
        (12, 13, "unsafe-link"), (12, 30, "raw-html"), (13, 6, "raw-html"),
    ]


def test_messages_are_plain_words_with_a_suggestion() -> None:
    (element,) = scan_body("<script>x</script>", path="s.md", first_line=1)
    (link,) = scan_body("[x](javascript:x)", path="s.md", first_line=1)
    assert "<script>" in element.message and "backticks" in element.suggestion
    assert "runs code instead of opening a page" in link.message and "https://" in link.suggestion


@pytest.mark.parametrize(("address", "scheme"), [
    ("javascript:x", "javascript:"), (" JAVA\nSCRIPT:x", "javascript:"), ("&#0000106;avascript:x", "javascript:"),
    ("java\\script:x", None), ("https://example.com", None), ("data:image/png;base64,AAAA", "data:"),
])
def test_bad_scheme(address: str, scheme: str | None) -> None:
    assert bad_scheme(address) == scheme


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>/=\"' \n`~[]()!:#&;.ajvscriptonldefmhg") | st.characters(), max_size=200),
       st.integers(0, 3))
def test_never_raises(body: str, depth: int) -> None:
    for finding in scan_body(body, path="s.md", first_line=3, depth=depth):
        assert finding.line >= 3 and finding.column >= 1


@contextmanager
def cpu_time_limit(seconds: float) -> Iterator[None]:
    """Fail the test as soon as the block has used `seconds` of this process's CPU time
    (CPU time, not the clock: a busy machine does not make the test fail)."""

    def stop(signum: int, frame: FrameType | None) -> None:
        pytest.fail(f"took more than {seconds} s of CPU time", pytrace=False)

    previous = signal.signal(signal.SIGVTALRM, stop)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


@pytest.mark.parametrize("piece", ["<a ", '<a "', "](<", "<b title='<' ", "[x]: <", "<javascript:"])
def test_hostile_repetitions_stay_linear(piece: str) -> None:
    """A story of 300,000 such characters is scanned in about a quarter of a second; the test
    allows 5 s of CPU time (quadratic would take hours)."""
    body = piece * (300_000 // len(piece))
    with cpu_time_limit(5.0):
        scan_body(body, path="s.md", first_line=1)
