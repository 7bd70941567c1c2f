"""A story dated far in the future: almost always a typing slip in the year.

A story tells what already happened, so a date more than a year after today is
a warning (`future-date`); within a year it may be a date planned ahead and is
left alone. The suggestion is the year the writer most likely meant: of the
years that one typing slip turns the written one into (one digit changed, or
two neighbouring digits swapped) and that put the date no later than today, the
most recent. 2099 becomes 2019, 2052 becomes 2025. `today` is always passed
in: this module never reads the clock.
"""

from __future__ import annotations

import datetime

__all__ = ["future_date_problem", "likely_year"]


def _one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _slips(year: int) -> set[int]:
    """The years one typing slip makes of `year` (four digits)."""
    digits = f"{year:04d}"
    found = set()
    for at in range(4):
        for digit in "0123456789":
            found.add(digits[:at] + digit + digits[at + 1:])
        if at < 3:
            found.add(digits[:at] + digits[at + 1] + digits[at] + digits[at + 2:])
    return {int(text) for text in found if text[0] != "0"} - {year}


def likely_year(date: datetime.date, today: datetime.date) -> datetime.date | None:
    """The date with the year the writer most likely meant (see the module), or None."""
    candidates = []
    for year in _slips(date.year):
        try:
            candidate = date.replace(year=year)
        except ValueError:  # 29 February in a year without one
            continue
        if candidate <= today:
            candidates.append(candidate)
    return max(candidates, default=None)


def future_date_problem(date: datetime.date, today: datetime.date, name: str = "date") -> tuple[str, str] | None:
    """(message, suggestion) when `date` is more than a year after `today`, else None."""
    if date <= _one_year_after(today):
        return None
    meant = likely_year(date, today)
    message = f"{name}: {date.isoformat()} is more than a year in the future; a story tells what already happened."
    if meant is None:
        return message, "Check the year."
    return message, f"Did you mean {meant.isoformat()}? Check the year."
