"""Checks on the text of a story file as written: personal data, hostile Markdown, hidden characters.

They run on every story file that could be read, whether or not its fields are
valid, so one run reports everything. Personal data is looked for in the front
matter and the body (`privacy`); scripts, dangerous links and links out of the
archive in the body (`unsafe`); invisible and control characters in the body
(`invisible`; the front matter's are checked with its fields).
"""

from __future__ import annotations

from ..model.findings import Finding
from ..reading.source import SourceFile
from .invisible import body_findings
from .privacy import scan_text
from .privacylist import PrivacyList
from .unsafe import scan_body

__all__ = ["check_text"]


def check_text(source: SourceFile, privacy: PrivacyList, *, depth: int = 0) -> list[Finding]:
    """Findings about the text of one story file.

    `depth` is how many folders the file is below the stories folder.
    """
    # One scan of the file as written: the front matter starts on line 2, and
    # its closing '---' line puts the body back on its own first line.
    text = f"{source.front_matter}---\n{source.body}"
    findings = scan_text(text, path=source.path, first_line=2, deny=privacy.deny, allow=privacy.allow)
    if source.body:
        findings += scan_body(source.body, path=source.path, first_line=source.body_line, depth=depth)
        findings += body_findings(source.body, path=source.path, first_line=source.body_line)
    return findings
