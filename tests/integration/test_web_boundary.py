"""The web boundary every service shares: CSRF by how a request authenticates, races answered 409,
the language kept across services, safe redirects, a forgotten password."""
from __future__ import annotations

import re

import sqlalchemy as sa

from services.cohorts.accounts.models import Account, AccountLink
from shared.web.access import PUBLIC, allow
from shared.web.boundary import current_uow
from tests.support.api import create_account, token
from tests.support.system import WorkerThread, wait_until
from tests.support.web import SESSION, form_token, sign_in



def test_a_form_without_its_token_is_refused_and_a_bearer_call_needs_none(system):
    account = create_account(system)
    c = system.client("cohorts")
    # a sign-in posted from another site carries no token
    forged = c.post("/cohorts/sign-in", data={"email": account["email"], "password": account["password"]})
    assert forged.status_code == 400
    assert sign_in(c, account).status_code == 302
    # signed in by the cookie: a write without the token is refused, on a page and on the API alike
    assert c.post("/cohorts/sign-out").status_code == 400
    r = c.post("/cohorts/api/v1/territories", json={"district": "Мильковский МР", "settlement": "с. Мильково"})
    assert r.status_code == 400
    assert r.json["message"]  # the one JSON shape
    # the same call with the page's token passes
    csrf = form_token(c.get("/cohorts/accounts").get_data(as_text=True))
    r = c.post("/cohorts/api/v1/territories", json={"district": "Мильковский МР", "settlement": "с. Мильково"}, headers={"X-CSRFToken": csrf})
    assert r.status_code == 201, r.json
    # a bearer token cannot be sent by a browser on its own: no token needed
    bearer = {"Authorization": f"Bearer {token(system, account['email'], account['password'])}"}
    fresh = system.client("cohorts")
    r = fresh.post("/cohorts/api/v1/territories", json={"district": "Быстринский МР", "settlement": "с. Эссо"}, headers=bearer)
    assert r.status_code == 201, r.json


def test_a_constraint_hit_inside_the_view_answers_409_in_the_one_shape(system):
    from services.cohorts.app import create_app

    app = create_app(system.settings("cohorts"))
    runtime = app.extensions["rostok.runtime"]
    table = runtime.tables.idempotency

    @allow(PUBLIC)
    def twice():
        # what two racing requests do: both passed the checks, the second insert loses
        row = dict(scope="test", key="k", method="POST", path="/x", status_code=201, body="{}", headers="{}")
        session = current_uow().session
        session.execute(sa.insert(table).values(**row, created_at=sa.func.now()))
        session.execute(sa.insert(table).values(**row, created_at=sa.func.now()))
        return "unreachable"

    app.add_url_rule("/cohorts/api/v1/test-twice", "twice", twice, methods=["POST"])
    r = app.test_client().post("/cohorts/api/v1/test-twice", json={})
    assert r.status_code == 409
    assert r.json == {"message": "Это противоречит уже сохранённым данным.", "errors": {}}
    with runtime.session_factory() as session:  # nothing half-written
        assert session.execute(sa.select(sa.func.count()).select_from(table).where(table.c.scope == "test")).scalar_one() == 0
    runtime.dispose()


def test_a_language_chosen_on_another_service_sticks_and_reaches_the_account(system):
    account = create_account(system, roles=("coordinator", "mentor"))
    cohorts = system.client("cohorts")
    assert sign_in(cohorts, account).status_code == 302
    assert 'lang="ru"' in cohorts.get("/cohorts/accounts?lang=ru").get_data(as_text=True)  # Russian on the account first
    consultations = system.client("consultations")
    consultations.set_cookie(SESSION, cohorts.get_cookie(SESSION).value)
    assert consultations.get("/consultations/?lang=en").status_code == 200
    # the next page of that service, without ?lang=, stays English
    page = consultations.get("/consultations/")
    assert page.status_code == 200 and 'lang="en"' in page.get_data(as_text=True)
    # and cohorts keeps the choice on the account
    cohorts.set_cookie(SESSION, consultations.get_cookie(SESSION).value)
    page = cohorts.get("/cohorts/accounts")
    assert 'lang="en"' in page.get_data(as_text=True)
    with system.runtime("cohorts").session_factory() as session:
        assert session.get(Account, account["id"]).language == "en"


def test_sign_in_never_sends_a_person_to_another_site(system):
    account = create_account(system)
    for target in ("//evil.example/", "/\\evil.example", "https://evil.example/", "/%09/evil.example"):
        c = system.client("cohorts")
        r = sign_in(c, account, next_url=target)
        assert r.status_code == 302
        assert "evil" not in r.headers["Location"], target
    r = sign_in(system.client("cohorts"), account, next_url="/cohorts/accounts")
    assert r.headers["Location"].endswith("/cohorts/accounts")


def test_a_forgotten_password_is_reset_by_mail_answering_the_same_for_anyone(system):
    import email
    from email import policy

    from services.cohorts.app import create_app
    from tests.support.smtp import SmtpSink

    account = create_account(system)
    with SmtpSink() as smtp:
        app = create_app(system.settings("cohorts", mail_url=f"smtp://127.0.0.1:{smtp.port}/?from=rostok@example.org"))
        c = app.test_client()

        def ask(address):
            page = c.get("/cohorts/forgot-password")
            r = c.post("/cohorts/forgot-password", data={"email": address, "csrf_token": form_token(page.get_data(as_text=True))})
            assert r.status_code == 302
            return c.get(r.headers["Location"]).get_data(as_text=True)

        known = ask(account["email"])
        unknown = ask("nobody@example.ru")
        assert "ссылка" in known and known.count("ссылка") == unknown.count("ссылка")
        with WorkerThread(app.extensions["rostok.runtime"]):  # letters leave from the worker
            wait_until(lambda: smtp.messages, message="the reset mail")
            ask(account["email"])  # asked again at once: no second letter
        bad = c.post("/cohorts/forgot-password", data={"email": "not an e-mail", "csrf_token": form_token(c.get("/cohorts/forgot-password").get_data(as_text=True))})
        assert bad.status_code == 422
        app.extensions["rostok.runtime"].dispose()
    [message] = smtp.messages
    assert message["to"] == [account["email"]]
    body = email.message_from_string(message["data"], policy=policy.default).get_content()
    link = re.search(r"http\S+/set-password/(\S+)", body).group(1)
    r = system.client("cohorts").post("/cohorts/api/v1/auth/password", json={"token": link, "password": "новый-пароль-2026"})
    assert r.status_code == 204
    assert token(system, account["email"], "новый-пароль-2026")
    with system.runtime("cohorts").session_factory() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(AccountLink)).scalar_one() == 1


def test_without_a_mail_server_the_page_sends_the_person_to_the_coordinator(system):
    c = system.client("cohorts")
    page = c.get("/cohorts/forgot-password").get_data(as_text=True)
    assert "координатор" in page and 'name="email"' not in page


def test_every_request_leaves_an_access_line_with_its_correlation_id(system, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="rostok.access")
    r = system.client("cohorts").get("/cohorts/healthz", headers={"X-Request-ID": "req-from-the-gateway"})
    assert r.headers["X-Request-ID"] == "req-from-the-gateway"
    [line] = [rec for rec in caplog.records if rec.name == "rostok.access"]
    assert (line.method, line.path, line.status, line.correlation_id) == ("GET", "/cohorts/healthz", 200, "req-from-the-gateway")
    assert line.duration_ms >= 0


def test_the_brand_link_leads_each_person_home_never_to_a_refusal(system):
    import re as re_

    mentor = create_account(system, roles=("mentor",))
    c = system.client("consultations")
    with c.session_transaction() as s:
        s.update(aid=mentor["id"], roles=["mentor"], v=1, name="Наставник")
    page = c.get("/consultations/").get_data(as_text=True)
    assert re_.search(r'class="brand" href="/consultations/"', page)
    anonymous = system.client("cohorts").get("/cohorts/sign-in").get_data(as_text=True)
    assert re_.search(r'class="brand" href="/cohorts/sign-in"', anonymous)


def test_each_service_serves_its_packages_scripts_and_the_shared_ones_at_one_address(system):
    cohorts, fairs = system.app("cohorts").test_client(), system.app("fairs").test_client()
    assert cohorts.get("/cohorts/static/door.js").status_code == 200  # the events package's
    assert fairs.get("/fairs/static/stage.css").status_code == 200  # the stage's
    assert fairs.get("/fairs/static/ui.js").status_code == 200 and cohorts.get("/cohorts/static/ui.js").status_code == 200
    assert fairs.get("/fairs/static/door.js").status_code == 404  # another service's file is not this one's
    assert fairs.get("/fairs/static/../app.py").status_code == 404
