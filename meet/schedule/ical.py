"""A delegation's timetable as an iCalendar feed (RFC 5545), for phone calendars.

Written by hand, it is short: a VCALENDAR with one VEVENT per unit, times in UTC
(``...Z``, so no VTIMEZONE is needed), text values escaped (backslash, semicolon,
comma, newline: §3.3.11), lines folded at 75 octets with CRLF + space (§3.1), CRLF
line ends. ``UID`` is stable per unit and ``SEQUENCE`` follows the unit's version, so
a calendar that subscribed updates a moved heat instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from meet.schedule.listing import Item


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets without cutting a UTF-8 character."""
    out, current = [], b""
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += b
    out.append(current.decode())
    return "\r\n ".join(out)


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(name: str, items: Iterable[Item], host: str, *,
             describe=lambda item: "") -> str:
    now = stamp(dt.datetime.now(dt.UTC))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//meet//timetable//ZH",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(name)}",
             "X-WR-TIMEZONE:Asia/Shanghai"]
    for item in items:
        where = item.venue.name if item.venue else ""
        if item.unit.court:
            where += f" {item.unit.court}号场地"
        lines += ["BEGIN:VEVENT", f"UID:unit-{item.unit.id}@{host}", f"DTSTAMP:{now}",
                  f"DTSTART:{stamp(item.start)}", f"DTEND:{stamp(item.end)}",
                  f"SEQUENCE:{max(0, (item.unit.version or 1) - 1)}",
                  f"SUMMARY:{escape(item.event.name + ' ' + item.title)}",
                  f"LOCATION:{escape(where)}"]
        text = describe(item)
        if text:
            lines.append(f"DESCRIPTION:{escape(text)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
