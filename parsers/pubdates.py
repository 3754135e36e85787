"""Publication dates as feeds and pages write them (pure; the date as written, no timezone shift)."""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"  # noqa: E501
_ISO = re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:$|[T\s])")
_COMPACT = re.compile(r"^\s*(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:$|[T\s])")
# "Oct. 6, 2025", "October 6 2025"
_MDY = re.compile(_MONTH + r"\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b", re.IGNORECASE)
# "6 October 2025", "6 Oct. 2025"
_DMY = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"\.?,?\s+(?P<y>\d{4})\b", re.IGNORECASE)


def _make(year: str, month: int | str, day: str) -> date | None:
    try:
        d = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return d if 1990 <= d.year <= 2100 else None


def parse_date(value: str | None) -> date | None:
    """A date from ISO 8601 / RFC 3339, YYYYMMDD, RFC 822 or 'Oct. 6, 2025' / '6 October 2025'; else None."""
    if not value or not value.strip():
        return None
    for pattern in (_ISO, _COMPACT):
        m = pattern.match(value)
        if m:
            return _make(m["y"], m["m"], m["d"])
    try:
        found = parsedate_to_datetime(value.strip()).date()
    except (TypeError, ValueError, IndexError):
        pass
    else:  # RFC 822 reads any year ('1 Jan 100'): the same bounds as the other forms
        return _make(str(found.year), found.month, str(found.day))
    return find_text_date(value)


def find_text_date(text: str) -> date | None:
    """The first month-name date written in running text ('SAN JOSE, Calif., Oct. 6, 2025 -- ...')."""
    found: list[tuple[int, date]] = []
    for pattern in (_MDY, _DMY):
        m = pattern.search(text)
        if m:
            d = _make(m["y"], MONTHS[m["month"].lower()[:3]], m["d"])
            if d is not None:
                found.append((m.start(), d))
    return min(found)[1] if found else None
