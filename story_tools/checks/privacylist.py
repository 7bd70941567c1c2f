"""An archive's privacy list: names that must never appear, and data that may.

It lives in its own small file beside the vocabulary (`privacy.yml` by
default, the plugin option `privacy`), because the people who keep it are the
curators, not whoever edits the site's configuration:

    deny:                  # names that must never appear in a story
      - Jane Doe
    allow:                 # e-mail domains and numbers that may appear
      - acme-support.com
      - "+44 20 7946 0000"

A missing file is an empty list (the built-in allowlist of example.com-style
domains and fictional phone numbers still applies). The file is read with the
same strict YAML reader as stories, so a mistake in it is a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model.findings import Finding, Severity
from ..reading.safeyaml import Sequence, parse_yaml
from ..reading.values import ValueReader

__all__ = ["PrivacyList", "load_privacy_list"]

_KEYS = ("deny", "allow")


@dataclass(frozen=True)
class PrivacyList:
    """Names the personal-data check reports, and domains and numbers it lets pass."""

    deny: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()


def load_privacy_list(path: Path, shown: str) -> tuple[PrivacyList, list[Finding]]:
    """Read the privacy list; a missing file is an empty list, a bad one findings."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return PrivacyList(), []
    except (OSError, UnicodeDecodeError) as error:
        problem = "is not UTF-8 text" if isinstance(error, UnicodeDecodeError) else "could not be read"
        return PrivacyList(), [Finding(
            shown, 0, 0, "privacy-list", Severity.ERROR, f"The privacy list {problem}.",
            "Save it as UTF-8 text with 'deny:' and 'allow:' lists, or remove it.",
        )]
    root, findings = parse_yaml(text.replace("\r\n", "\n"), path=shown)
    if root is None or findings:
        return PrivacyList(), findings
    reader = ValueReader(shown)
    top = reader.mapping(root, "the privacy list")
    lists: dict[str, tuple[str, ...]] = {}
    if top is not None:
        reader.check_keys(top, _KEYS, "the privacy list")
        for key in _KEYS:
            node = top.get(key)
            if node is None or reader.is_empty(node):
                continue
            if not isinstance(node, Sequence):
                reader.error(node, "wrong-type", f"{key} should be a list, one entry per line.",
                             f"Write '{key}:' and below it lines such as '  - ...'.")
                continue
            lists[key] = tuple(value for value, _ in reader.text_list(node, key) if value)
    if reader.findings:
        return PrivacyList(), reader.findings
    return PrivacyList(lists.get("deny", ()), lists.get("allow", ())), []
