"""When two names are one: ids, slugs and output paths that people cannot tell apart.

`Guide.md` and `guide.md` are two files on Linux but one on the Windows and
macOS disks writers use; `é` written as one character or as `e` plus an accent,
the `ﬁ` ligature and `fi`, full-width and ordinary letters all look the same to
a reader. So names are compared in Unicode's compatibility form (NFKC), case
folded: the one rule for story ids and for the site's output paths.
"""

from __future__ import annotations

import unicodedata

__all__ = ["name_key"]


def name_key(name: str) -> str:
    """The key under which names that look the same are equal."""
    return unicodedata.normalize("NFKC", name).casefold()
