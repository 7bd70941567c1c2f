"""What the plugin says about a build, and what stops it: findings to MkDocs' log
(errors stop the build with a PluginError), the audience's notes and report file,
story files put in docs_dir by mistake, and archive files that would replace another.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from ..archive.audience import Audience, consent_ended_message
from ..archive.outside import looks_like_story, outside_finding
from ..archive.vocabulary import Vocabulary
from ..checks.report import summary_line
from ..model.findings import Finding, Severity, has_errors, sort_findings
from ..reading.source import DisplayPath
from ..site.collisions import generated_collisions, path_collisions
from ..site.output import read_manifest

__all__ = [
    "collisions", "drop_generated_copies", "report_audience", "report_path", "stop_on_errors", "stories_in_docs",
    "write_report",
]

log = get_plugin_logger("story_tools")


def stop_on_errors(findings: list[Finding], files_read: int) -> None:
    """Log every finding (errors as errors, the rest as warnings, which --strict counts);
    stop the build with a PluginError when one is an error."""
    findings = sort_findings(findings)
    for finding in findings:
        if finding.severity is Severity.ERROR:
            log.error(finding.format())
        else:
            log.warning(finding.format())
    if has_errors(findings):
        raise PluginError(f"The site was not built: {summary_line(findings, files_read)} "
                          "Fix the stories above (or run 'story-tools check') and build again.")


def report_audience(audience: Audience, files_read: int) -> list[Finding]:
    """Stop on the audience's errors. Consent that has ended leaves its story out and
    the build goes on (the site must stop showing it that day, and the other stories
    stay up); consent that ends soon is a reminder. Both are logged as info, which
    --strict does not count, and the report lists the stories left out.
    Returns the findings that count."""
    counted = []
    for finding in audience.findings:
        if finding.rule == "consent-expiring":
            log.info(finding.format())
        elif finding.rule != "consent-expired":  # said below, in words, with the exclusion
            counted.append(finding)
    for exclusion in audience.consent_ended():
        log.info(f"{exclusion.path}: {consent_ended_message(str(exclusion.consent_ended))}")
    stop_on_errors(counted, files_read)
    return counted


def stories_in_docs(files: Files, vocabulary: Vocabulary, display: DisplayPath, stories_dir: str) -> list[Finding]:
    """A finding for each page of docs_dir that looks like a story (it would not be checked)."""
    findings = []
    for file in files.documentation_pages():
        if file.generated_by is None and looks_like_story(file.content_bytes, vocabulary):
            findings.append(outside_finding(display(Path(file.abs_src_path or file.src_path)), stories_dir))
    return findings


def drop_generated_copies(files: Files, config: MkDocsConfig) -> None:
    """Leave out the files `story-tools generate` wrote into docs_dir (for Zensical):
    this build makes every one of them itself, from the stories as they are now."""
    written = read_manifest(Path(config.docs_dir))
    for file in [f for f in files if f.generated_by is None and f.src_uri in written]:
        files.remove(file)


def collisions(files: Files, generated: list[File], config: MkDocsConfig) -> list[Finding]:
    """A file the archive makes that would replace another (one of the site's or of its own):
    MkDocs would replace it with only a Python warning. Call before any is added."""
    docs = Path(config.docs_dir).name
    own = [(f"{docs}/{file.src_uri}", file.dest_uri) for file in files if not file.inclusion.is_excluded()]
    others = [
        (f"{docs}/{file.src_uri} (left out of the site by exclude_docs or as a draft)" if file.generated_by is None
         else f"{file.src_uri} (made by {file.generated_by})", file.src_uri)
        for file in files if file.inclusion.is_excluded()
    ]
    found = path_collisions(own, [file.dest_uri for file in generated])
    return found + generated_collisions([(file.src_uri, file.dest_uri) for file in generated], others)


def report_path(root: Path, report: str, site_dir: str) -> Path | None:
    """The build report's file (`report`, relative to the project folder; none when empty);
    a PluginError when it would be published with the site."""
    if not report:
        return None
    path = (root / report).resolve()
    site = Path(site_dir).resolve()
    if path == site or site in path.parents:
        raise PluginError(f"story-tools: the report ({report}) may not be inside site_dir "
                          "(it names the stories a build leaves out); write it next to mkdocs.yml.")
    return path


def write_report(path: Path | None, audience: Audience, files_read: int) -> None:
    """The audience's report (what was published, what was left out and why) as JSON at `path`."""
    if path is not None:
        try:
            path.write_text(json.dumps(audience.report(files_read), indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")
        except OSError as error:
            raise PluginError(f"story-tools: cannot write the report {path}: {error.strerror}") from error
