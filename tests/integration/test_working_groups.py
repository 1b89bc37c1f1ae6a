"""Working groups on the real servers: a team that is a standing, thematic group with members from several
organisations; its work plan (an owner among the members, due dates, overdue ones on the programme's page); its
online meetings in its history; its news on the programme's public page and in its own feed."""
from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from services.consultations.db import REPLICAS
from tests.support.api import coordinator_headers, create_account, setup_cohort, token
from tests.support.system import WorkerThread, wait_until
from tests.support.web import coordinator_client


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _group(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    url = f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/teams"
    body = {"name": "Экология", "kind": "working_group", "territory_id": ids["territory"]["id"]}
    missing = c.post(url, json=body, headers=h)
    assert missing.status_code == 422 and missing.json["errors"] == {"theme": ["Выберите тему рабочей группы."]}
    group = c.post(url, json={**body, "theme": "environment"}, headers=h)
    assert group.status_code == 201 and (group.json["kind"], group.json["theme"]) == ("working_group", "environment")
    plain = c.post(url, json={"name": "Эссо-тур", "kind": "initiative_group", "territory_id": ids["territory"]["id"],
                              "theme": "youth"}, headers=h)
    assert plain.status_code == 201 and plain.json["theme"] is None  # only a working group has a theme
    members = []
    for n, (name, organisation) in enumerate((("Анна Эколог", "АНО «Зелёный край»"), ("Олег Лесник", "Лесничество"),
                                              ("Ирина Юрист", "Общественная палата"))):
        person = c.post("/cohorts/api/v1/people", json={"full_name": name, "phone": f"+7914777{n:04d}", "organisation": organisation},
                        headers=h).json["id"]
        assert c.post(f"/cohorts/api/v1/teams/{group.json['id']}/members", json={"person_id": person}, headers=h).status_code == 201
        members.append(person)
    outsider = c.post("/cohorts/api/v1/people", json={"full_name": "Пётр Чужой", "phone": "+79147779999"}, headers=h).json["id"]
    return h, ids, group.json, members, outsider


def test_a_working_group_keeps_a_work_plan_and_its_overdue_items_show_on_the_programme_page(system):
    h, ids, group, (anna, oleg, _irina), outsider = _group(system)
    c = system.client("cohorts")
    plan = f"/cohorts/api/v1/teams/{group['id']}/work-plan"
    today = dt.datetime.now(dt.timezone.utc).astimezone(dt.timezone(dt.timedelta(hours=12))).date()  # Kamchatka's today
    stranger = c.post(plan, json={"title": "Отчёт", "owner_person_id": outsider, "due_on": today.isoformat()}, headers=h)
    assert stranger.status_code == 422 and stranger.json["errors"] == {"owner_person_id": ["Ответственный — один из участников группы."]}
    late = c.post(plan, json={"title": "Карта свалок района", "owner_person_id": anna,
                              "due_on": (today - dt.timedelta(days=2)).isoformat()}, headers=h).json
    done = c.post(plan, json={"title": "Субботник", "owner_person_id": oleg, "due_on": (today - dt.timedelta(days=5)).isoformat(),
                              "status": "done"}, headers=h).json
    due_today = c.post(plan, json={"title": "Письмо в администрацию", "owner_person_id": oleg, "due_on": today.isoformat()}, headers=h).json
    items = {i["title"]: i for i in c.get(plan, headers=h).json}
    assert [(i["title"], i["overdue"]) for i in c.get(plan, headers=h).json] == [
        ("Субботник", False), ("Карта свалок района", True), ("Письмо в администрацию", False)]  # the due day is not late
    assert items["Карта свалок района"]["owner_name"] == "Анна Эколог"
    moved = c.patch(f"/cohorts/api/v1/work-plan/{late['id']}", json={"status": "in_progress", "version": late["version"]}, headers=h)
    assert moved.status_code == 200 and moved.json["overdue"]  # in progress and past its day: still overdue
    stale = c.patch(f"/cohorts/api/v1/work-plan/{late['id']}", json={"status": "done", "version": late["version"]}, headers=h)
    assert stale.status_code == 409  # someone moved it meanwhile: told, not overwritten
    overdue = c.get(f"/cohorts/api/v1/programs/{ids['program']['id']}/work-plan/overdue", headers=h).json
    assert [(i["title"], i["team_name"]) for i in overdue] == [("Карта свалок района", "Экология")]
    assert done["status"] == "done" and due_today["overdue"] is False
    page = _text(coordinator_client(system, "cohorts").get(f"/cohorts/programs/{ids['program']['id']}/work-plans").get_data(as_text=True))
    assert "Просрочено: 1." in page and "Карта свалок района" in page and "1 из 3 пунктов выполнено" in page
    team_page = coordinator_client(system, "cohorts").get(f"/cohorts/teams/{group['id']}").get_data(as_text=True)
    assert "Рабочая группа: экология" in _text(team_page) and f"/cohorts/teams/{group['id']}/work-plan" in team_page
    not_a_group = c.get(f"/cohorts/api/v1/teams/{group['id'] + 1}/work-plan", headers=h)
    assert not_a_group.status_code == 409  # the initiative group has no work plan


def test_a_working_group_meets_online_in_its_history_and_publishes_news_on_the_programme_page(system):
    h, ids, group, (anna, oleg, irina), _outsider = _group(system)
    c = system.client("cohorts")
    mentor = create_account(system, roles=("mentor",), name="Мария Модератор")
    assert c.post(f"/cohorts/api/v1/teams/{group['id']}/mentors", json={"account_id": mentor["id"]}, headers=h).status_code in (200, 201)
    consultations = system.runtime("consultations")
    with WorkerThread(system.runtime("cohorts")), WorkerThread(consultations):
        def ready():
            with consultations.engine.connect() as conn:
                return conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.mentors)).scalar_one() == 1
        wait_until(ready, message="the group's moderator in consultations")
    m = {"Authorization": f"Bearer {token(system, mentor['email'], mentor['password'])}"}
    cs = system.client("consultations")
    start = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)).replace(microsecond=0)
    meeting = {"kind": "group", "team_ids": [group["id"]], "started_at": start.isoformat(), "duration_minutes": 90,
               "topics": ["Работа группы"]}
    wrong = cs.post("/consultations/api/v1/consultations", json={**meeting, "online_url": "zoom встреча"}, headers=m)
    assert wrong.status_code == 422 and wrong.json["errors"] == {"online_url": ["Укажите веб-адрес встречи (https://…)."]}
    planned = cs.post("/consultations/api/v1/consultations", json={**meeting, "online_url": "https://meet.example.org/ecology"}, headers=m)
    assert planned.status_code == 201 and planned.json["status"] == "planned" and planned.json["online_url"] == "https://meet.example.org/ecology"
    held = cs.post("/consultations/api/v1/consultations", json={
        **meeting, "started_at": (start - dt.timedelta(days=10)).isoformat(), "online_url": "https://meet.example.org/ecology",
        "attendee_ids": [anna, oleg, irina]}, headers=m)
    assert held.status_code == 201 and held.json["status"] == "held"
    history = cs.get(f"/consultations/teams/{group['id']}", headers=m).get_data(as_text=True)
    assert history.count('href="https://meet.example.org/ecology"') == 2  # held and planned, in the group's history
    from services.cohorts.figures.models import ConsultationFact

    with WorkerThread(consultations), WorkerThread(system.runtime("cohorts")):
        def told():
            with system.runtime("cohorts").engine.connect() as conn:
                return conn.execute(sa.select(sa.func.count()).select_from(ConsultationFact.__table__)
                                    .where(ConsultationFact.online_url.is_not(None))).scalar_one()
        wait_until(lambda: told() == 2, message="the meetings in cohorts")

    # news: the programme's and the group's, on the public page and in the feeds
    program_id = ids["program"]["id"]
    own = c.post(f"/cohorts/api/v1/programs/{program_id}/news", json={"title": "Итоги года", "body": "Программа подвела итоги."}, headers=h)
    news = c.post(f"/cohorts/api/v1/programs/{program_id}/news",
                  json={"title": "Встреча группы", "body": "Обсудим карту свалок.", "team_id": group["id"]}, headers=h)
    assert own.status_code == 201 and news.status_code == 201 and news.json["team_id"] == group["id"]
    other = c.post(f"/cohorts/api/v1/programs/{program_id}/news", json={"title": "x", "body": "y", "team_id": 999999}, headers=h)
    assert other.status_code == 422 and list(other.json["errors"]) == ["team_id"]
    public = c.get(f"/cohorts/public/programs/{program_id}").get_data(as_text=True)
    assert "Рабочие группы" in public and "Экология" in _text(public) and "Встреча группы" in public
    feed = c.get(f"/cohorts/public/programs/{program_id}/news.atom").get_data(as_text=True)
    assert "<title>Экология: Встреча группы</title>" in feed and "<title>Итоги года</title>" in feed
    meetings = public[public.index('id="meetings"'):]
    assert "Экология" in meetings and 'href="https://meet.example.org/ecology"' in meetings  # the planned one ahead
    assert meetings.count("https://meet.example.org/ecology") == 1  # not the one already held
    calendar = c.get(f"/cohorts/public/programs/{program_id}/events.ics").get_data(as_text=True)
    assert f"UID:meeting-{planned.json['id']}@" in calendar and f"UID:meeting-{held.json['id']}@" in calendar
    assert "Онлайн-встреча рабочей группы «Экология»" in calendar.replace("\r\n ", "")
    group_feed = c.get(f"/cohorts/public/programs/{program_id}/groups/{group['id']}/news.atom").get_data(as_text=True)
    assert "Встреча группы" in group_feed and "Итоги года" not in group_feed
    assert c.get(f"/cohorts/public/programs/{program_id}/groups/{group['id'] + 1}/news.atom").status_code == 404
