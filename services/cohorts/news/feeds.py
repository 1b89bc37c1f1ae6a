"""The programme's feeds: iCalendar for its events (a phone's calendar subscribes to it) and Atom for its news."""
from __future__ import annotations

import datetime as dt

import icalendar
from feedgen.feed import FeedGenerator


def ical(program, events, *, url_of_event, host: str, meetings=(), meeting_title=str) -> bytes:
    """The programme's events, and its working groups' online meetings (``meeting_title(group)`` names one)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Rostok//centre events//RU")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", program.name)
    calendar.add("x-wr-timezone", program.timezone)
    for event in events:
        entry = icalendar.Event()
        # stable per event: a subscribed calendar updates the entry instead of adding another
        entry.add("uid", f"event-{event.id}@{host}")
        entry.add("summary", event.title)
        entry.add("dtstart", event.starts_at.astimezone(dt.timezone.utc))
        entry.add("dtend", (event.starts_at + dt.timedelta(minutes=event.duration_minutes)).astimezone(dt.timezone.utc))
        entry.add("dtstamp", event.created_at.astimezone(dt.timezone.utc))
        entry.add("sequence", event.version)
        if event.place:
            entry.add("location", event.place)
        url = event.online_url or url_of_event(event)
        entry.add("url", url)
        if event.registration == "open":
            entry.add("description", url_of_event(event))
        calendar.add_component(entry)
    for meeting in meetings:
        entry = icalendar.Event()
        entry.add("uid", f"meeting-{meeting['id']}@{host}")
        entry.add("summary", meeting_title(meeting["group"]))
        entry.add("dtstart", meeting["starts_at"].astimezone(dt.timezone.utc))
        entry.add("dtend", (meeting["starts_at"] + dt.timedelta(minutes=meeting["duration_minutes"])).astimezone(dt.timezone.utc))
        entry.add("dtstamp", meeting["updated_at"].astimezone(dt.timezone.utc))
        entry.add("sequence", meeting["version"])
        entry.add("url", meeting["online_url"])
        entry.add("location", meeting["online_url"])
        calendar.add_component(entry)
    return calendar.to_ical()


def atom(program, items, *, feed_url: str, page_url: str, url_of_item, group_names: dict | None = None,
         title: str | None = None) -> bytes:
    """The news as Atom; a working group's item says whose it is in its title (``group_names``: team id -> name)."""
    group_names = group_names or {}
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title or program.name)
    feed.link(href=page_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language("ru")
    updated = max((i.updated_at for i in items), default=program.created_at)
    feed.updated(updated.astimezone(dt.timezone.utc))
    for item in reversed(items):  # feedgen puts the last added first
        entry = feed.add_entry()
        entry.id(url_of_item(item))
        group = group_names.get(item.team_id)
        entry.title(f"{group}: {item.title}" if group else item.title)
        entry.link(href=url_of_item(item))
        entry.content(item.body, type="text")
        entry.published(item.published_at.astimezone(dt.timezone.utc))
        entry.updated(item.updated_at.astimezone(dt.timezone.utc))
        if item.author_name:
            entry.author({"name": item.author_name})
    return feed.atom_str(pretty=True)
