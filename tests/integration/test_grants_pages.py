"""A grants call's pages on the real servers: the public application form and its private link, the coordinator's
call page, an expert's personal link, list and sheet (the plain form, without the page's script)."""
from __future__ import annotations

import datetime as dt
import re

from tests.integration.test_grants_calls import NOW, a_call, application, iso
from tests.support.jury import bearer, replicated, workers, world
from tests.support.web import coordinator_client, form_token


def _form(**changes) -> dict:
    body = {"organisation": "АНО «Росток»", "inn": "7707083893", "partners-0-name": "Школа №1", "partners-0-inn": "",
            "contact_name": "Анна Иванова", "phone": "+7 914 555 12 34", "email": "", "title": "Тропа здоровья",
            "summary": "Экотропа для жителей села", "budget_lines-0-item": "Указатели", "budget_lines-0-amount": "100 000",
            "budget_lines-1-item": "Печать", "budget_lines-1-amount": "50000,00"}
    return {**body, **changes}


def _text(html: str) -> str:
    """A page's words as a reader sees them: no tags, no scripts, single spaces."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _errors(html: str) -> list[str]:
    return re.findall(r'class="field-error" role="alert">([^<]+)<', html)


def test_the_public_form_sends_an_application_that_its_private_link_shows_and_changes_until_the_call_closes(system):
    w = world(system)
    with workers(system):
        replicated(system, accounts=4, nominated=2)
    h = w["h"]
    program_id = system.client("cohorts").get(f"/cohorts/api/v1/cohorts/{w['cohort_id']}", headers=h).json["program_id"]
    call = a_call(system, h, program_id)
    client = system.app("fairs").test_client()
    page = client.get(f"/fairs/grants/{call['id']}/apply")
    assert page.status_code == 200 and "Малые гранты 2027" in page.get_data(as_text=True)
    token = form_token(page.get_data(as_text=True))

    wrong = client.post(f"/fairs/grants/{call['id']}/apply", data=_form(**{
        "csrf_token": token, "inn": "7707083890", "partners-0-name": "", "phone": "", "budget_lines-1-amount": "пятьдесят"}))
    assert wrong.status_code == 422
    assert _errors(wrong.get_data(as_text=True)) == ["Должно быть число."]  # the form's own check first, beside its field
    wrong = client.post(f"/fairs/grants/{call['id']}/apply", data=_form(**{
        "csrf_token": token, "inn": "7707083890", "partners-0-name": "", "phone": "", "budget_lines-0-amount": "10"}))
    assert wrong.status_code == 422
    assert set(_errors(wrong.get_data(as_text=True))) == {
        "Неверный ИНН: проверьте цифры.", "Совместный проект называет хотя бы одну организацию-партнёра.",
        "Укажите телефон или электронную почту.", "Конкурс даёт гранты от 100000.00 до 300000.00."}
    f = system.client("fairs")
    assert f.get(f"/fairs/api/v1/calls/{call['id']}/applications", headers=h).json["total"] == 0  # nothing half-written

    sent = client.post(f"/fairs/grants/{call['id']}/apply", data=_form(csrf_token=token, idempotency_key="0b8f7f0e-6a55-4c1e-9d0e-3c1f5e2a9b10"))
    assert sent.status_code == 303 and "/fairs/grants/applications/" in sent.headers["Location"]
    link = sent.headers["Location"]
    again = client.post(f"/fairs/grants/{call['id']}/apply", data=_form(csrf_token=token, idempotency_key="0b8f7f0e-6a55-4c1e-9d0e-3c1f5e2a9b10"))
    assert again.headers["Location"] == link  # the same tap twice: one application
    kept = f.get(f"/fairs/api/v1/calls/{call['id']}/applications", headers=h).json
    assert kept["total"] == 1 and kept["items"][0]["requested_amount"] == "150000.00"  # the lines' sum

    mine = client.get(link).get_data(as_text=True)
    assert 'value="Тропа здоровья"' in mine
    assert 'value="Школа №1"' in mine and "Ваша личная ссылка" in mine
    changed = client.post(link, data=_form(csrf_token=form_token(mine), title="Тропа здоровья у реки"))
    assert changed.status_code == 303
    assert f.get(f"/fairs/api/v1/calls/{call['id']}/applications", headers=h).json["items"][0]["title"] == "Тропа здоровья у реки"

    closed = a_call(system, h, program_id, opens_at=iso(NOW - dt.timedelta(days=3)), closes_at=iso(NOW - dt.timedelta(hours=1)))
    late = client.get(f"/fairs/grants/{closed['id']}/apply").get_data(as_text=True)
    assert 'id="call-closed"' in late and "Приём заявок закрыт" in late and 'id="application"' not in late
    draft = f.post("/fairs/api/v1/calls", json={"program_id": program_id, "name": "Черновик", "opens_at": iso(NOW),
                                                "closes_at": iso(NOW + dt.timedelta(days=1)), "budget": "100000",
                                                "min_award": "50000", "max_award": "100000", "reviews_per_application": 1}, headers=h).json
    assert client.get(f"/fairs/grants/{draft['id']}/apply").status_code == 404  # a draft is not public


def test_a_coordinator_runs_the_call_from_its_page_and_an_expert_reviews_by_their_link(system):
    w = world(system)
    with workers(system):
        replicated(system, accounts=4, nominated=2)
    h, f = w["h"], system.client("fairs")
    program_id = system.client("cohorts").get(f"/cohorts/api/v1/cohorts/{w['cohort_id']}", headers=h).json["program_id"]
    coordinator = coordinator_client(system)
    calls = coordinator.get("/fairs/grants").get_data(as_text=True)
    made = coordinator.post("/fairs/grants", data={
        "csrf_token": form_token(calls), "program_id": str(program_id), "name": "Гранты на тропы", "eligibility": "НКО района",
        "opens_at": (NOW - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (NOW + dt.timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
        "budget": "400 000", "min_award": "50000", "max_award": "200000", "reviews_per_application": "1"})
    assert made.status_code == 303, _errors(made.get_data(as_text=True))
    call_url = made.headers["Location"]
    call_id = int(call_url.rsplit("/", 1)[1])
    page = coordinator.get(call_url).get_data(as_text=True)
    token = form_token(page)
    for name, weight, na in (("Актуальность", "2", "y"), ("Партнёрство", "1", "y")):
        assert coordinator.post(f"/fairs/grants/{call_id}/criteria", data={
            "csrf_token": token, "name": name, "weight": weight, "max_score": "10", "not_applicable": na}).status_code == 303
    assert coordinator.post(f"/fairs/grants/{call_id}/experts", data={
        "csrf_token": token, "account_id": str(w["j1"]["id"]), "organisation": "", "inn": ""}).status_code == 303
    assert coordinator.post(f"/fairs/grants/{call_id}/state", data={"csrf_token": token, "state": "open"}).status_code == 303
    sent = f.post(f"/fairs/api/v1/calls/{call_id}/applications", json=application(requested_amount="150000"))
    assert sent.status_code == 201
    page = coordinator.get(call_url).get_data(as_text=True)
    assert "Заявки (1)" in _text(page) and "Эксперты без назначений: Ирина Жюри" in _text(page)  # what the next step will find
    assert coordinator.post(f"/fairs/grants/{call_id}/state", data={"csrf_token": token, "state": "review"}).status_code == 303
    page = coordinator.get(call_url).get_data(as_text=True)
    assert "на рассмотрении" in _text(page) and "не начат" in _text(page)
    expert_link = re.search(r'value="(http[^"]+/fairs/x/[^"]+)"', page).group(1)
    assert coordinator.get(f"/fairs/grants/{call_id}/apply-qr.svg").mimetype == "image/svg+xml"

    phone = system.app("fairs").test_client()
    opened = phone.get("/fairs/x/" + expert_link.rsplit("/x/", 1)[1])
    assert opened.status_code == 303 and opened.headers["Location"].endswith(f"/fairs/grants/{call_id}/my-reviews")
    listed = phone.get(f"/fairs/grants/{call_id}/my-reviews").get_data(as_text=True)
    application_id = sent.json["id"]
    assert "Тропа здоровья" in _text(listed) and "0 из 1 листов заполнено" in _text(listed)
    sheet_url = f"/fairs/grants/{call_id}/review/{application_id}"
    sheet = phone.get(sheet_url).get_data(as_text=True)
    c1, c2 = [c["id"] for c in f.get(f"/fairs/api/v1/calls/{call_id}/criteria", headers=h).json["items"]]
    bad = phone.post(sheet_url, data={"csrf_token": form_token(sheet), f"score-{c1}": "11", f"score-{c2}": "na", "comment": ""})
    assert bad.status_code == 422 and _errors(bad.get_data(as_text=True)) == ["Оценка — от 0 до 10."]
    saved = phone.post(sheet_url, data={"csrf_token": form_token(sheet), f"score-{c1}": "8", f"score-{c2}": "na", "comment": "Хорошо"})
    assert saved.status_code == 303
    ranking = f.get(f"/fairs/api/v1/calls/{call_id}/ranking", headers=h).json
    assert [(r["application_id"], r["score"]) for r in ranking["rows"]] == [(application_id, 80.0)]  # over the criterion that applies
    assert 'value="na" checked' in phone.get(sheet_url).get_data(as_text=True)
    assert coordinator.get(f"/fairs/grants/{call_id}/experts/{_expert_id(f, h, call_id)}/qr.svg").mimetype == "image/svg+xml"

    # a new link mid-review: the old one stops, the sheet stays
    assert coordinator.post(f"/fairs/grants/{call_id}/experts/{_expert_id(f, h, call_id)}/reissue",
                            data={"csrf_token": token}).status_code == 303
    stale = phone.get(f"/fairs/grants/{call_id}/my-reviews")
    assert stale.status_code == 302 and "/cohorts/sign-in" in stale.headers["Location"]  # the phone's link is dead
    assert f.get(f"/fairs/api/v1/calls/{call_id}/ranking", headers=h).json["rows"][0]["sheets"] == 1
    fresh = f.get(f"/fairs/api/v1/calls/{call_id}/experts", headers=h).json["items"][0]["link_token"]
    assert f.get(f"/fairs/api/v1/calls/{call_id}/assignments", headers=bearer(fresh)).json["items"][0]["complete"]

    # the new link works on this call's pages only
    assert phone.get(f"/fairs/x/{fresh}").status_code == 303
    assert phone.get(f"/fairs/grants/{call_id}/my-reviews").status_code == 200
    assert phone.get(f"/fairs/grants/{call_id + 1000}/my-reviews").status_code in (403, 404)
    assert phone.get(f"/fairs/grants/{call_id}").status_code in (302, 403)  # never the coordinator's page

    # a conflict declared on the sheet's page: off the application at once, the sheet no longer counts
    sheet = phone.get(sheet_url).get_data(as_text=True)
    declared = phone.post(sheet_url, data={"csrf_token": form_token(sheet), "declare": "1", "reason": "Работал в этой НКО"})
    assert declared.status_code == 303
    assert f.get(f"/fairs/api/v1/calls/{call_id}/assignments", headers=h).json["items"] == []
    assert f.get(f"/fairs/api/v1/calls/{call_id}/ranking", headers=h).json["rows"] == []
    listed = _text(phone.get(f"/fairs/grants/{call_id}/my-reviews").get_data(as_text=True))
    assert "Заявленные конфликты интересов" in listed and "Работал в этой НКО" in listed


def _expert_id(f, h, call_id) -> int:
    return f.get(f"/fairs/api/v1/calls/{call_id}/experts", headers=h).json["items"][0]["id"]
