"""Accounts and sign-in across the three services."""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.accounts.models import SignInFailure
from services.cohorts.accounts.rules import FREE_FAILURES, pair_key
from tests.support.api import coordinator_headers, create_account, token
from tests.support.system import WorkerThread, wait_until


def test_wrong_password_answers_the_same_whether_or_not_the_account_exists(system):
    account = create_account(system)
    c = system.client("cohorts")
    known = c.post("/cohorts/api/v1/auth/token", json={"email": account["email"], "password": "wrong password"})
    unknown = c.post("/cohorts/api/v1/auth/token", json={"email": "nobody@example.ru", "password": "wrong password"})
    assert known.status_code == unknown.status_code == 401
    assert known.json == unknown.json == {"message": "Неверная почта или пароль.", "errors": {}}


def test_repeated_failures_are_slowed_and_counted_in_the_database(system):
    account = create_account(system)
    c = system.client("cohorts")
    for _ in range(FREE_FAILURES):
        assert c.post("/cohorts/api/v1/auth/token", json={"email": account["email"], "password": "x"}).status_code == 401
    slowed = c.post("/cohorts/api/v1/auth/token", json={"email": account["email"], "password": account["password"]})
    assert slowed.status_code == 429
    assert "Повторите через" in slowed.json["message"]
    # counted where every worker process sees it
    with system.runtime("cohorts").session_factory() as session:
        assert session.get(SignInFailure, pair_key(account["email"], "127.0.0.1")).count == FREE_FAILURES


def test_invitation_link_sets_the_password_once(system):
    headers = coordinator_headers(system)
    c = system.client("cohorts")
    created = c.post(
        "/cohorts/api/v1/accounts", json={"email": "Mentor@Example.ru", "name": "Анна Наставник", "roles": ["mentor"]}, headers=headers
    )
    assert created.status_code == 201, created.json
    assert created.json["email"] == "mentor@example.ru" and created.json["mailed"] is False
    link = created.json["invitation_url"]
    token_part = link.rsplit("/", 1)[1]
    assert c.post("/cohorts/api/v1/auth/password", json={"token": token_part, "password": "short"}).status_code == 422
    assert c.post("/cohorts/api/v1/auth/password", json={"token": token_part, "password": "наставник-2026"}).status_code == 204
    again = c.post("/cohorts/api/v1/auth/password", json={"token": token_part, "password": "другой-пароль"})
    assert again.status_code == 410 and again.json["message"] == "Пароль по этой ссылке уже задан. Войдите с ним."
    assert token(system, "mentor@example.ru", "наставник-2026")
    # a link replaced by a newer one says so, not that a password was set with it
    replaced = c.post(f"/cohorts/api/v1/accounts/{created.json['id']}/password-reset", headers=headers).json
    newer = c.post(f"/cohorts/api/v1/accounts/{created.json['id']}/password-reset", headers=headers).json
    assert newer["url"] != replaced["url"]
    old = c.post("/cohorts/api/v1/auth/password", json={"token": replaced["url"].rsplit("/", 1)[1], "password": "третий-пароль-77"})
    assert old.status_code == 404 and "больше не действует" in old.json["message"]


def test_validation_errors_name_the_field_in_the_callers_language(system):
    headers = coordinator_headers(system)
    c = system.client("cohorts")
    r = c.post("/cohorts/api/v1/accounts", json={"email": "not-an-email", "roles": ["boss"]}, headers=headers)
    assert r.status_code == 422
    assert r.json["errors"]["email"] == ["Неверный адрес электронной почты."]
    assert r.json["errors"]["name"] == ["Обязательное поле."]
    assert r.json["errors"]["roles"] == {"0": ["Допустимые значения: coordinator, mentor, juror."]}
    en = c.post("/cohorts/api/v1/accounts?lang=en", json={"email": "x@y.ru", "name": "", "roles": ["mentor"]}, headers=headers)
    assert en.json["errors"]["name"] == ["Length must be between 1 and 200."]
    ru = c.post("/cohorts/api/v1/accounts?lang=ru", json={"email": "x@y.ru", "name": "", "roles": ["mentor"]}, headers=headers)
    assert ru.json["errors"]["name"] == ["Длина должна быть от 1 до 200 символов."]


def test_a_deactivated_account_is_refused_everywhere_once_the_event_arrives(system):
    headers = coordinator_headers(system)
    mentor = create_account(system, roles=("mentor",))
    mentor_headers = {"Authorization": f"Bearer {token(system, mentor['email'], mentor['password'])}"}
    consultations = system.runtime("consultations")
    with WorkerThread(system.runtime("cohorts")), WorkerThread(consultations):
        assert system.client("consultations").get("/consultations/api/v1/teams", headers=mentor_headers).status_code == 200
        r = system.client("cohorts").patch(f"/cohorts/api/v1/accounts/{mentor['id']}", json={"active": False}, headers=headers)
        assert r.status_code == 200 and r.json["active"] is False
        # cohorts refuses at once; consultations as soon as the account event is applied
        assert system.client("cohorts").get("/cohorts/api/v1/accounts/me", headers=mentor_headers).status_code == 401
        wait_until(
            lambda: system.client("consultations").get("/consultations/api/v1/teams", headers=mentor_headers).status_code == 401,
            message="consultations to refuse the deactivated mentor",
        )
    from services.consultations.db import REPLICAS

    with consultations.engine.connect() as conn:
        row = conn.execute(sa.select(REPLICAS.accounts).where(REPLICAS.accounts.c.id == mentor["id"])).mappings().one()
    assert row["active"] is False and row["version"] == 2


def test_a_new_password_signs_out_every_earlier_token_and_session_everywhere(system):
    import time

    headers = coordinator_headers(system)
    mentor = create_account(system, roles=("mentor",))
    old_headers = {"Authorization": f"Bearer {token(system, mentor['email'], mentor['password'])}"}
    page = system.client("cohorts")
    with page.session_transaction() as s:  # a session cookie the old password opened (say, on a lost phone)
        s.update(aid=mentor["id"], roles=["mentor"], v=1, name="Наставник", iat=int(time.time() * 1000) - 5000)
    consultations = system.runtime("consultations")
    with WorkerThread(system.runtime("cohorts")), WorkerThread(consultations):
        assert system.client("consultations").get("/consultations/api/v1/teams", headers=old_headers).status_code == 200
        link = system.client("cohorts").post(f"/cohorts/api/v1/accounts/{mentor['id']}/password-reset", headers=headers).json
        reset = system.client("cohorts").post("/cohorts/api/v1/auth/password", json={"token": link["url"].rsplit("/", 1)[1], "password": "новый-пароль-2026"})
        assert reset.status_code == 204
        assert system.client("cohorts").get("/cohorts/api/v1/accounts/me", headers=old_headers).status_code == 401
        assert page.get("/cohorts/api/v1/accounts/me").status_code == 401  # the old session too
        wait_until(
            lambda: system.client("consultations").get("/consultations/api/v1/teams", headers=old_headers).status_code == 401,
            message="consultations to refuse the token of the old password",
        )
        new_headers = {"Authorization": f"Bearer {token(system, mentor['email'], 'новый-пароль-2026')}"}
        assert system.client("consultations").get("/consultations/api/v1/teams", headers=new_headers).status_code == 200
        assert system.client("cohorts").get("/cohorts/api/v1/accounts/me", headers=new_headers).status_code == 200


def test_the_last_coordinator_cannot_be_removed(system):
    account = create_account(system)
    headers = {"Authorization": f"Bearer {token(system, account['email'], account['password'])}"}
    r = system.client("cohorts").patch(f"/cohorts/api/v1/accounts/{account['id']}", json={"roles": ["mentor"]}, headers=headers)
    assert r.status_code == 409


def test_the_invitation_is_mailed_when_a_mail_server_is_configured(system):
    import email
    from email import policy

    from services.cohorts.app import create_app
    from tests.support.smtp import SmtpSink

    headers = coordinator_headers(system)
    with SmtpSink() as smtp:
        app = create_app(system.settings("cohorts", mail_url=f"smtp://127.0.0.1:{smtp.port}/?from=rostok@example.org"))
        r = app.test_client().post(
            "/cohorts/api/v1/accounts", json={"email": "juror@example.ru", "name": "Жюри Иванова", "roles": ["juror"]}, headers=headers
        )
        assert r.status_code == 201 and r.json["mailed"] is True
        assert smtp.messages == []  # the request only queued it
        with WorkerThread(app.extensions["rostok.runtime"]):  # the worker sends it
            wait_until(lambda: smtp.messages, message="the invitation mail")
    [message] = smtp.messages
    assert message["to"] == ["juror@example.ru"] and message["from"] == "rostok@example.org"
    parsed = email.message_from_string(message["data"], policy=policy.default)
    assert parsed["Subject"] == "Ваша учётная запись в «Ростке»"
    assert r.json["invitation_url"] in parsed.get_content()
    app.extensions["rostok.runtime"].dispose()
