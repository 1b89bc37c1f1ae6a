"""Pledge rules in plain Python: partners' identity keys (INN with its check digits, phone, e-mail), amounts in
rubles, what a pledge must say, which fairs take pledges, and the order of a pledge's statuses."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from shared.errors import N_, Msg, UseCaseError, conflict, invalid
from shared.text import InvalidPhone, normalise, phone_e164

PARTNER_KINDS = ("business", "authority", "ngo", "person")
KINDS = ("money", "in_kind")
PLEDGED, CONFIRMED, RECEIVED, WITHDRAWN = "pledged", "confirmed", "received", "withdrawn"
STATUSES = (PLEDGED, CONFIRMED, RECEIVED, WITHDRAWN)
# a status only moves forward along this list; withdrawn ends a pledge that has not been received
ORDER = {PLEDGED: 0, CONFIRMED: 1, RECEIVED: 2}
MAX_AMOUNT = Decimal("999999999999.99")  # what Numeric(14, 2) holds

# New pledges are taken while the fair is open and after scoring closes (the hall is still there, and the
# partners often call out their help at the awards). Once the results are published the fair's totals are
# announced and frozen like its scores: new pledges are refused, while the ones made are still confirmed,
# received, corrected or withdrawn during the follow-up.
TAKING = ("open", "closed")
REFUSALS = {
    "draft": N_("The fair is not open yet: pledges are taken from its opening."),
    "published": N_("The fair's results are published: new pledges are no longer taken."),
}
ANONYMOUS = N_("anonymous partner")

_DIGITS = re.compile(r"\d+")
_INN_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: str, weights) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights)) % 11 % 10


def inn_key(raw: str | None) -> str | None:
    """The INN as its digits (spaces allowed between them), its check digits verified; None when empty."""
    value = re.sub(r"[\s-]", "", raw or "")
    if not value:
        return None
    if not _DIGITS.fullmatch(value) or len(value) not in (10, 12):
        raise invalid("inn", N_("An INN has 10 digits (an organisation) or 12 (a person or sole trader)."))
    if len(value) == 10:
        ok = _check_digit(value, _INN_10) == int(value[9])
    else:
        ok = _check_digit(value, _INN_11) == int(value[10]) and _check_digit(value, _INN_12) == int(value[11])
    if not ok:
        raise invalid("inn", N_("This INN's check digits do not match: check the number."))
    return value


def phone_key(raw: str | None) -> str | None:
    """One format for every phone: E.164 (+79991234567); Russian numbers may be written locally."""
    try:
        return phone_e164(raw)
    except InvalidPhone:
        raise invalid("phone", N_("Not a valid phone number.")) from None


def email_key(raw: str | None) -> str | None:
    value = (raw or "").strip().lower()
    if not value:
        return None
    if len(value) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise invalid("email", N_("Not a valid email address."))
    return value


def clean_text(raw, field: str, *, limit: int, required: bool = False, message: str | None = None) -> str | None:
    value = " ".join(str(raw or "").split())
    if not value:
        if required:
            raise invalid(field, message or N_("Missing data for required field."))
        return None
    if len(value) > limit:
        raise invalid(field, Msg(N_("At most %(limit)s characters."), limit=limit))
    return value


def name_key(name: str) -> str:
    return normalise(name)


def parse_amount(raw, field: str = "amount") -> Decimal | None:
    """Rubles as typed on a phone ("12 500", "12500,50") or sent as a number; None when empty.

    Refused: not a number, zero or less, more than two decimals, more than a column holds.
    """
    if raw is None or isinstance(raw, bool):
        if raw is None:
            return None
        raise invalid(field, N_("Enter the amount in rubles as a number, for example 12500."))
    if isinstance(raw, (int, Decimal)):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    else:
        text = re.sub(r"[\s\u00a0\u202f₽₸€$]|руб\.?$|тг\.?$", "", str(raw)).replace(",", ".")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
    if value is None or not value.is_finite():
        raise invalid(field, N_("Enter the amount in rubles as a number, for example 12500."))
    if value <= 0:
        raise invalid(field, N_("The amount must be greater than zero."))
    if value != value.quantize(Decimal("0.01")):
        raise invalid(field, N_("At most two digits after the decimal point (kopecks)."))
    if value > MAX_AMOUNT:
        raise invalid(field, N_("This amount is too large."))
    return value.quantize(Decimal("0.01"))


def check_content(kind: str, amount: Decimal | None, description: str | None) -> None:
    """Money needs its amount; in-kind help needs its description (its estimated value is optional)."""
    if kind not in KINDS:
        raise invalid("kind", N_("Choose money or in-kind help."))
    if kind == "money" and amount is None:
        raise invalid("amount", N_("Enter the amount of money pledged."))
    if kind == "in_kind" and not description:
        raise invalid("description", N_("Describe the in-kind help (what, how much, for how long)."))


def taking_refusal(fair_state: str) -> str | None:
    """Why a fair in this state takes no new pledge, or None."""
    return None if fair_state in TAKING else fair_state


def refuse_new_pledge(fair_state: str) -> None:
    why = taking_refusal(fair_state)
    if why:
        message = REFUSALS.get(why, REFUSALS["draft"])
        raise conflict(message, {"fair": [message]}, reason=why)


def check_status(old: str, new: str, *, reason: str | None) -> None:
    """pledged -> confirmed -> received, or withdrawn (with a reason) before it is received; never backwards."""
    if new not in STATUSES:
        raise invalid("status", N_("Must be one of: pledged, confirmed, received, withdrawn."))
    if old == new:
        return
    if old == WITHDRAWN:
        message = N_("This pledge is withdrawn: its status no longer changes.")
        raise conflict(message, {"status": [message]})
    if new == WITHDRAWN:
        if old == RECEIVED:
            message = N_("A received pledge cannot be withdrawn.")
            raise conflict(message, {"status": [message]})
        if not reason:
            raise invalid("reason", N_("Say why the pledge is withdrawn."))
        return
    if ORDER[new] < ORDER[old]:
        message = N_("The status goes only forward: pledged, confirmed, received.")
        raise conflict(message, {"status": [message]})


def check_initial_status(status: str) -> None:
    """A pledge is recorded pledged (the default), confirmed, or received (cash handed over at the desk)."""
    if status not in (PLEDGED, CONFIRMED, RECEIVED):
        raise invalid("status", N_("A pledge is recorded as pledged, confirmed or received."))


def check_received_amount(status_after: str, status_before: str, received: Decimal | None) -> None:
    """A received amount goes with the status received, never on a withdrawn pledge."""
    if received is None:
        return
    if status_before == WITHDRAWN or status_after == WITHDRAWN:
        message = N_("This pledge is withdrawn: it has no received amount.")
        raise conflict(message, {"received_amount": [message]})
    if status_after != RECEIVED:
        raise invalid("received_amount", N_("A received amount goes with the status received."))


def counted_value(status: str, amount: Decimal | None, received: Decimal | None) -> Decimal:
    """What a pledge adds to the totals: what came once received, else what was pledged; nothing once withdrawn."""
    if status == WITHDRAWN:
        return Decimal(0)
    if status == RECEIVED and received is not None:
        return received
    return amount or Decimal(0)


def event_status(status: str) -> str:
    """The event contract names a withdrawn pledge ``cancelled``."""
    return "cancelled" if status == WITHDRAWN else status


def need_error(need_pitch_id: int | None, pitch_id: int) -> UseCaseError | None:
    if need_pitch_id != pitch_id:
        return invalid("need_id", N_("This need is not one of the chosen project's needs."))
    return None
