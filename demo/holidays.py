"""Bank holidays in England and Wales, for the demo's meeting calendar: no ward panel on
Christmas Day (issue 13). The rules of the Banking and Financial Dealings Act 1971 as the
government publishes them (gov.uk/bank-holidays); one-off extra days are left out."""

import datetime as dt
from functools import cache


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    day = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=day.weekday())


@cache
def bank_holidays(year: int) -> frozenset[dt.date]:
    """The bank holidays of ``year`` in England and Wales, with the substitute weekdays
    when New Year, Christmas or Boxing Day fall at a weekend."""
    easter = easter_sunday(year)
    days = {
        easter - dt.timedelta(days=2),  # Good Friday
        easter + dt.timedelta(days=1),  # Easter Monday
        _first_monday(year, 5),  # early May
        _last_monday(year, 5),  # spring
        _last_monday(year, 8),  # summer
    }
    new_year = dt.date(year, 1, 1)
    days.add(new_year + dt.timedelta(days={5: 2, 6: 1}.get(new_year.weekday(), 0)))
    christmas, boxing = dt.date(year, 12, 25), dt.date(year, 12, 26)
    days.add(christmas)
    days.add(boxing)
    # A weekend Christmas or Boxing Day moves to the next weekdays not already taken.
    substitute = dt.date(year, 12, 27)
    for day in (christmas, boxing):
        if day.weekday() >= 5:
            while substitute.weekday() >= 5 or substitute in days:
                substitute += dt.timedelta(days=1)
            days.add(substitute)
            substitute += dt.timedelta(days=1)
    return frozenset(days)


def is_bank_holiday(day: dt.date) -> bool:
    return day in bank_holidays(day.year)
