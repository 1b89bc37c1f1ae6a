"""A starter topic is one topic with a name per language: picked in Russian and in English, it is counted once."""
from __future__ import annotations

import datetime as dt

from tests.support.consultations import ago, world


def test_fundraising_picked_in_russian_and_in_english_is_one_topic(system):
    w = world(system)
    c = system.client("consultations")
    for headers, topic in ((w["mentor"], "Фандрайзинг"), (w["mentor"], "Fundraising")):
        r = c.post("/consultations/api/v1/consultations", json={
            "kind": "individual", "team_ids": [w["a"]["id"]], "started_at": ago(hours=3), "duration_minutes": 30, "topics": [topic]},
            headers=headers)
        assert r.status_code == 201, r.json
    russian = c.get("/consultations/api/v1/topics", headers=w["mentor"]).json
    assert [(t["name"], t["uses"]) for t in russian] == [("Фандрайзинг", 2)]
    english = c.get("/consultations/api/v1/topics?lang=en", headers=w["mentor"]).json
    assert [(t["name"], t["uses"]) for t in english] == [("Fundraising", 2)]
    # the form offers it once, in the reader's language
    page = c.get("/consultations/new?lang=ru", headers=w["mentor"]).text
    assert page.count("Фандрайзинг") == 1 and "Fundraising" not in page.replace('value="Fundraising"', "")
    timeline = c.get(f"/consultations/teams/{w['a']['id']}?lang=en", headers=w["mentor"]).text
    assert "Fundraising" in timeline and "Фандрайзинг" not in timeline
