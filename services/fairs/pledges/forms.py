"""The pledge pages' forms (Flask-WTF): the desk, a pledge's change, a project's need. Amounts stay text here: the use
case reads them as people type them («12 500», «12500,50») and names the field when it cannot."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import Length, Optional

from shared.web.forms import IdField

AMOUNT = [Optional(), Length(max=40)]
TEXT = [Optional(), Length(max=2000)]


def _text(value):
    return (value or "").strip() or None


class DeskForm(FlaskForm):
    """A pledge as it is called out: the partner (picked by its label or new), the project, money or in kind, a note."""

    pitch_id = IdField()
    kind = StringField(validators=[Optional(), Length(max=20)])
    amount = StringField(validators=AMOUNT)
    description = StringField(validators=TEXT)
    need_id = IdField()
    note = StringField(validators=TEXT)
    partner = StringField(validators=[Optional(), Length(max=300)])
    partner_kind = StringField(validators=[Optional(), Length(max=20)])
    partner_inn = StringField(validators=[Optional(), Length(max=40)])
    partner_phone = StringField(validators=[Optional(), Length(max=40)])
    partner_email = StringField(validators=[Optional(), Length(max=254)])
    partner_anonymous = BooleanField(false_values=("", "0"))

    def data_for_use_case(self) -> dict:
        return {
            "pitch_id": self.pitch_id.data, "kind": _text(self.kind.data), "amount": self.amount.data,
            "description": self.description.data, "need_id": self.need_id.data, "note": self.note.data,
            "partner": self.partner.data,
            "new_partner": {"kind": _text(self.partner_kind.data), "inn": self.partner_inn.data, "phone": self.partner_phone.data,
                            "email": self.partner_email.data, "anonymous": bool(self.partner_anonymous.data)},
        }


class ChangeForm(FlaskForm):
    """A pledge's status forward, its received amount, a correction of its amount or description (with a reason); an
    empty field leaves its value as it is."""

    status = StringField(validators=[Optional(), Length(max=20)])
    reason = StringField(validators=TEXT)
    received_amount = StringField(validators=AMOUNT)
    amount = StringField(validators=AMOUNT)
    description = StringField(validators=TEXT)

    def data_for_use_case(self) -> dict:
        data = {"status": _text(self.status.data), "reason": self.reason.data}
        for field in ("received_amount", "amount", "description"):
            if _text(self[field].data):
                data[field] = self[field].data
        return data


class NeedForm(FlaskForm):
    pitch_id = IdField()
    kind = StringField(validators=[Optional(), Length(max=20)])
    amount = StringField(validators=AMOUNT)
    description = StringField(validators=TEXT)

    def data_for_use_case(self) -> dict:
        return {"pitch_id": self.pitch_id.data, "kind": self.kind.data, "amount": self.amount.data, "description": self.description.data}
