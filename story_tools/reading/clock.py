"""Today, from one place: `SOURCE_DATE_EPOCH` when it is set, else the real clock.

Everything that depends on the date (consent that has ended, quotes a rep may
repeat, old stories, a new story's default date) takes `today` as a parameter;
the plugin and the CLI ask here once per build or command and pass it down.
Setting SOURCE_DATE_EPOCH (seconds since 1970-01-01 UTC, as `date +%s`
prints) makes a build reproducible and lets tests and curators see the
archive as it will be on another day; MkDocs reads the same variable for the
sitemap's dates.
"""

from __future__ import annotations

import datetime
import os
import re

__all__ = ["SOURCE_DATE_EPOCH", "ClockError", "today"]

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"

_EPOCH = datetime.date(1970, 1, 1)
_SECONDS = re.compile(r"-?[0-9]+")


class ClockError(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a date; the message says what to set instead."""


def today() -> datetime.date:
    """The UTC date of SOURCE_DATE_EPOCH when it is set, else the local date. Raises ClockError."""
    value = os.environ.get(SOURCE_DATE_EPOCH)
    if value is None:
        return datetime.date.today()
    if not _SECONDS.fullmatch(value.strip()):
        raise ClockError(
            f"{SOURCE_DATE_EPOCH} must be a whole number of seconds since 1970-01-01 (what `date +%s` prints), "
            f"not {value!r}. Set it to such a number, or unset it to use today's date."
        )
    try:
        return _EPOCH + datetime.timedelta(days=int(value) // 86_400)
    except OverflowError:
        raise ClockError(
            f"{SOURCE_DATE_EPOCH}={value.strip()} is not a date between the years 1 and 9999. "
            "Set it to seconds since 1970-01-01 (what `date +%s` prints), or unset it."
        ) from None
