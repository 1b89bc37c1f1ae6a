"""Events of the centre for the tests: one made through the API, a registration sent as the public form does."""
from __future__ import annotations

API = "/cohorts/api/v1"
FUTURE = "2090-03-14T10:00:00+12:00"  # fixed dates: the suite passes on any day
PAST = "2020-03-14T10:00:00+12:00"


def make_event(c, h, **extra) -> dict:
    body = {"kind": "seminar", "title": "Как написать заявку на грант", "starts_at": FUTURE, "duration_minutes": 120,
            "place": "Ресурсный центр, ул. Ленинская 12", "capacity": 2, **extra}
    made = c.post(f"{API}/events", json=body, headers=h)
    assert made.status_code == 201, made.json
    return made.json


def register(c, event_id, name, phone=None, email=None, **extra):
    return c.post(f"{API}/events/{event_id}/registrations", json={
        "full_name": name, "phone": phone, "email": email, "organisation": "НКО «Эссо»", "settlement": "с. Эссо",
        "consent": True, **extra})
