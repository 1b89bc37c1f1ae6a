"""A grants call on the real servers: the call and its limits, criteria, applications sent with no account and
changed by their private link until the call closes (then refused, naming the time)."""
from __future__ import annotations

import datetime as dt

from tests.support.api import create_account
from tests.support.jury import bearer, replicated, workers, world
from tests.support.system import wait_until

NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)  # the call's dates around now: the use case reads the clock


def iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def application(**changes) -> dict:
    body = {"title": "Тропа здоровья", "summary": "Экотропа для жителей и гостей села", "organisation": "АНО «Росток»",
            "inn": "7707083893", "partners": [{"name": "Школа №1", "inn": None}], "contact_name": "Анна Иванова",
            "phone": "+7 914 555 12 34", "email": None, "requested_amount": "150000",
            "budget_lines": [{"item": "Указатели", "amount": "100000"}, {"item": "Печать", "amount": "50000"}]}
    return {**body, **changes}


def a_call(system, h, program_id, **dates) -> dict:
    f = system.client("fairs")
    body = {"program_id": program_id, "name": "Малые гранты 2027", "opens_at": iso(NOW - dt.timedelta(days=1)),
            "closes_at": iso(NOW + dt.timedelta(days=10)), "budget": "1000000", "min_award": "100000", "max_award": "300000",
            "reviews_per_application": 2, **dates}
    made = f.post("/fairs/api/v1/calls", json=body, headers=h)
    assert made.status_code == 201, made.json
    assert f.post(f"/fairs/api/v1/calls/{made.json['id']}/criteria", json={"name": "Актуальность", "weight": 2, "max_score": 10},
                  headers=h).status_code == 201
    assert f.post(f"/fairs/api/v1/calls/{made.json['id']}/criteria",
                  json={"name": "Партнёрство", "weight": 1, "max_score": 5, "not_applicable": True}, headers=h).status_code == 201
    assert f.patch(f"/fairs/api/v1/calls/{made.json['id']}", json={"state": "open"}, headers=h).json["state"] == "open"
    return made.json


def test_a_call_is_made_within_its_limits_and_opens_with_criteria(system):
    w = world(system)
    with workers(system):
        replicated(system, accounts=4, nominated=2)
    h, f = w["h"], system.client("fairs")
    program_id = system.client("cohorts").get(f"/cohorts/api/v1/cohorts/{w['cohort_id']}", headers=h).json["program_id"]
    bad = f.post("/fairs/api/v1/calls", json={"program_id": program_id, "name": "Гранты", "opens_at": iso(NOW), "closes_at": iso(NOW),
                                              "budget": "100000", "min_award": "50000", "max_award": "200000",
                                              "reviews_per_application": 0}, headers=h)
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"max_award", "closes_at", "reviews_per_application"}
    assert bad.json["errors"]["max_award"] == ["Максимальный грант не может быть больше бюджета."]
    unknown = f.post("/fairs/api/v1/calls", json={"program_id": 999999, "name": "Гранты", "opens_at": iso(NOW),
                                                  "closes_at": iso(NOW + dt.timedelta(days=1)), "budget": "100000",
                                                  "min_award": "50000", "max_award": "100000", "reviews_per_application": 2}, headers=h)
    assert unknown.status_code == 422 and unknown.json["errors"] == {"program_id": ["Нет такой программы: №999999."]}
    draft = f.post("/fairs/api/v1/calls", json={"program_id": program_id, "name": "Гранты", "opens_at": iso(NOW),
                                                "closes_at": iso(NOW + dt.timedelta(days=1)), "budget": "100000",
                                                "min_award": "50000", "max_award": "100000", "reviews_per_application": 2}, headers=h).json
    empty = f.patch(f"/fairs/api/v1/calls/{draft['id']}", json={"state": "open"}, headers=h)
    assert empty.status_code == 409 and "Добавьте критерии" in empty.json["message"]
    skipped = f.patch(f"/fairs/api/v1/calls/{draft['id']}", json={"state": "review"}, headers=h)
    assert skipped.status_code == 409  # one step at a time
    call = a_call(system, h, program_id)
    fixed = f.post(f"/fairs/api/v1/calls/{call['id']}/criteria", json={"name": "Новый", "weight": 1, "max_score": 5}, headers=h)
    assert fixed.status_code == 409 and fixed.json["message"] == "Конкурс открыт: критерии зафиксированы."
    assert [c["not_applicable"] for c in f.get(f"/fairs/api/v1/calls/{call['id']}/criteria", headers=h).json["items"]] == [False, True]
    assert f.get("/fairs/api/v1/calls").status_code == 401  # coordinators only


def test_an_application_with_no_account_is_checked_sent_once_and_changed_by_its_link_until_the_call_closes(system):
    w = world(system)
    with workers(system):
        replicated(system, accounts=4, nominated=2)
    h, f = w["h"], system.client("fairs")
    program_id = system.client("cohorts").get(f"/cohorts/api/v1/cohorts/{w['cohort_id']}", headers=h).json["program_id"]
    call = a_call(system, h, program_id)
    url = f"/fairs/api/v1/calls/{call['id']}/applications"
    wrong = f.post(url, json=application(requested_amount="160000", inn="7707083890", partners=[], phone=None))
    assert wrong.status_code == 422
    assert wrong.json["errors"] == {"requested_amount": ["Статьи в сумме дают 150000.00, а не 160000.00."],
                                    "inn": ["Неверный ИНН: проверьте цифры."],
                                    "partners": ["Совместный проект называет хотя бы одну организацию-партнёра."],
                                    "phone": ["Укажите телефон или электронную почту."]}
    too_much = f.post(url, json=application(requested_amount="400000", budget_lines=[{"item": "Всё", "amount": "400000"}]))
    assert too_much.status_code == 422 and too_much.json["errors"] == {
        "requested_amount": ["Конкурс даёт гранты от 100000.00 до 300000.00."]}
    assert f.get(url, headers=h).json["total"] == 0  # nothing half-written
    key = {"Idempotency-Key": "2b9c4c2e-6d1c-4a57-9a61-0d6f1b0c8e11"}
    sent = f.post(url, json=application(), headers=key)
    assert sent.status_code == 201 and sent.json["phone"] == "+79145551234" and sent.json["requested_amount"] == "150000.00"
    again = f.post(url, json=application(), headers=key)  # the same tap on a weak network: one application
    assert again.json["id"] == sent.json["id"] and f.get(url, headers=h).json["total"] == 1
    link = sent.json["link"].split("/fairs", 1)[1]
    assert f.get("/fairs" + link).json["title"] == "Тропа здоровья"
    assert f.get("/fairs/api/v1/applications/by-link/guessed-token").status_code == 404
    changed = f.put("/fairs" + link, json=application(title="Тропа здоровья у реки"))
    assert changed.status_code == 200 and changed.json["title"] == "Тропа здоровья у реки" and changed.json["version"] == 2
    assert f.get(url).status_code == 401  # the list is the coordinators'

    # the applicant and the organisations become records of the register through cohorts, once: a second application
    # from the same organisation (by INN) and contact (by phone) names the same records
    second = f.post(url, json=application(title="Второй проект", contact_name="А. Иванова", phone="8 914 555-12-34",
                                          partners=[{"name": "Школа № 1", "inn": None}]))
    assert second.status_code == 201
    with workers(system):
        wait_until(lambda: all(a["person_id"] and a["partner_organisation_ids"] for a in f.get(url, headers=h).json["items"]),
                   message="the applicants matched in the register")
    first, other = f.get(url, headers=h).json["items"]
    assert (first["person_id"], first["organisation_id"]) == (other["person_id"], other["organisation_id"])
    assert first["partner_organisation_ids"] == other["partner_organisation_ids"]  # the school's name, normalised
    c = system.client("cohorts")
    assert [o["name"] for o in c.get("/cohorts/api/v1/organisations?q=7707083893", headers=h).json["items"]] == ["АНО «Росток»"]
    person = c.get(f"/cohorts/api/v1/people/{first['person_id']}", headers=h).json
    assert (person["full_name"], person["phone"], person["organisation_id"]) == ("Анна Иванова", "+79145551234", first["organisation_id"])

    # a team of the programme's cohort applies as itself; a team fairs does not know in this programme is refused by name
    team = w["teams"][0]["id"]
    as_team = f.post(url, json=application(title="Командный проект", team_id=team))
    assert as_team.status_code == 201 and as_team.json["team_id"] == team
    unknown = f.post(url, json=application(title="Чужая команда", team_id=999999))
    assert unknown.status_code == 422 and unknown.json["errors"] == {"team_id": ["В этой программе нет такой команды."]}

    # a call that closed an hour ago: sending and changing are refused, naming when it closed
    closed = a_call(system, h, program_id, opens_at=iso(NOW - dt.timedelta(days=3)), closes_at=iso(NOW - dt.timedelta(hours=1)))
    late = f.post(f"/fairs/api/v1/calls/{closed['id']}/applications", json=application())
    assert late.status_code == 409 and late.json["message"].startswith("Приём заявок закрыт ")


def test_experts_are_assigned_free_of_conflict_and_the_ranking_and_funding_line_are_the_hand_computed_ones(system):
    """Three experts, four applications, two reviews each. The expert from АНО «Берег» never sees the application that
    names it as a partner. The sheets fit value = application + expert's bias exactly (a lenient +10, a fair 0, a harsh
    -10; where a sheet says the second criterion does not apply its value is over the first), so the ranking is the
    applications' own values: 80, 70, 60, 50.
    The budget of 500 000 funds the first two (200 000 each) and gives the third what is left, 100 000: a partial
    award. A declared conflict takes an expert off at once and their sheet stops counting."""
    w = world(system)
    j3 = create_account(system, roles=("juror",), name="Пётр Эксперт")
    with workers(system):
        replicated(system, accounts=5, nominated=2)
    h, f = w["h"], system.client("fairs")
    program_id = system.client("cohorts").get(f"/cohorts/api/v1/cohorts/{w['cohort_id']}", headers=h).json["program_id"]
    call = a_call(system, h, program_id, budget="500000", max_award="300000")
    criteria = [c["id"] for c in f.get(f"/fairs/api/v1/calls/{call['id']}/criteria", headers=h).json["items"]]
    url = f"/fairs/api/v1/calls/{call['id']}/applications"
    requests = (("Первая", "200000", "Школа №1"), ("Вторая", "200000", "Школа №2"), ("Третья", "200000", "АНО «Берег»"),
                ("Четвёртая", "150000", "Школа №3"))
    apps = []
    for title, amount, partner in requests:
        sent = f.post(url, json=application(title=title, requested_amount=amount, partners=[{"name": partner, "inn": None}],
                                            budget_lines=[{"item": "Всё", "amount": amount}]))
        assert sent.status_code == 201, sent.json
        apps.append(sent.json["id"])
    experts = []
    for account, organisation in ((w["j1"], None), (w["j2"], None), (j3, "АНО \u00abБерег\u00bb")):
        made = f.post(f"/fairs/api/v1/calls/{call['id']}/experts", json={"account_id": account["id"], "organisation": organisation},
                      headers=h)
        assert made.status_code == 201, made.json
        experts.append(made.json)
    e1, e2, e3 = experts
    a1, a2, a3, a4 = apps
    before = f.get(f"/fairs/api/v1/calls/{call['id']}/ahead", headers=h).json
    assert before == {"state": "open", "next": "review", "applications": 4, "unreviewed": apps,
                      "experts_without_assignments": [e1["id"], e2["id"], e3["id"]]}  # said before the step is taken
    review = f.patch(f"/fairs/api/v1/calls/{call['id']}", json={"state": "review"}, headers=h)
    assert review.status_code == 200 and review.json["short"] == {}
    listed = f.get(f"/fairs/api/v1/calls/{call['id']}/assignments", headers=h).json["items"]
    assigned = {(x["application_id"], x["expert_id"]) for x in listed}
    assert assigned == {(a1, e1["id"]), (a1, e3["id"]), (a2, e2["id"]), (a2, e3["id"]), (a3, e1["id"]), (a3, e2["id"]),
                        (a4, e1["id"]), (a4, e2["id"])}  # the most constrained first, loads 3, 3, 2
    assert all(not (a == a3 and e == e3["id"]) for a, e in assigned)  # Берег's expert never on Берег's partner
    mine = f.get(f"/fairs/api/v1/calls/{call['id']}/assignments", headers=bearer(e3["link_token"])).json["items"]
    assert {x["application_id"] for x in mine} == {a1, a2}  # an expert sees their own
    c1, c2 = criteria

    def sheet(expert, application_id, first, second):
        return f.put(f"/fairs/api/v1/applications/{application_id}/reviews", json={"scores": {str(c1): first, str(c2): second}},
                     headers=bearer(expert["link_token"]))

    wrong = f.put(f"/fairs/api/v1/applications/{a1}/reviews", json={"scores": {str(c1): None, str(c2): 3}}, headers=bearer(e1["link_token"]))
    assert wrong.status_code == 422 and wrong.json["errors"] == {"scores": {str(c1): ["Этот критерий применим всегда: поставьте оценку."]}}
    assert sheet(e3, a3, 5, 5).status_code == 404  # not assigned to them
    # a sheet's value: 100 x (2 x first/10 + second/5) / 3, or 10 x first where the second does not apply
    for expert, application_id, first, second in ((e1, a1, 9, None), (e1, a3, 7, 5), (e1, a4, 6, 3), (e2, a2, 6, 3),
                                                  (e2, a3, 7, None), (e2, a4, 5, None), (e3, a1, 7, None), (e3, a2, 5, None)):
        assert sheet(expert, application_id, first, second).status_code == 200
    ranking = f.get(f"/fairs/api/v1/calls/{call['id']}/ranking", headers=h).json
    rows = {r["application_id"]: r for r in ranking["rows"]}
    assert ranking["standardised"] and [r["application_id"] for r in ranking["rows"]] == [a1, a3, a2, a4]
    assert [rows[a]["score"] for a in (a1, a3, a2, a4)] == [80.0, 70.0, 60.0, 50.0]
    assert [rows[a]["raw"] for a in (a1, a3, a2, a4)] == [80.0, 75.0, 55.0, 55.0]  # the biased experts' raw means
    assert ranking["offsets"] == {str(e1["id"]): 10.0, str(e2["id"]): 0.0, str(e3["id"]): -10.0}
    assert [(rows[a]["award"], rows[a]["partial"]) for a in (a1, a3, a2, a4)] == [
        ("200000.00", False), ("200000.00", False), ("100000.00", True), (None, False)]
    assert ranking["left"] == "0.00" and ranking["stable"] and ranking["tie_at_line"] == []

    swap = f.post(f"/fairs/api/v1/calls/{call['id']}/assignments",
                  json={"application_id": a3, "expert_id": e3["id"], "reason": "на замену", "replaces": e1["id"]}, headers=h)
    assert swap.status_code == 409  # Берег's expert: a conflict with its partner's application, even by hand
    silent = f.post(f"/fairs/api/v1/calls/{call['id']}/assignments",
                    json={"application_id": a4, "expert_id": e3["id"], "reason": " "}, headers=h)
    assert silent.status_code == 422 and list(silent.json["errors"]) == ["reason"]
    assert f.get(f"/fairs/api/v1/calls/{call['id']}/ahead", headers=h).json["unreviewed"] == []

    # a conflict declared after scoring: off the application at once, the sheet no longer counts
    declared = f.post(f"/fairs/api/v1/calls/{call['id']}/conflicts", json={"application_id": a4, "reason": "Бывший коллега"},
                      headers=bearer(e2["link_token"]))
    assert declared.status_code == 201
    assert (a4, e2["id"]) not in {(x["application_id"], x["expert_id"])
                                  for x in f.get(f"/fairs/api/v1/calls/{call['id']}/assignments", headers=h).json["items"]}
    after = {r["application_id"]: r for r in f.get(f"/fairs/api/v1/calls/{call['id']}/ranking", headers=h).json["rows"]}
    assert after[a4]["sheets"] == 1 and after[a4]["score"] == 50.0  # the lenient expert's 60, their +10 taken out
    assert not any(r["disagreement"] for r in after.values())  # two sheets 20 points apart at most: a spread of 10

    # two experts far apart on an application: flagged for the coordinator (who may ask a third); then corrected
    assert sheet(e3, a2, 10, None).status_code == 200  # 100 against the other expert's 60: a spread of 20
    flagged = {r["application_id"]: r["disagreement"] for r in f.get(f"/fairs/api/v1/calls/{call['id']}/ranking", headers=h).json["rows"]}
    assert flagged == {a1: False, a2: True, a3: False, a4: False}
    assert sheet(e3, a2, 5, None).status_code == 200

    # the coordinator moves the line to the first two, with a reason kept; then the awards are published, frozen
    f.patch(f"/fairs/api/v1/calls/{call['id']}", json={"state": "decided"}, headers=h)
    silent = f.put(f"/fairs/api/v1/calls/{call['id']}/funding", json={"funded": 2, "reason": " "}, headers=h)
    assert silent.status_code == 422 and silent.json["errors"] == {"reason": ["Укажите, почему черта сдвигается: причина остаётся в записи."]}
    moved = f.put(f"/fairs/api/v1/calls/{call['id']}/funding", json={"funded": 2, "reason": "Третий проект дублирует муниципальный"},
                  headers=h)
    assert moved.status_code == 201
    funding = f.get(f"/fairs/api/v1/calls/{call['id']}/funding", headers=h).json
    assert funding["funded_by_hand"] == 2 and [m["reason"] for m in funding["moves"]] == ["Третий проект дублирует муниципальный"]
    assert [r["award"] for r in funding["standing"]["rows"]] == ["200000.00", "200000.00", None, None]
    published = f.post(f"/fairs/api/v1/calls/{call['id']}/awards", headers=h)
    assert published.status_code == 201 and [(a["application_id"], a["amount"], a["partial"]) for a in published.json["items"]] == [
        (a1, "200000.00", False), (a3, "200000.00", False)]
    assert f.post(f"/fairs/api/v1/calls/{call['id']}/awards", headers=h).status_code == 409  # once
    assert f.put(f"/fairs/api/v1/calls/{call['id']}/funding", json={"funded": 3, "reason": "поздно"}, headers=h).status_code == 409
    assert f.get(f"/fairs/api/v1/calls/{call['id']}", headers=h).json["state"] == "published"

    # the awards reach the programme's report in cohorts: two grants, 400 000, one organisation (the same INN twice)
    from tests.support.system import wait_until

    report = f"/cohorts/api/v1/programs/{program_id}/report"
    cohorts = system.client("cohorts")
    with workers(system):
        wait_until(lambda: (cohorts.get(report, headers=h).json.get("grants") or {}).get("awarded") == 2,
                   message="the awards in the programme's report")
    assert cohorts.get(report, headers=h).json["grants"] == {"awarded": 2, "amount": "400000.00", "organisations": 1, "partial": 0}
    assert cohorts.get(f"/cohorts/api/v1/cohorts/{w['cohort_id']}/report", headers=h).json["grants"] is None  # a cohort's has none


def _published_call(system, *, publish: bool = True):
    """Two applications, one expert: the first funded in full, the second a partial award of what is left."""
    w = world(system)
    with workers(system):
        replicated(system, accounts=4, nominated=2)
    h, f = w["h"], system.client("fairs")
    program_id = system.client("cohorts").get(f"/cohorts/api/v1/cohorts/{w['cohort_id']}", headers=h).json["program_id"]
    call = a_call(system, h, program_id, budget="250000", min_award="50000", max_award="200000",
                  reviews_per_application=1)
    url = f"/fairs/api/v1/calls/{call['id']}/applications"
    first = f.post(url, json=application(title="=Тропа", requested_amount="200000", budget_lines=[{"item": "Всё", "amount": "200000"}])).json
    second = f.post(url, json=application(title="Музей", organisation="АНО «Берег»", inn="7736207543", requested_amount="100000",
                                          budget_lines=[{"item": "Витрины", "amount": "100000"}])).json
    expert = f.post(f"/fairs/api/v1/calls/{call['id']}/experts", json={"account_id": w["j1"]["id"]}, headers=h).json
    assert f.patch(f"/fairs/api/v1/calls/{call['id']}", json={"state": "review"}, headers=h).status_code == 200
    c1, c2 = [c["id"] for c in f.get(f"/fairs/api/v1/calls/{call['id']}/criteria", headers=h).json["items"]]
    for app, score in ((first, 9), (second, 5)):
        assert f.put(f"/fairs/api/v1/applications/{app['id']}/reviews", json={"scores": {str(c1): score, str(c2): None}},
                     headers=bearer(expert["link_token"])).status_code == 200
    f.patch(f"/fairs/api/v1/calls/{call['id']}", json={"state": "decided"}, headers=h)
    if publish:
        assert f.post(f"/fairs/api/v1/calls/{call['id']}/awards", headers=h).status_code == 201
    return w, call, first, second


def test_a_budget_changed_after_the_line_was_drawn_draws_it_again_and_the_record_says_so(system):
    w, call, first, second = _published_call(system, publish=False)
    h, f = w["h"], system.client("fairs")
    awards = lambda: [(r["application_id"], r["award"], r["partial"])  # noqa: E731
                      for r in f.get(f"/fairs/api/v1/calls/{call['id']}/ranking", headers=h).json["rows"]]
    assert awards() == [(first["id"], "200000.00", False), (second["id"], "50000.00", True)]
    url = f"/fairs/api/v1/calls/{call['id']}/budget"
    below = f.put(url, json={"budget": "150000", "reason": "Сокращение"}, headers=h)
    assert below.status_code == 422 and below.json["errors"] == {"budget": ["Бюджет не может быть меньше максимального гранта."]}
    silent = f.put(url, json={"budget": "300000", "reason": ""}, headers=h)
    assert silent.status_code == 422 and list(silent.json["errors"]) == ["reason"]
    raised = f.put(url, json={"budget": "300000", "reason": "Партнёр добавил 50 000"}, headers=h)
    assert raised.status_code == 201 and (raised.json["budget_from"], raised.json["budget_to"]) == ("250000.00", "300000.00")
    assert awards() == [(first["id"], "200000.00", False), (second["id"], "100000.00", False)]  # drawn again: both in full
    moves = f.get(f"/fairs/api/v1/calls/{call['id']}/funding", headers=h).json["moves"]
    assert [(m["budget_from"], m["budget_to"], m["reason"]) for m in moves] == [("250000.00", "300000.00", "Партнёр добавил 50 000")]
    assert f.get(f"/fairs/api/v1/calls/{call['id']}", headers=h).json["budget"] == "300000.00"
    from tests.support.web import coordinator_client

    page = coordinator_client(system).get(f"/fairs/grants/{call['id']}").get_data(as_text=True)
    assert "бюджет с 250\u00a0000\u00a0₽ до 300\u00a0000\u00a0₽" in page
    f.post(f"/fairs/api/v1/calls/{call['id']}/awards", headers=h)
    assert f.put(url, json={"budget": "400000", "reason": "поздно"}, headers=h).status_code == 409


def test_grantees_owe_reports_overdue_ones_are_listed_and_the_call_exports_with_award_letters(system):
    import io

    import openpyxl
    import sqlalchemy as sa

    from services.fairs.grants.models import GrantReport
    from tests.support.web import coordinator_client

    w, call, first, second = _published_call(system)
    h, f = w["h"], system.client("fairs")
    base = f"/fairs/api/v1/calls/{call['id']}/reports"
    today = NOW.date()
    wrong = f.put(base, json={"interim_due": (today - dt.timedelta(days=1)).isoformat(), "final_due": None}, headers=h)
    assert wrong.status_code == 422 and wrong.json["errors"] == {"interim_due": ["Отчёт сдаётся после публикации итогов."]}
    made = f.put(base, json={"interim_due": (today + dt.timedelta(days=60)).isoformat(),
                             "final_due": (today + dt.timedelta(days=180)).isoformat()}, headers=h)
    assert made.status_code == 200 and [(r["application_id"], r["kind"], r["state"]) for r in made.json] == [
        (first["id"], "interim", "due"), (second["id"], "interim", "due"), (first["id"], "final", "due"), (second["id"], "final", "due")]
    # two months later, as the database sees it: the interim reports are past due; one came in, the other did not
    with system.runtime("fairs").engine.begin() as conn:
        conn.execute(sa.update(GrantReport).where(GrantReport.kind == "interim").values(due_on=today - dt.timedelta(days=3)))
    received = next(r for r in made.json if r["application_id"] == first["id"] and r["kind"] == "interim")
    early = f.patch(f"{base}/{received['id']}", json={"received_on": None, "accepted_on": today.isoformat()}, headers=h)
    assert early.status_code == 422 and early.json["errors"] == {"accepted_on": ["Отчёт принимают после того, как он получен."]}
    marked = f.patch(f"{base}/{received['id']}", json={"received_on": (today - dt.timedelta(days=1)).isoformat(),
                                                        "accepted_on": today.isoformat(), "note": "Без замечаний"}, headers=h)
    assert marked.status_code == 200 and marked.json["state"] == "accepted"
    overdue = f.get(f"{base}?overdue=true", headers=h).json
    assert [(r["application_id"], r["kind"], r["organisation"]) for r in overdue] == [(second["id"], "interim", "АНО «Берег»")]
    coordinator = coordinator_client(system)
    page = coordinator.get(f"/fairs/grants/{call['id']}").get_data(as_text=True)
    assert 'id="overdue"' in page and "Просрочено: 1." in page

    letter = coordinator.get(f"/fairs/grants/{call['id']}/awards/{second['id']}/letter").get_data(as_text=True)
    assert "Музей" in letter and "50\u00a0000" in letter and 'id="partial"' in letter and "100\u00a0000" in letter
    assert coordinator.get(f"/fairs/grants/{call['id']}/awards/999999/letter").status_code == 404

    book = openpyxl.load_workbook(io.BytesIO(f.get(f"/fairs/api/v1/calls/{call['id']}/export.xlsx", headers=h).data))
    assert book.sheetnames == ["Рейтинг", "Листы", "Заявки"]
    ranking = [list(r) for r in book["Рейтинг"].iter_rows(values_only=True)]
    assert ranking[1][:4] == [1, first["id"], "=Тропа", "АНО «Росток»"] and ranking[1][9:] == [200000, None]
    assert ranking[2][9:] == [50000, "да"]  # the partial award, said so
    assert book["Рейтинг"].cell(row=2, column=3).data_type == "s"  # a title like a formula stays text
    sheets = [list(r) for r in book["Листы"].iter_rows(values_only=True)]
    assert sheets[0][:4] == ["Заявка", "Эксперт", "Актуальность", "Партнёрство"] and sheets[1][2:4] == [9, "не применимо"]
    assert f.get(f"/fairs/api/v1/calls/{call['id']}/export.xlsx").status_code == 401


def test_applications_from_one_address_are_throttled_and_nothing_is_created_past_the_limit(system):
    from services.fairs.grants import rules

    w = world(system)
    with workers(system):
        replicated(system, accounts=4, nominated=2)
    h, f = w["h"], system.client("fairs")
    program_id = system.client("cohorts").get(f"/cohorts/api/v1/cohorts/{w['cohort_id']}", headers=h).json["program_id"]
    call = a_call(system, h, program_id)
    url = f"/fairs/api/v1/calls/{call['id']}/applications"
    for n in range(rules.FLOOD_LIMIT):
        assert f.post(url, json=application(title=f"Проект {n}")).status_code == 201
    flooded = f.post(url, json=application(title="Лишний"))
    assert flooded.status_code == 429 and flooded.headers.get("Retry-After") == "3600"
    assert f.get(url, headers=h).json["total"] == rules.FLOOD_LIMIT
    other = f.post(url, json=application(title="Из другой сети"), environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 201
