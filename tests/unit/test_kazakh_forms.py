"""Kazakh as the pages write it: dates in Kazakh order by CLDR ("2027 ж. 10 наурыз"), money in tenge, a plural of
the catalogue in both its forms (Kazakh keeps the noun singular after a number)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Flask
from flask_babel import Babel, ngettext

from shared.web import i18n

ROOT = Path(__file__).resolve().parents[2]


def _app(language: str) -> Flask:
    app = Flask(__name__)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "services/fairs/translations")
    Babel(app, locale_selector=lambda: language)
    return app


def test_a_date_is_written_year_first_in_kazakh_and_day_first_in_russian():
    day = dt.date(2027, 3, 10)
    with _app("kk").test_request_context():
        assert i18n._date(day, "d MMMM y") == "2027 ж. 10 наурыз"
        assert i18n._datetime(dt.datetime(2027, 3, 10, 16, 0), "d MMMM y, HH:mm") == "2027 ж. 10 наурыз, 16:00"
        assert i18n.money(12500, "KZT") == "12\u00a0500\u00a0₸" and i18n.currency_sign("KZT") == "₸"
    with _app("ru").test_request_context():
        assert i18n._date(day, "d MMMM y") == "10 марта 2027"
        assert i18n.money(12500, "KZT") == "12\u00a0500\u00a0₸" and i18n.money(267300, "EUR") == "267\u00a0300\u00a0€"


def test_a_kazakh_plural_has_both_forms_from_the_catalogue():
    with _app("kk").test_request_context():
        assert ngettext("%(num)s pledge", "%(num)s pledges", 1) == "1 уәде"
        assert ngettext("%(num)s pledge", "%(num)s pledges", 5) == "5 уәде"
    with _app("ru").test_request_context():
        assert ngettext("%(num)s pledge", "%(num)s pledges", 5) == "5 обещаний"
