"""The reminders feed: an iCalendar file of a person's planned stretching days."""

from datetime import UTC, date, datetime, time, timedelta

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def webcal_url(url: str) -> str:
    """The same address with the webcal: scheme, which a phone opens in its calendar app to
    subscribe (http and https alike: the app fetches it over https where the site has it)."""
    _scheme, separator, rest = url.partition("://")
    if not separator:
        raise ValueError(f"{url!r} is not an absolute address")
    return f"webcal://{rest}"


def first_day(since: date, days: list[str]) -> date:
    """The first of the chosen weekdays on or after `since`: where the weekly event starts
    (RFC 5545 counts DTSTART as an occurrence, so it must be one of the days)."""
    wanted = {WEEKDAY_CODES.index(code) for code in days}
    return next(
        since + timedelta(days=n)
        for n in range(7)
        if (since + timedelta(days=n)).weekday() in wanted
    )


def reminders_calendar(
    *,
    uid: str,
    days: list[str],
    at: time | None,
    since: date,
    stamp: datetime,
    url: str,
) -> str:
    """A calendar with one weekly event on the chosen days, with an alert at its start.

    The time is "floating" (no time zone): 07:30 rings at 07:30 wherever the phone is, which
    is what a morning reminder means, and needs no VTIMEZONE. The event starts on the first
    chosen day on or after `since` (when the reminders were set), and `stamp` says when they
    last changed, so the file stays the same from one fetch to the next.

    With no days or no time it is a valid, empty calendar, so a subscribed phone
    simply shows nothing."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Backstretch//Reminders//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Backstretch",
    ]
    chosen = [code for code in WEEKDAY_CODES if code in days]
    if chosen and at is not None:
        first = first_day(since, chosen).strftime("%Y%m%d") + at.strftime("T%H%M00")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{stamp.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}",
            f"DTSTART:{first}",
            "DURATION:PT10M",
            f"RRULE:FREQ=WEEKLY;BYDAY={','.join(chosen)}",
            f"SUMMARY:{_escape('Stretch your back')}",
            "DESCRIPTION:"
            + _escape(
                "Time for your stretches. Go gently, and stop if you feel sharp pain, "
                "numbness or tingling."
            ),
            f"URL:{url}",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape('Stretch your back')}",
            "TRIGGER:PT0M",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
