"""Consultation rules without servers: statuses, bounds, normalised values, safe redirects, local dates."""
import datetime as dt

from services.consultations.log import rules
from shared.web.redirects import local_path

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.timezone.utc)


def test_a_held_consultation_stays_held_and_a_planned_one_waits_for_confirmation():
    past, future = NOW - dt.timedelta(hours=1), NOW + dt.timedelta(days=1)
    assert rules.next_status("held", past, NOW, "planned") == "held"
    assert rules.next_status("planned", past, NOW, None) == "planned"
    assert rules.next_status("planned", past, NOW, "held") == "held"
    assert rules.next_status("planned", future, NOW, "held") == "planned"


def test_bounds_name_their_field():
    assert set(rules.check("webinar", 0, rules.MAX_ANONYMOUS + 1, [])) == {"duration_minutes", "anonymous_attendees"}
    assert rules.check("webinar", 60, rules.MAX_ANONYMOUS, []) == {}
    assert rules.check("webinar", 60, -1, [])["anonymous_attendees"] == ["The number of listeners cannot be negative."]


def test_values_compare_normalised():
    assert rules.normalised("attendee_ids", [3, 1, 3]) == rules.normalised("attendee_ids", [1, 3])
    assert rules.normalised("topics", ["Фандрайзинг", "ёлка "]) == rules.normalised("topics", ["елка", "фандрайзинг"])
    assert rules.normalised("notes", "  ") is None
    kamchatka = dt.timezone(dt.timedelta(hours=12))
    assert rules.normalised("started_at", NOW) == rules.normalised("started_at", NOW.astimezone(kamchatka))
    assert rules.same_minute(NOW.replace(second=37), NOW)


def test_topic_keys_fit_the_column_after_case_folding():
    assert len(rules.normalise_topic("ß" * 120)) == rules.TOPIC_LENGTH


def test_only_local_paths_are_followed():
    assert local_path("/consultations/teams/3") == "/consultations/teams/3"
    for bad in ("//evil.example", "/\\evil.example", "https://evil.example", "", None, "/x\r\nLocation: //e"):
        assert local_path(bad) is None


def test_local_dates_use_the_programmes_time_zone():
    late = dt.datetime(2026, 3, 31, 14, tzinfo=dt.timezone.utc)
    assert rules.local_date(late, "Asia/Kamchatka") == dt.date(2026, 4, 1)
    assert rules.local_date(late, None) == dt.date(2026, 3, 31)
    assert rules.local_date(late, "Not/AZone") == dt.date(2026, 3, 31)


def test_a_starter_topic_is_one_topic_in_either_language():
    from services.consultations.log import rules

    assert rules.clean_topic("Фандрайзинг") == rules.clean_topic(" fundraising ") == "Fundraising"
    assert rules.clean_topic("Фандрайзинг для сельских НКО") == "Фандрайзинг для сельских НКО"  # a topic of its own
    assert rules.normalised("topics", ["Фандрайзинг", "Продвижение"]) == rules.normalised("topics", ["Promotion", "Fundraising"])


def test_the_starter_topics_names_match_the_catalogue():
    from babel.messages.pofile import read_po

    from services.consultations.log import rules

    from pathlib import Path

    with open(Path(__file__).resolve().parents[2] / "services/consultations/translations/ru/LC_MESSAGES/messages.po", "rb") as f:
        catalogue = read_po(f)
    for msgid in rules.STARTER_TOPICS:
        assert rules.STARTER_NAMES[msgid] == (catalogue[msgid].string,)


def test_an_edit_form_keeps_the_seconds_the_people_not_offered_and_marks_it_held():
    import datetime as dt

    from services.consultations.log.rules import amendment_from_form

    at = dt.datetime(2027, 3, 14, 10, 30, 42, tzinfo=dt.timezone.utc)
    typed_back = dt.datetime(2027, 3, 14, 10, 30, tzinfo=dt.timezone.utc)
    base = dict(started_at=at, status="planned", cohort_id=1, attendees=[5, 6, 7], offered={5, 6})
    # the minute typed back unchanged keeps its seconds; a new minute is the new time
    assert amendment_from_form({"started_at": typed_back}, **base, took_place=False)["started_at"] == at
    later = typed_back + dt.timedelta(minutes=5)
    assert amendment_from_form({"started_at": later}, **base, took_place=False)["started_at"] == later
    # 7 is no longer offered (withdrawn): unticking what is not shown is not possible, so 7 stays; 6 was unticked
    assert amendment_from_form({"attendee_ids": [5], "cohort_id": 1}, **base, took_place=False)["attendee_ids"] == [5, 7]
    # moved to another cohort: only who was ticked
    assert amendment_from_form({"attendee_ids": [5], "cohort_id": 2}, **base, took_place=False)["attendee_ids"] == [5]
    # "it took place": held; a held one stays as it is
    assert amendment_from_form({}, **base, took_place=True)["status"] == "held"
    assert "status" not in amendment_from_form({}, **{**base, "status": "held"}, took_place=True)
