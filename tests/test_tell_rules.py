"""The Tell-a-story page's rules are check's rules: the same patterns, findings, files and ids.

story-rules.js runs, in Chromium, on the data the build embeds in tell/
(derived/tellpage.py); every result here is compared with what the Python
code gives for the same input, never with a value written into the test.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import test_browser as shared
from conftest import CORPUS, TESTS, Project
from test_browser import Tab

from story_tools.archive.storyfile import Draft, outline_body, slugify, unique_id
from story_tools.archive.vocabulary import Vocabulary, load_vocabulary
from story_tools.checks.privacy import deny_patterns, scan_text
from story_tools.checks.privacylist import PrivacyList
from story_tools.checks.textchecks import check_text
from story_tools.checks.unsafe import scan_body
from story_tools.derived.jsregex import UntranslatableRegex, js_regex
from story_tools.derived.tellpage import TellSite, exported_patterns, github_new_file, tell_data
from story_tools.model.namekey import name_key
from story_tools.model.suggest import closest
from story_tools.reading.safeyaml import Mapping, parse_yaml
from story_tools.reading.source import read_source
from story_tools.reading.values import ValueReader

REPO = TESTS.parent
chromium, site_url = shared.chromium, shared.site_url

# Characters on which Python's re and JavaScript's RegExp could disagree: Unicode letters,
# digits and spaces, line separators, a byte-order mark, astral characters (two UTF-16 units).
ODD = "é ß Ж 中 ٣٤ ² \u00a0 \u2028 \u2029 \u0085 \u001c \ufeff \r 😀 \U0001d7d9 _ \t"
SAMPLES = [
    "", ODD, "Write to jane.doe@gmail.com today", "josé.müller@beispiel.de and ålesund@x.no",
    "😀jane@gmail.com😀 x@example.com, é@b.de", "Call +44 20 7123 4567 or (212) 867-5309 or 212.867.5309.",
    "٣٣٣-٣٣٣-٣٣٣٣ and 2024-05-31 12:30 and 31.05.2024 and ٢٠٢٤-٠٥-٠٢", "Card 4111 1111 1111 1111 😀 4111-1111-1111-1111",
    "IBAN DE89 3704 0044 0532 0130 00, GB82WEST12345698765432ä, éDE89370400440532013000",
    "<!-- story-tools: allow personal-phone because it is our helpline -->\nCall 020 7123 4567",
    "<!--story-tools:allow personal-email,personal-phone-->\u2028x # story-tools: allow denied-name because\u00a0why",
    "title: \"x\" # story-tools: allow personal-email because it is ours\r\nnext",
    "<script>alert(1)</script><SCRIPT SRC=//x></SCRIPT><img\u00a0src=x onerror=alert(1)><a\u2028href='javascript:x'>",
    "<a href=\"java&#x0A;script:x\" title='<'>x</a> <iframe/src=x> <b\u001conclick=x> <b\ufeffonclick=x>",
    "[x](javascript:alert(1)) [y]( <data:text/html,x> ) ![i](../../etc/passwd) [z](%2e%2e/x)\n[r]: \u00a0file:///x",
    " [ref]:\n   <vbscript:x>\n    [r2]: ../up\n[r3]:\u2028javascript:x", "<https://example.com> <javascript:alert(1)> <a:b>",
    "&#106;avascript: &colon; &Tab;&NewLine; &amp &ampx &#0; &#x110000; &#128; &fjlig; &Idot; &notanentity;",
    "```html\n<script>x</script>\n```\n~~~\n<iframe>\n~~~\n``` `not a fence`", "a\\[b\\] \\` `code` ``x`` `",
    "2024-05-31", "2024-5-3T10:00", "2024-05-31\n", " 2024-02-30 ", "٢٠٢٤-٠٥-٠٢", "31/05/2024",
    "The Bakery That Almost Cancelled!", "Ana Novak met ANA  NOVAK and Ana\u00a0Novak, not Anastasia Novakova.",
    "a-b c.d e f", "--- # : 'quotes' \"double\" \\ back \x7f \u2028 \ufffe",
]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    loaded, problems = load_vocabulary(REPO / "vocabulary.yml", "vocabulary.yml")
    assert not problems
    return loaded


@pytest.fixture(scope="module")
def page(chromium: Any, site_url: str) -> Iterator[Any]:
    """The repository's tell/ page: story-rules.js loaded, fed with data made here."""
    tab = Tab(chromium, site_url)
    page = tab.open("tell/")
    page.wait_for_selector("html[data-st-tell-ready]")
    yield page
    assert not tab.watch.console_errors and not tab.watch.page_errors
    tab.close()


def data_for(vocabulary: Vocabulary, ids: tuple[str, ...] = (), deny: tuple[str, ...] = (),
             allow: tuple[str, ...] = ()) -> dict[str, Any]:
    return tell_data(vocabulary, ids, PrivacyList(deny, allow), TellSite("https://github.com/o/r/new/main", deny=True))


def run(page: Any, data: dict[str, Any], body: str, *args: Any) -> Any:
    """`body` is a JavaScript function of (R, ...args); R is StoryRules(data)."""
    return page.evaluate(f"([data, args]) => ({body})(StoryRules(data), ...args)", [data, list(args)])


# --- the patterns ---------------------------------------------------------------

JS_MATCHES = """([pattern, samples]) => samples.map(s => {
  const cp = i => Array.from(s.slice(0, i)).length;
  return Array.from(s.matchAll(new RegExp(pattern.source, pattern.flags + "g"))).map(
    m => [cp(m.index), cp(m.index + m[0].length), Array.from(m).slice(1).map(g => g === undefined ? null : g)]);
})"""


def py_matches(pattern: re.Pattern[str], samples: list[str]) -> list[list[list[Any]]]:
    return [[[m.start(), m.end(), list(m.groups())] for m in pattern.finditer(s)] for s in samples]


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(exported_patterns()))
def test_each_exported_pattern_compiles_in_chromium_and_finds_what_python_finds(
    page: Any, vocabulary: Vocabulary, name: str
) -> None:
    pattern = exported_patterns()[name]
    exported = data_for(vocabulary)["patterns"][name]
    samples = [*SAMPLES, *(path.read_text(encoding="utf-8", errors="replace") for path in sorted(CORPUS.glob("*.md")))]
    assert page.evaluate(JS_MATCHES, [exported, samples]) == py_matches(pattern, samples)


@pytest.mark.browser
def test_the_deny_lists_patterns_find_what_python_finds(page: Any) -> None:
    names = ("Ana Novak", "O'Brien-Smith", "Ж. Петров", "a.b (c)")
    samples = [*SAMPLES, "o'brien-smith, O'BRIEN-SMITH; ж. петров. A.B (C)"]
    for _, pattern in deny_patterns(names):
        translated = js_regex(pattern)
        exported = {"source": translated.source, "flags": translated.flags}
        assert page.evaluate(JS_MATCHES, [exported, samples]) == py_matches(pattern, samples), pattern.pattern


@pytest.mark.parametrize("source", [r"(?i)x", r"(?#note)x", r"a*+", r"(?>a)", r"\0", r"(?(1)a|b)", r"[\W_]", r"\N{DASH}"])
def test_what_cannot_be_said_the_same_in_javascript_is_refused(source: str) -> None:
    with pytest.raises((UntranslatableRegex, re.error)):
        js_regex(re.compile(source))


def test_a_verbose_or_ascii_pattern_is_refused() -> None:
    with pytest.raises(UntranslatableRegex):
        js_regex(re.compile(r"\w", re.ASCII))
    with pytest.raises(UntranslatableRegex):
        js_regex(re.compile(r"a b", re.VERBOSE))


# --- the findings -----------------------------------------------------------------


def _shape(findings: Any) -> list[tuple[int, int, str, str, str]]:
    return [(f.line, f.column, f.rule, f.message, f.suggestion) if hasattr(f, "rule") else
            (f["line"], f["column"], f["rule"], f["message"], f["suggestion"]) for f in findings]


TEXTS = [
    *SAMPLES,
    "---\ntitle: \"Mail jane.doe@gmail.com\"\n---\n\n## The situation\n\nCall 07911 123456, card 378282246310005.",
    "Line one\n<!-- story-tools: allow personal-email because -->\nsecond jane@gmail.com\n<!-- story-tools: allow "
    "personal-email because she asked -->\nthird jane@gmail.com and 07911 123456",
    "Renewed 2024-05-31 at 12:30:00, 1,200,000 yen, version 3.11.4, ISBN 978-3-16-148410-0, 555-0123, 01632 960123",
    "Amex 378282246310005. IBAN DE89 3704 0044 0532 0130 00. +49 30 1234567. ☎ +44 7700 900123 (fiction).",
    "x" * 50 + "DE89370400440532013000" + "7" * 20, "jane@acme-support.com and bob@mail.acme-support.com, +44 20 7946 0000",
    "<b title='<' onmouseover=x>" + "a" * 9000 + " onclick=y>", "<div>\n<form action=x>\n</div>",
]


def corpus_sources() -> list[Path]:
    return [*sorted(CORPUS.glob("*.md")), *sorted((TESTS / "hostile" / "stories").glob("*.md"))]


@pytest.mark.browser
@pytest.mark.parametrize("text", TEXTS)
def test_personal_data_and_hostile_markdown_findings_are_pythons(page: Any, vocabulary: Vocabulary, text: str) -> None:
    deny, allow = ("Ana Novak", "Ж. Петров"), ("acme-support.com", "+44 20 7946 0000")
    data = data_for(vocabulary, deny=deny, allow=allow)
    for first_line in (1, 7):
        expected = _shape(scan_text(text, path="s.md", first_line=first_line, deny=deny, allow=allow))
        assert _shape(run(page, data, "(R, t, n) => R.scanText(t, n)", text, first_line)) == expected
        expected = _shape(scan_body(text, path="s.md", first_line=first_line))
        assert _shape(run(page, data, "(R, t, n) => R.scanBody(t, n)", text, first_line)) == expected


@pytest.mark.browser
def test_every_corpus_and_hostile_file_gets_pythons_text_findings(page: Any, vocabulary: Vocabulary) -> None:
    data = data_for(vocabulary)
    compared = 0
    for path in corpus_sources():
        source, _ = read_source(path, path.name)
        if source is None:
            continue
        expected = _shape(check_text(source, PrivacyList()))
        got = run(page, data, "(R, f, b, n) => R.scanText(f + '---\\n' + b, 2).concat(R.scanBody(b, n))",
                  source.front_matter, source.body, source.body_line)
        assert _shape(got) == expected, path.name
        compared += bool(expected)
    assert compared >= 10  # the corpus has files of every text rule


# --- the file, the id, the did-you-mean, the date ------------------------------------

DRAFTS: list[dict[str, Any]] = [
    {"title": "The customer who called every day", "date": "2019-03-14", "summary": "One or two sentences.",
     "terms": {"touchpoint": ["support-call"], "principle": ["keep-them-informed"], "outcome": ["retained"]},
     "customer": "", "quote": "", "visibility": "internal", "parts": ["", "", "", ""]},
    {"title": "NO", "date": "2024-02-29", "summary": "2024", "customer": ": # ---", "quote": "---\n\"Yes,\" she said",
     "terms": {"touchpoint": ["billing", "renewal"], "principle": ["keep-them-informed"], "outcome": ["retained"],
               "industry": ["software"]},
     "visibility": "public", "parts": ["---\nfront: matter\n---", "\n\nWe called.\n\n", "  \n\t", "Last `<b>` line  "]},
    {"title": "<script>alert('x')</script> \\ \"q\" 'q' \t tab", "date": "2000-01-01",
     "summary": "\x00\x01\x1f\x7f\x80\x9f \u2028\u2029 \ufeff \ufffe\uffff \u00a0 é 😀 \U0010ffff",
     "terms": {"outcome": ["retained"]}, "customer": "yes", "quote": "null", "visibility": "internal",
     "parts": ["😀\r\nwindows line", "", "a\u2028b", "# heading\n\n---\n"]},
]


@pytest.mark.browser
@pytest.mark.parametrize("draft", DRAFTS)
def test_the_page_writes_the_file_draft_text_writes(page: Any, vocabulary: Vocabulary, draft: dict[str, Any]) -> None:
    python = Draft(
        draft["title"], datetime.date.fromisoformat(draft["date"]), draft["summary"], draft["terms"],
        customer=draft["customer"] or None, visibility=draft["visibility"], quote=draft["quote"] or None,
        body=outline_body(draft["parts"]),
    ).text(vocabulary)
    assert run(page, data_for(vocabulary), "(R, d) => R.fileText(d).text", draft) == python


TITLES = ["The bakery that almost cancelled", "Ça coûte 100 € — naïve façade!", "日本語のタイトル", "   ", "Index",
          "Ελληνικά και Русский", "NO", "yes",
          "x" * 79 + " yz", "a" * 85, "word " * 30, "Crème brûlée: the ﬁx", "ǅemal's café", "--a--b--"]


@pytest.mark.browser
def test_ids_are_slugify_and_unique_id_and_never_taken(page: Any, vocabulary: Vocabulary) -> None:
    taken = ("The-Bakery-That-Almost-Cancelled", "the-bakery-that-almost-cancelled-2", "story", "ça-coute")
    data = data_for(vocabulary, ids=taken)
    got = run(page, data, "(R, titles) => titles.map(t => [R.slugify(t), R.newId(t)])", TITLES)
    keys = {name_key(story_id) for story_id in taken}
    assert got == [[slugify(t), unique_id(t, keys)] for t in TITLES]
    assert unique_id("The bakery that almost cancelled", keys) == "the-bakery-that-almost-cancelled-3"


WORDS = ["listning", "keep them informed", "Keep_Them_Informed", "KEEP-THEM-UPDATED", "Support call", "helpdesk",
         "qqqq", "", "renewl", "informed", "x" * 250, "e" * 120 + "renewal" + "e" * 120]


@pytest.mark.browser
def test_the_did_you_mean_is_pythons(page: Any, vocabulary: Vocabulary) -> None:
    data = data_for(vocabulary)
    for dimension in vocabulary.dimensions:
        labels = [t.label for t in dimension.terms]
        candidates = [*dimension.names(), *labels]
        got = run(page, data, "(R, words, c) => words.map(w => R.closest(w, c))", WORDS, candidates)
        assert got == [closest(w, candidates) for w in WORDS], dimension.name
    long = ["e" * 300, "ab" * 150 + "c", "abc"]  # difflib's autojunk starts at 200 characters
    pool = [*long[::-1], "e" * 299 + "f"]
    assert run(page, data, "(R, w, c) => w.map(x => R.closest(x, c))", long, pool) == [closest(w, pool) for w in long]


DATES = ["2024-05-31", "2024-5-3", "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "2024-13-01",
         "2024-00-10", "0000-01-01", "2024-04-31", "2024-05-31T10:00", "31/05/2024", "May 5", " 2024-06-01 ",
         "٢٠٢٤-٠٥-٠٢", "2024-05-31 and more", "9999-12-31"]


def python_date(text: str) -> Any:
    root, problems = parse_yaml(f"date: {json.dumps(text, ensure_ascii=False)}\n", path="s.md")
    assert root is not None and isinstance(root, Mapping) and not problems
    reader = ValueReader("s.md")
    value = reader.date(root.fields()["date"], "date")
    if value is not None:
        return {"iso": value.isoformat()}
    (finding,) = reader.findings
    return {"rule": finding.rule, "message": finding.message, "suggestion": finding.suggestion}


@pytest.mark.browser
def test_dates_are_read_as_check_reads_them(page: Any, vocabulary: Vocabulary) -> None:
    got = run(page, data_for(vocabulary), """(R, dates) => dates.map(d => {
      const r = R.readDate(d);
      return r.error ? {rule: r.error.rule, message: r.error.message, suggestion: r.error.suggestion} : {iso: r.iso};
    })""", DATES)
    assert got == [python_date(d) for d in DATES]


# --- where the page sends a story ---------------------------------------------------------


@pytest.mark.parametrize(("repo_url", "branch", "edit_uri", "expected"), [
    ("https://github.com/acme/stories", None, None, "https://github.com/acme/stories/new/main"),
    ("https://github.com/acme/stories/", "trunk", "edit/main/docs/", "https://github.com/acme/stories/new/trunk"),
    ("https://github.com/acme/stories.git", None, "edit/develop/docs/", "https://github.com/acme/stories/new/develop"),
    ("https://github.com/acme/stories", None, "blob/release/docs/", "https://github.com/acme/stories/new/release"),
    ("https://gitlab.com/acme/stories", None, None, None),
    ("https://github.com/acme", None, None, None),
    ("", None, None, None),
    (None, None, None, None),
])
def test_the_github_new_file_address(repo_url: str | None, branch: str | None, edit_uri: str | None,
                                     expected: str | None) -> None:
    assert github_new_file(repo_url, branch, edit_uri) == expected


# --- what the built page holds ------------------------------------------------------------

PAGE_DATA = re.compile(r'<script type="application/json" id="st-tell-data">(.*?)</script>', re.DOTALL)


def test_denied_names_are_checked_on_an_internal_site_and_never_published(
    project: Project, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project.root / "privacy.yml").write_text("deny:\n  - Zorba Quixotic\nallow:\n  - acme-support.com\n")
    internal = project.build(caplog)
    assert internal.ok, internal.log
    match = PAGE_DATA.search(internal.html("tell/index.html"))
    assert match is not None
    data = json.loads(match.group(1))
    assert [first for first, _ in data["privacy"]["deny"]] == ["zorba"]
    assert data["privacy"]["allow"] == ["acme-support.com"]
    assert data["taken"] == sorted({"index", *(path.stem for path in project.stories.rglob("*.md"))})
    assert data["new_file"] is None  # the fixture's mkdocs.yml names no repo_url
    monkeypatch.setenv("STORY_AUDIENCE", "public")
    public = project.build(caplog)
    assert public.ok, public.log
    match = PAGE_DATA.search(public.html("tell/index.html"))
    assert match is not None and json.loads(match.group(1))["privacy"]["deny"] == []
    assert [path for path in public.site.rglob("*") if path.is_file() and b"Zorba" in path.read_bytes()] == []


def test_the_branch_option_and_edit_uri_choose_where_stories_go(
    project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    config = project.root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    for extra, expected in [
        ("repo_url: https://github.com/acme/stories\n", "https://github.com/acme/stories/new/main"),
        ("repo_url: https://github.com/acme/stories\nedit_uri: edit/trunk/docs/\n", "https://github.com/acme/stories/new/trunk"),
    ]:
        config.write_text(extra + original, encoding="utf-8")
        built = project.build(caplog)
        assert built.ok, built.log
        match = PAGE_DATA.search(built.html("tell/index.html"))
        assert match is not None and json.loads(match.group(1))["new_file"] == expected
    config.write_text("repo_url: https://github.com/acme/stories\nedit_uri: edit/trunk/docs/\n"
                      + original.replace("  - story-tools", "  - story-tools:\n      branch: stories"), encoding="utf-8")
    built = project.build(caplog)
    assert built.ok, built.log
    match = PAGE_DATA.search(built.html("tell/index.html"))
    assert match is not None and json.loads(match.group(1))["new_file"] == "https://github.com/acme/stories/new/stories"
