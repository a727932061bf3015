"""The coming health days as an iCalendar file (icalendar), for staff to import or subscribe to on
their phones: all-day events, stable ids, the source in the description."""
from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Calendar, Event

from .calendar import Occurrence


def health_days_ics(occurrences: list[Occurrence], title: str, made: dt.datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//healthboard//健康宣传日//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    for o in occurrences:
        event = Event()
        # The same day of the same year keeps its id: importing a newer file updates, never duplicates.
        uid = hashlib.sha1(f"{o.day.name}|{o.start.isoformat()}".encode()).hexdigest()[:20]
        event.add("uid", f"{uid}@healthboard")
        event.add("summary", o.day.name)
        event.add("dtstart", o.start)  # a date: an all-day event
        event.add("dtend", o.end + dt.timedelta(days=1))  # exclusive, as iCalendar counts all-day events
        event.add("dtstamp", made)
        event.add("description", f"{o.day.rule_text}；来源：{o.day.source}")
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
        calendar.add_component(event)
    return calendar.to_ical()
