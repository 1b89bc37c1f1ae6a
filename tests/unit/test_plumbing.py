"""Shared plumbing on its own: contracts, tokens, text, money, access rules, settings."""
from __future__ import annotations

import datetime as dt
import inspect

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from services.cohorts.accounts import rules
from shared import auth
from shared.config import ConfigError, Settings
from shared.events import contracts, envelope
from shared.events.consumer import EventApplier
from shared.text import normalise
from shared.web import i18n
from shared.web.access import LINK, PUBLIC, SIGNED_IN, Rule


def team_body(**over):
    return {"id": 1, "cohort_id": 2, "name": "Эссо", "kind": "ngo", **over}


def test_every_catalogued_type_names_its_producer():
    for key, contract in contracts.catalogue().items():
        service, entity, verb = key.split(".")
        assert service in ("cohorts", "consultations", "fairs") and entity and verb
        assert contract.version >= 1


def test_build_refuses_a_body_that_fails_its_schema():
    with pytest.raises(envelope.ContractError) as caught:
        envelope.build("cohorts.team.registered", team_body(kind="club"), producer="cohorts", entity_version=1, correlation_id=None)
    assert "kind" in caught.value.errors
    with pytest.raises(envelope.ContractError):
        envelope.build("cohorts.nothing.happened", {}, producer="cohorts", entity_version=1, correlation_id=None)


def test_parse_round_trips_and_ignores_unknown_fields():
    env = envelope.build("cohorts.team.registered", team_body(), producer="cohorts", entity_version=4, correlation_id="c1")
    wire = env.to_json().replace('"kind":"ngo"', '"kind":"ngo","added_later":true')
    parsed = envelope.parse(wire.encode())
    assert (parsed.id, parsed.type, parsed.entity_version, parsed.correlation_id) == (env.id, env.type, 4, "c1")
    assert "added_later" not in parsed.data
    with pytest.raises(envelope.ContractError):
        envelope.parse(b"not json")
    with pytest.raises(envelope.ContractError):
        envelope.parse(wire.replace('"entity_version":4', '"entity_version":"4"'))


def test_token_round_trip_and_replica_override():
    token = auth.issue_token("s", account_id=3, roles=["mentor"], version=2)
    principal = auth.verify_token("s", token, max_age=60)
    assert (principal.account_id, principal.roles, principal.version) == (3, frozenset({"mentor"}), 2)
    with pytest.raises(auth.TokenError):
        auth.verify_token("other secret", token, max_age=60)
    same = auth.AccountState(version=2, roles=frozenset({"mentor"}), active=True)
    assert auth.reconcile(principal, same).roles == {"mentor"}
    promoted = auth.AccountState(version=3, roles=frozenset({"mentor", "juror"}), active=True)
    assert auth.reconcile(principal, promoted).roles == {"mentor", "juror"}
    deactivated = auth.AccountState(version=3, roles=frozenset({"mentor"}), active=False)
    assert auth.reconcile(principal, deactivated) is None
    stale = auth.AccountState(version=1, roles=frozenset(), active=False)  # older than the token: the token stands
    assert auth.reconcile(principal, stale) == principal


def test_a_token_issued_before_a_new_password_is_refused():
    import datetime as dt

    token = auth.issue_token("s", account_id=3, roles=["mentor"], version=1)
    principal = auth.verify_token("s", token, max_age=60)
    issued = dt.datetime.fromtimestamp(principal.issued_at / 1000, dt.timezone.utc)
    later = auth.AccountState(version=2, roles=frozenset({"mentor"}), active=True, signed_out_before=issued + dt.timedelta(milliseconds=2))
    assert auth.reconcile(principal, later) is None  # even within the same second
    earlier = auth.AccountState(version=2, roles=frozenset({"mentor"}), active=True, signed_out_before=issued - dt.timedelta(milliseconds=2))
    assert auth.reconcile(principal, earlier) is not None  # issued after the change: it stands
    assert auth.reconcile(auth.Principal(3, frozenset({"mentor"}), 1, via="session"), later) is None  # no issue time: older


def test_a_personal_link_is_signed_stable_and_never_an_account_token():
    link = auth.sign_link("s", "a salt", {"sub": 5, "x": 1})
    assert auth.sign_link("s", "a salt", {"sub": 5, "x": 1}) == link  # stable: a printed QR stays right
    assert auth.read_link("s", "a salt", link) == {"sub": 5, "x": 1}
    for secret, salt in (("other secret", "a salt"), ("s", "another salt")):
        with pytest.raises(auth.TokenError):
            auth.read_link(secret, salt, link)
    with pytest.raises(auth.TokenError):
        auth.verify_token("s", link, max_age=60)  # a link never passes for a signed-in account
    # told apart by their shape, so a juror's phone skips the account token's check; long payloads come compressed
    big = {"sub": 5, "roles": ["mentor"] * 200}
    for account_token in (auth.issue_token("s", account_id=3, roles=["mentor"], version=2),
                          auth.issue_token("s", account_id=3, roles=["mentor"] * 200, version=2)):
        assert auth.looks_timed(account_token)
    for link_token in (link, auth.sign_link("s", "a salt", big)):
        assert not auth.looks_timed(link_token)
    assert auth.sign_link("s", "a salt", big).startswith(".")  # the compressed form was met
    with pytest.raises(auth.TokenError):
        auth.read_link("s", "a salt", "not a token")


def test_sign_in_slows_down_after_repeated_failures():
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    assert rules.retry_after(rules.FREE_FAILURES - 1, now, now) == 0
    assert rules.retry_after(rules.FREE_FAILURES, now, now) == 2
    assert rules.retry_after(rules.FREE_FAILURES + 3, now, now) == 16
    assert rules.retry_after(50, now, now) == rules.MAX_DELAY.total_seconds()
    assert rules.retry_after(rules.FREE_FAILURES, now, now + dt.timedelta(seconds=5)) == 0


def test_normalise_for_cyrillic_search():
    assert normalise("  Пётр   ЁЛКИН ") == "петр елкин"
    assert normalise(None) == ""


def test_money_in_the_locale_format():
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        with force_locale("ru"):
            assert i18n.money(12500) == "12\u00a0500\u00a0₽"
        with force_locale("en"):
            assert i18n.money(12500) == "12,500\u00a0RUB"
            assert i18n.money("99.5") == "99.50\u00a0RUB"


def test_access_rules():
    coordinator = auth.Principal(1, frozenset({"coordinator"}), 1)
    juror_link = auth.Principal(2, frozenset({"juror"}), 1, via="link")
    assert Rule(frozenset({PUBLIC})).admits(None)
    assert not Rule(frozenset({SIGNED_IN})).admits(None)
    assert Rule(frozenset({SIGNED_IN})).admits(coordinator)
    assert Rule(frozenset({"coordinator"})).admits(coordinator)
    assert not Rule(frozenset({"mentor"})).admits(coordinator)
    assert not Rule(frozenset({"juror"})).admits(juror_link)  # a link opens only what declares it
    assert not Rule(frozenset({SIGNED_IN})).admits(juror_link)
    assert Rule(frozenset({"coordinator", LINK})).admits(juror_link)
    assert not Rule(frozenset({"coordinator", LINK})).admits(auth.Principal(3, frozenset({"juror"}), 1))


def test_settings_refuse_missing_secrets_outside_embedded(monkeypatch, tmp_path):
    for key in ("ROSTOK_EMBEDDED", "ROSTOK_SECRET_KEY", "ROSTOK_COHORTS_DATABASE_URL", "ROSTOK_BROKER_URL"):
        monkeypatch.delenv(key, raising=False)
    with pytest.raises(ConfigError, match="ROSTOK_SECRET_KEY"):
        Settings.from_env("cohorts")
    monkeypatch.setenv("ROSTOK_EMBEDDED", "1")
    monkeypatch.setenv("ROSTOK_VAR_DIR", str(tmp_path))
    settings = Settings.from_env("cohorts")
    assert settings.database_url.startswith("sqlite:///") and settings.broker_url == "filesystem://"
    assert Settings.from_env("fairs").secret_key == settings.secret_key  # generated once, shared


@pytest.mark.parametrize("key", ["x", "change-me-to-a-long-random-string", "<long random string>", "a" * 40])
def test_production_refuses_a_short_or_placeholder_signing_key(monkeypatch, key):
    monkeypatch.delenv("ROSTOK_EMBEDDED", raising=False)
    monkeypatch.setenv("ROSTOK_SECRET_KEY", key)
    monkeypatch.setenv("ROSTOK_COHORTS_DATABASE_URL", "postgresql+psycopg://db/cohorts")
    monkeypatch.setenv("ROSTOK_BROKER_URL", "amqp://broker//")
    monkeypatch.setenv("ROSTOK_PUBLIC_URL", "https://rostok.example.org")
    with pytest.raises(ConfigError, match="ROSTOK_SECRET_KEY must be a random string"):
        Settings.from_env("cohorts")
    monkeypatch.setenv("ROSTOK_SECRET_KEY", "kQ7v-2mZpX9rT4wB8nL1cF6hJ3sD0gA5yE")
    assert Settings.from_env("cohorts").public_url == "https://rostok.example.org"
    monkeypatch.delenv("ROSTOK_PUBLIC_URL")
    with pytest.raises(ConfigError, match="ROSTOK_PUBLIC_URL"):
        Settings.from_env("cohorts")


def _production_env(monkeypatch):
    monkeypatch.delenv("ROSTOK_EMBEDDED", raising=False)
    monkeypatch.setenv("ROSTOK_SECRET_KEY", "kQ7v-2mZpX9rT4wB8nL1cF6hJ3sD0gA5yE")
    monkeypatch.setenv("ROSTOK_COHORTS_DATABASE_URL", "postgresql+psycopg://db/cohorts")
    monkeypatch.setenv("ROSTOK_BROKER_URL", "amqp://broker//")
    monkeypatch.setenv("ROSTOK_PUBLIC_URL", "https://rostok.example.org")
    for name in ("ROSTOK_OUTBOX_KEEP_DAYS", "ROSTOK_INBOX_KEEP_DAYS", "ROSTOK_CONSUMER_MAX_ATTEMPTS",
                 "ROSTOK_RETRY_BASE_SECONDS"):
        monkeypatch.delenv(name, raising=False)


def test_keep_days_are_settings_with_their_defaults(monkeypatch):
    _production_env(monkeypatch)
    settings = Settings.from_env("cohorts")
    assert (settings.outbox_keep, settings.inbox_keep) == (dt.timedelta(days=7), dt.timedelta(days=30))
    monkeypatch.setenv("ROSTOK_OUTBOX_KEEP_DAYS", "0.5")
    monkeypatch.setenv("ROSTOK_INBOX_KEEP_DAYS", "90")
    settings = Settings.from_env("cohorts")
    assert (settings.outbox_keep, settings.inbox_keep) == (dt.timedelta(hours=12), dt.timedelta(days=90))


@pytest.mark.parametrize("name, value", [
    ("ROSTOK_OUTBOX_KEEP_DAYS", "a week"),
    ("ROSTOK_OUTBOX_KEEP_DAYS", "0"),
    ("ROSTOK_INBOX_KEEP_DAYS", "-1"),
    ("ROSTOK_INBOX_KEEP_DAYS", "nan"),
    ("ROSTOK_CONSUMER_MAX_ATTEMPTS", "0"),
    ("ROSTOK_CONSUMER_MAX_ATTEMPTS", "2.5"),
    ("ROSTOK_RETRY_BASE_SECONDS", "soon"),
])
def test_a_bad_number_stops_the_service_naming_its_variable(monkeypatch, name, value):
    _production_env(monkeypatch)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        Settings.from_env("cohorts")


def test_the_inbox_is_kept_longer_than_any_redelivery_can_come(monkeypatch):
    _production_env(monkeypatch)
    monkeypatch.setenv("ROSTOK_OUTBOX_KEEP_DAYS", "14")
    monkeypatch.setenv("ROSTOK_INBOX_KEEP_DAYS", "7")
    with pytest.raises(ConfigError, match="ROSTOK_INBOX_KEEP_DAYS .* ROSTOK_OUTBOX_KEEP_DAYS"):
        Settings.from_env("cohorts")
    monkeypatch.setenv("ROSTOK_OUTBOX_KEEP_DAYS", "1")
    monkeypatch.setenv("ROSTOK_INBOX_KEEP_DAYS", "1")
    assert Settings.from_env("cohorts").inbox_keep == dt.timedelta(days=1)
    # failed events retried for about two days (60 attempts, the pauses doubling up to an hour each)
    monkeypatch.setenv("ROSTOK_CONSUMER_MAX_ATTEMPTS", "60")
    with pytest.raises(ConfigError, match="ROSTOK_INBOX_KEEP_DAYS .* retry budget"):
        Settings.from_env("cohorts")
    monkeypatch.setenv("ROSTOK_INBOX_KEEP_DAYS", "3")
    settings = Settings.from_env("cohorts")
    assert dt.timedelta(days=2) < settings.retry_budget < settings.inbox_keep


def test_a_failed_event_is_retried_for_minutes_by_default(monkeypatch):
    _production_env(monkeypatch)
    settings = Settings.from_env("cohorts")
    assert dt.timedelta(minutes=5) <= settings.retry_budget <= dt.timedelta(minutes=10)
    applier_defaults = inspect.signature(EventApplier).parameters
    assert applier_defaults["max_attempts"].default == settings.consumer_max_attempts
    assert applier_defaults["retry_base_seconds"].default == settings.retry_base_seconds
