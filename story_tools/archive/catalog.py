"""The catalog: every story of an archive, checked one by one and against each other."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..checks.privacylist import PrivacyList, load_privacy_list
from ..checks.textchecks import check_text
from ..model.findings import Finding, Severity, has_errors, sort_findings
from ..model.namekey import name_key
from ..model.story import Story
from ..model.suggest import did_you_mean
from ..reading.safeyaml import Limits
from ..reading.source import DisplayPath, FoundFile, discover_story_files, read_source
from .links import LinkTargets, StoryLink, find_story_links
from .reserved import story_id_findings
from .settings import ArchiveSettings
from .storycache import FileResult, StoryCache
from .validate import parse_story
from .vocabulary import Vocabulary, load_vocabulary

__all__ = ["Catalog", "load_catalog"]


@dataclass(frozen=True)
class Catalog:
    """The valid stories (sorted by id), the vocabulary and every finding."""

    stories: tuple[Story, ...]
    vocabulary: Vocabulary
    findings: tuple[Finding, ...]
    files_read: int
    links: tuple[StoryLink, ...] = ()
    """Every story-to-story link found in story bodies."""
    privacy: PrivacyList = field(default_factory=PrivacyList)
    """The privacy list the stories were checked against."""

    @property
    def ok(self) -> bool:
        """True when no finding is an error: the archive may be published."""
        return not has_errors(self.findings)

    def get(self, story_id: str) -> Story | None:
        """The story with this id, or None."""
        for story in self.stories:
            if story.id == story_id:
                return story
        return None


def load_catalog(
    settings: ArchiveSettings, *, limits: Limits | None = None, use_libyaml: bool | None = None,
    today: datetime.date | None = None, cache: StoryCache | None = None,
) -> Catalog:
    """Read, validate and cross-check every story of the archive.

    Never raises for bad content: every problem is a finding. `today` is the
    date the rules about time use (a story dated far in the future); without
    it they are skipped (commands that only read the archive). With a `cache`,
    files unchanged since its last read are not read again (`mkdocs serve`).
    """
    display = DisplayPath(settings.root)
    vocabulary, findings = load_vocabulary(settings.vocabulary_file, display(settings.vocabulary_file),
                                           url_prefix=settings.url_prefix)
    if not settings.stories_dir.is_dir():
        findings.append(Finding(
            display(settings.stories_dir), 0, 0, "no-stories-folder", Severity.ERROR,
            "The stories folder does not exist.",
            "Create it, or set the 'stories_dir' option of the story-tools plugin in mkdocs.yml.",
        ))
        return Catalog((), vocabulary, tuple(sort_findings(findings)), 0)
    files, found = discover_story_files(settings.stories_dir, display)
    findings += found
    privacy = PrivacyList()
    if settings.privacy_file is not None:
        privacy, problems = load_privacy_list(settings.privacy_file, display(settings.privacy_file))
        findings += problems
    top = len(display(settings.stories_dir)) + 1
    stories: list[Story] = []
    if has_errors(findings) and not vocabulary.dimensions:
        return Catalog((), vocabulary, tuple(sort_findings(findings)), len(files))
    if cache is not None:
        cache.start((vocabulary, privacy, limits, use_libyaml, today))
    for file in files:
        depth = file.shown[top:].count("/")

        def read(file: FoundFile = file, depth: int = depth) -> FileResult:
            return _read_story(file, vocabulary, privacy, depth, limits=limits, use_libyaml=use_libyaml,
                               today=today)

        result = read() if cache is None else cache.result(file.path, read)
        findings += result.findings
        if result.story is not None:
            stories.append(result.story)
    if cache is not None:
        cache.forget_others({file.path for file in files})
    findings += _cross_check(stories, files)
    titles = {story.path: story.title for story in stories}
    ids = {name_key(file.story_id) for file in files}
    findings += story_id_findings(((file.shown, file.story_id, titles.get(file.shown)) for file in files),
                                  lambda name: name_key(name) in ids)
    links: list[StoryLink] = []
    targets = LinkTargets.of({file.story_id: file.shown for file in files}, display(settings.stories_dir))
    for story in stories:
        found_links, link_problems = find_story_links(story, targets)
        links.extend(found_links)
        findings.extend(link_problems)
    stories.sort(key=lambda s: s.id)
    return Catalog(tuple(stories), vocabulary, tuple(sort_findings(findings)), len(files), tuple(links), privacy)


def _read_story(
    file: FoundFile, vocabulary: Vocabulary, privacy: PrivacyList, depth: int, *, limits: Limits | None,
    use_libyaml: bool | None, today: datetime.date | None,
) -> FileResult:
    """One story file read, its text checked and its front matter validated."""
    source, findings = read_source(file.path, file.shown, file.story_id)
    if source is None:
        return FileResult(None, tuple(findings))
    findings += check_text(source, privacy, depth=depth)
    story, problems = parse_story(source, vocabulary, limits=limits, use_libyaml=use_libyaml, today=today)
    return FileResult(story, tuple(findings + problems))


def _cross_check(stories: list[Story], files: list[FoundFile]) -> list[Finding]:
    """Rules that need the whole archive: unique ids, existing related stories."""
    findings: list[Finding] = []
    first: dict[str, str] = {}
    for file in files:
        key, shown = name_key(file.story_id), file.shown
        if key in first:
            findings.append(Finding(
                shown, 0, 0, "duplicate-id", Severity.ERROR,
                f"Another story file has the same name: {first[key]} "
                "(names must differ in more than capitals or accents).",
                "Rename one of the two files; the file name is the story's id and web address.",
            ))
        else:
            first[key] = shown
    known = {story.id for story in stories} | {file.story_id for file in files}
    for story in stories:
        for related, (line, column) in zip(story.related, story.related_at, strict=True):
            if related == story.id:
                findings.append(Finding(
                    story.path, line, column, "self-related", Severity.ERROR,
                    "A story cannot be related to itself.", f"Remove '{related}' from related.",
                ))
            elif related not in known:
                hint = did_you_mean(related, sorted(known)) or "Use the file name of another story, without '.md'."
                findings.append(Finding(
                    story.path, line, column, "unknown-related", Severity.ERROR,
                    f"related: there is no story with the id '{related}'.", hint,
                ))
    return findings
