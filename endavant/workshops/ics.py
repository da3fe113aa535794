"""iCalendar (RFC 5545) for workshops, with the ``icalendar`` library.

One VEVENT per workshop, whose UID never changes; SEQUENCE rises with every change that matters
to attendees, so calendars update the event they already hold. A cancellation is sent with
METHOD:CANCEL and STATUS:CANCELLED.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from endavant.workshops.models import Workshop

PRODID = "-//Endavant//Ateliers participatifs//FR"


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _event(workshop: Workshop, base_url: str, *, with_online_link: bool) -> Event:
    zone = ZoneInfo(workshop.time_zone)
    event = Event()
    event.add("uid", f"{workshop.uid}@endavant")
    event.add("sequence", workshop.sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", workshop.starts_at.astimezone(zone))
    event.add("dtend", workshop.ends_at.astimezone(zone))
    event.add("summary", workshop.title)
    description = workshop.description
    if with_online_link and workshop.online_url:
        description = f"{description}\n\n{workshop.online_url}".strip()
    if description:
        event.add("description", description)
    location = ", ".join(
        part for part in (workshop.place, workshop.commune.name if workshop.commune else "") if part
    )
    if location:
        event.add("location", location)
    event.add("url", base_url.rstrip("/") + workshop.get_absolute_url())
    event.add("status", "CANCELLED" if workshop.is_cancelled else "CONFIRMED")
    return event


def invitation(workshop: Workshop, base_url: str, *, cancel: bool = False) -> bytes:
    """The .ics sent to one registered person (REQUEST, or CANCEL for a cancellation)."""
    calendar = _calendar("CANCEL" if cancel else "REQUEST")
    calendar.add_component(_event(workshop, base_url, with_online_link=True))
    return calendar.to_ical()


def feed(workshops: Iterable[Workshop], base_url: str) -> bytes:
    """A public calendar of workshops (PUBLISH), without online meeting links."""
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", "Ateliers")
    for workshop in workshops:
        calendar.add_component(_event(workshop, base_url, with_online_link=False))
    return calendar.to_ical()
