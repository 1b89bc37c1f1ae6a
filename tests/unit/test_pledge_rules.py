"""Pledge rules in plain Python: INN check digits, phones and e-mails as keys, rubles as typed, what a pledge must
say, which fairs take pledges, the order of statuses, what a pledge adds to the totals."""
from decimal import Decimal

import pytest

from services.fairs.pledges import rules
from shared.errors import UseCaseError


def refused(call, *args, **kwargs) -> tuple[int, list[str]]:
    with pytest.raises(UseCaseError) as info:
        call(*args, **kwargs)
    return info.value.status, list(info.value.errors)


def test_an_inn_has_ten_or_twelve_digits_and_its_check_digits_match():
    assert rules.inn_key("7707083893") == "7707083893"  # an organisation
    assert rules.inn_key(" 7707 083 893 ") == "7707083893"
    assert rules.inn_key("500100732259") == "500100732259"  # a person
    assert rules.inn_key("") is None and rules.inn_key(None) is None
    for bad in ("7707083894", "500100732250", "500100732269", "12345", "77070838931", "77O7083893"):
        assert refused(rules.inn_key, bad) == (422, ["inn"]), bad


def test_phones_and_emails_are_keys_in_one_format():
    assert rules.phone_key("8 (914) 555-12-34") == rules.phone_key("+7 914 555 1234") == "+79145551234"
    assert rules.phone_key(" ") is None
    assert refused(rules.phone_key, "12") == (422, ["phone"])
    assert rules.email_key(" Fond@Example.RU ") == "fond@example.ru"
    assert refused(rules.email_key, "no-at-sign") == (422, ["email"])


@pytest.mark.parametrize("typed, value", [
    ("12500", Decimal("12500.00")), ("12 500", Decimal("12500.00")), ("12\u00a0500 ₽", Decimal("12500.00")),
    ("1500,50", Decimal("1500.50")), (3000, Decimal("3000.00")), (0.5, Decimal("0.50")), ("", None), (None, None),
])
def test_rubles_as_typed_on_a_phone(typed, value):
    assert rules.parse_amount(typed) == value


@pytest.mark.parametrize("typed", ["-5", "0", 0, -1, "abc", "12.345", "1e3x", "NaN", "Infinity", True, [1], {"a": 1},
                                   "1000000000000"])
def test_amounts_that_are_not_rubles_are_refused_naming_the_field(typed):
    assert refused(rules.parse_amount, typed, "received_amount") == (422, ["received_amount"])


def test_money_needs_an_amount_and_in_kind_a_description():
    rules.check_content("money", Decimal(1), None)
    rules.check_content("in_kind", None, "Автобус на 40 детей, 2 дня")
    assert refused(rules.check_content, "money", None, "что-то") == (422, ["amount"])
    assert refused(rules.check_content, "in_kind", Decimal(5), None) == (422, ["description"])
    assert refused(rules.check_content, "shares", Decimal(5), None) == (422, ["kind"])


def test_pledges_are_taken_while_the_fair_is_open_or_scoring_closed():
    assert rules.taking_refusal("open") is None and rules.taking_refusal("closed") is None
    assert rules.taking_refusal("draft") == "draft" and rules.taking_refusal("published") == "published"
    status, fields = refused(rules.refuse_new_pledge, "draft")
    assert (status, fields) == (409, ["fair"])


def test_a_status_only_goes_forward_and_a_withdrawal_needs_a_reason():
    for old, new in [("pledged", "confirmed"), ("confirmed", "received"), ("pledged", "received"), ("received", "received")]:
        rules.check_status(old, new, reason=None)
    rules.check_status("confirmed", "withdrawn", reason="партнёр передумал")
    assert refused(rules.check_status, "received", "confirmed", reason=None) == (409, ["status"])
    assert refused(rules.check_status, "confirmed", "pledged", reason="x") == (409, ["status"])
    assert refused(rules.check_status, "withdrawn", "pledged", reason="x") == (409, ["status"])
    assert refused(rules.check_status, "received", "withdrawn", reason="x") == (409, ["status"])
    assert refused(rules.check_status, "pledged", "withdrawn", reason=None) == (422, ["reason"])
    assert refused(rules.check_status, "pledged", "lost", reason=None) == (422, ["status"])


def test_a_received_amount_goes_with_received_and_never_on_a_withdrawn_pledge():
    rules.check_received_amount("received", "confirmed", Decimal(10))
    rules.check_received_amount("confirmed", "pledged", None)
    assert refused(rules.check_received_amount, "withdrawn", "withdrawn", Decimal(10)) == (409, ["received_amount"])
    assert refused(rules.check_received_amount, "confirmed", "pledged", Decimal(10)) == (422, ["received_amount"])


def test_what_a_pledge_adds_to_the_totals():
    assert rules.counted_value("pledged", Decimal(100), None) == 100
    assert rules.counted_value("received", Decimal(100), Decimal(80)) == 80
    assert rules.counted_value("withdrawn", Decimal(100), None) == 0
    assert rules.counted_value("pledged", None, None) == 0  # in-kind help without an estimate
    assert rules.event_status("withdrawn") == "cancelled" and rules.event_status("received") == "received"
