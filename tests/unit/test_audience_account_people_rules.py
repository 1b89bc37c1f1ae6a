"""Rules that had no unit test: the audience vote's codes and limits, sign-in throttling and passwords, and how a
person is recognised (phone, e-mail, name)."""
from __future__ import annotations

import datetime as dt

import pytest

from services.cohorts.accounts import rules as accounts
from services.cohorts.people import rules as people
from services.fairs.audience import rules as audience
from shared.text import InvalidPhone

T0 = dt.datetime(2027, 3, 14, 12, 0, tzinfo=dt.timezone.utc)


def test_ticket_codes_read_off_paper():
    code = audience.new_code()
    assert len(code) == audience.CODE_LENGTH and set(code) <= set(audience.CODE_ALPHABET)
    assert not set("01OIL") & set(audience.CODE_ALPHABET)  # nothing to misread in a village hall
    assert audience.clean_code(" ab-cd 2345 ") == "ABCD2345"
    assert audience.pretty_code("ABCD2345") == "ABCD-2345"


def test_when_a_vote_is_taken():
    assert audience.refusal("open", True) is None
    assert audience.refusal("open", False) == "voting_closed"
    assert audience.refusal("draft", True) == "draft" and audience.refusal("published", True) == "published"


def test_an_address_is_slowed_past_the_limit_and_told_how_long():
    under = [T0 + dt.timedelta(seconds=i) for i in range(audience.VOTES_PER_WINDOW - 1)]
    assert audience.retry_after(under, T0 + dt.timedelta(seconds=40)) is None
    full = [T0 + dt.timedelta(seconds=i) for i in range(audience.VOTES_PER_WINDOW)]
    # the oldest counted attempt leaves the window 60 s after it was made: at 40 s, 20 s to wait
    assert audience.retry_after(full, T0 + dt.timedelta(seconds=40)) == 20
    assert audience.retry_after(full, T0 + dt.timedelta(seconds=61)) is None  # the first one has left the window


def test_bursts_are_counted_per_address_within_a_minute():
    attempts = [("10.0.0.1", T0 + dt.timedelta(seconds=i), i < 10) for i in range(audience.BURST)]
    attempts += [("10.0.0.2", T0 + dt.timedelta(seconds=10 * i), True) for i in range(audience.BURST)]  # spread out
    found = audience.bursts(attempts)
    assert [(b["address"], b["most_in_a_minute"], b["slowed"]) for b in found] == [("10.0.0.1", audience.BURST, audience.BURST - 10)]


def test_the_presence_code_changes_each_period_and_the_one_before_is_still_taken():
    secret = b"k" * 32
    now = T0 + dt.timedelta(seconds=30)
    code = audience.presence_code(secret, 7, now)
    assert len(code) == audience.PRESENCE_DIGITS and code.isdigit()
    assert audience.presence_valid(secret, 7, code, now)
    assert audience.presence_valid(secret, 7, f"{code[:2]} {code[2:]}", now + dt.timedelta(seconds=audience.PRESENCE_PERIOD))
    assert not audience.presence_valid(secret, 7, code, now + dt.timedelta(seconds=3 * audience.PRESENCE_PERIOD))
    assert not audience.presence_valid(secret, 7, "12", now)


def test_sign_in_waits_grow_after_the_free_failures_and_are_forgotten():
    assert accounts.retry_after(accounts.FREE_FAILURES - 1, T0, T0) == 0.0
    assert accounts.retry_after(accounts.FREE_FAILURES, T0, T0) == 2.0  # 2 s, then 4, 8 …
    assert accounts.retry_after(accounts.FREE_FAILURES + 2, T0, T0) == 8.0
    assert accounts.retry_after(accounts.FREE_FAILURES + 30, T0, T0) == accounts.MAX_DELAY.total_seconds()
    assert accounts.retry_after(accounts.FREE_FAILURES + 30, T0, T0 + accounts.FAILURE_MEMORY + dt.timedelta(seconds=1)) == 0.0


def test_passwords_refused_for_a_reason():
    assert accounts.password_problem("short") == "short"
    assert accounts.password_problem("olga.kamchatka-2027", "olga.kamchatka@example.ru") == "common"  # the e-mail's name
    assert accounts.password_problem("Эссо-Анавгай-2027!", "olga@example.ru") is None
    assert accounts.pair_key("Olga@Example.ru ", "10.0.0.1") == accounts.pair_key("olga@example.ru", "10.0.0.1")


@pytest.mark.parametrize("written", ["+7 914 111-22-33", "8 (914) 111 22 33", "89141112233", "+79141112233"])
def test_a_phone_written_any_way_is_one_key(written):
    assert people.phone_key(written) == "+79141112233"


def test_what_is_not_a_phone_and_what_is_one_person():
    with pytest.raises(InvalidPhone):
        people.phone_key("12")
    assert people.phone_key("  ") is None and people.email_key(" Anna@Example.RU ") == "anna@example.ru"
    assert people.name_key("Ёлкина  Анна") == people.name_key("елкина анна")  # case, ё and spaces aside
    assert people.is_minor(2010, 2027) and not people.is_minor(2009, 2027) and not people.is_minor(None, 2027)
