"""Demo text reads as people write (issue 13): proper nouns and acronyms keep their capitals,
what the team did fits the priority's category, and no meeting falls on a bank holiday."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from demo.holidays import bank_holidays, easter_sunday
from demo.words import lower_first
from engagement.models import Event
from priorities.models import PriorityReview

pytestmark = pytest.mark.django_db


def test_lower_first_keeps_proper_nouns_and_acronyms():
    assert lower_first("Speeding on Queen Street") == "speeding on Queen Street"
    assert lower_first("Two warning letters issued under the ASB process") == (
        "two warning letters issued under the ASB process"
    )
    assert lower_first("CCTV request submitted to the council") == (
        "CCTV request submitted to the council"
    )


def test_bank_holidays_as_published():
    # gov.uk/bank-holidays: Easter Sunday 20 April 2025; 2021 had both Christmas days at a
    # weekend, so 27 and 28 December were the substitutes.
    assert easter_sunday(2025) == dt.date(2025, 4, 20)
    assert {dt.date(2025, 4, 18), dt.date(2025, 4, 21), dt.date(2025, 8, 25)} < bank_holidays(2025)
    assert {dt.date(2021, 12, 27), dt.date(2021, 12, 28)} < bank_holidays(2021)
    assert dt.date(2022, 1, 3) in bank_holidays(2022)  # 1 January 2022 was a Saturday


def test_demo_text_and_calendar(demo):
    texts = list(
        PriorityReview.objects.filter(priority__neighbourhood__force=demo.force).values_list(
            "text", "priority__category"
        )
    )
    assert texts
    for text, category in texts:
        assert not re.search(r"\basb\b", text), text
        assert not re.search(r"(queen|high|church|station) (street|road)", text), text
        if "warrant" in text.lower():
            assert category == "drugs", (category, text)
        if "Speed Watch" in text or "Parking tickets" in text:
            assert category == "road_safety", (category, text)
    starts = Event.objects.filter(force=demo.force).values_list("start", flat=True)
    days = {start.astimezone(ZoneInfo("Europe/London")).date() for start in starts}
    holidays = {d for d in days if d in bank_holidays(d.year)}
    assert not holidays
