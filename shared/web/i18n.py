"""Russian first, then Kazakh and English: the language of a request, and locale-aware formatting.

The language comes from ``?lang=ru|kk|en`` (kept in a cookie on the origin and,
for a signed-in account, on the account), then the cookie, then Russian.
"""
from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_currency
from flask import Flask, g, request, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale, lazy_gettext

LANGUAGES = ("ru", "kk", "en")
# the chooser: each language as its speakers look for it
LANGUAGE_LABELS = {"ru": "RU", "kk": "Қазақша", "en": "EN"}
# Kazakh writes the year first ("2026 ж. 8 наурыз", CLDR's order): the pages' date patterns in that order
KAZAKH_PATTERNS = {
    "d MMMM y": "y 'ж'. d MMMM", "d MMMM y, HH:mm": "y 'ж'. d MMMM, HH:mm", "d MMM y": "y 'ж'. d MMM",
    "d MMM y, HH:mm": "y 'ж'. d MMM, HH:mm", "d MMMM yyyy, HH:mm": "y 'ж'. d MMMM, HH:mm",
}


def local_pattern(pattern):
    """A page's date pattern in the order the reader's language writes dates."""
    if isinstance(pattern, str) and str(get_locale() or DEFAULT) == "kk":
        return KAZAKH_PATTERNS.get(pattern, pattern)
    return pattern


def _date(value, pattern=None, **kwargs):
    return format_date(value, local_pattern(pattern), **kwargs) if pattern else format_date(value, **kwargs)


def _datetime(value, pattern=None, **kwargs):
    return format_datetime(value, local_pattern(pattern), **kwargs) if pattern else format_datetime(value, **kwargs)
DEFAULT = "ru"
COOKIE = "rostok_lang"


def lazy(message: str):
    return lazy_gettext(message)


def select_locale() -> str:
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        return chosen
    account_lang = session.get("lang") if session else None
    if account_lang in LANGUAGES:
        return account_lang  # the signed-in person's own choice, on any device
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return DEFAULT


def select_timezone() -> str | None:
    return g.get("timezone")


def in_zone(value, fmt: str, zone: str | None) -> str:
    """A moment written in a given programme's time zone: pages listing records of several programmes
    (a coordinator's consultations) show each one in its own zone, not the page's."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    try:
        tz = zoneinfo.ZoneInfo(zone) if zone else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = None
    if tz is None:
        return format_datetime(value, local_pattern(fmt))
    return babel_format_datetime(value, local_pattern(fmt), tzinfo=tz, locale=str(get_locale() or DEFAULT))


# CLDR writes the tenge as "KZT" in Russian and English alike; people write ₸
NARROW_SIGNS = {"KZT": "₸"}


def money(amount, currency: str | None = None) -> str:
    """12 500 ₽ in Russian, 12,500 RUB in English (non-breaking spaces; kopecks only when there are any). The currency
    is the page's programme's (``g.currency``, set where the programme is known) unless one is given."""
    if amount is None:
        return ""
    currency = currency or g.get("currency") or "RUB"
    value = Decimal(str(amount))
    fmt = "#,##0\u00a0¤" if value == value.to_integral_value() else "#,##0.00\u00a0¤"
    text = format_currency(value, currency, format=fmt, locale=str(get_locale() or DEFAULT), currency_digits=False)
    return text.replace(currency, NARROW_SIGNS[currency]) if currency in NARROW_SIGNS else text


def currency_sign(currency: str | None = None) -> str:
    """The sign a label names the money by ("Amount, ₸"): the page's programme's currency unless one is given."""
    from babel.numbers import get_currency_symbol

    currency = currency or g.get("currency") or "RUB"
    return NARROW_SIGNS.get(currency) or get_currency_symbol(currency, locale=str(get_locale() or DEFAULT))


def language_url(code: str) -> str:
    """The current page in another language (other query arguments kept)."""
    from urllib.parse import urlencode

    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", code)]
    return f"{request.path}?{urlencode(args)}"


def install(app: Flask) -> None:
    app.jinja_env.globals.update(
        current_language=lambda: str(get_locale() or DEFAULT),
        languages=LANGUAGES,
        language_labels=LANGUAGE_LABELS,
        money=money,
        currency_sign=currency_sign,
        format_date=_date,
        format_datetime=_datetime,
        format_decimal=format_decimal,
        in_zone=in_zone,
        language_url=language_url,
    )
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.filters.update(dateformat=_date, datetimeformat=_datetime)

    @app.after_request
    def _remember_language(response):
        chosen = request.args.get("lang")
        if chosen in LANGUAGES and request.cookies.get(COOKIE) != chosen:
            response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, path="/", samesite="Lax", httponly=False)
        if chosen in LANGUAGES and session.get("aid") and session.get("lang") != chosen:
            # the shared session carries it to the other services; cohorts saves it on the account
            session["lang"] = chosen
        return response
