"""A mentor on a phone logs an individual, a group and a webinar consultation and closes a next step.

Each tap or typed field counts as one action; the note reports the figures this test prints.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.support.api import coordinator_headers, create_account, register_team, setup_cohort
from tests.support.system import wait_until

pytestmark = pytest.mark.browser


class Actions:
    def __init__(self):
        self.count = 0

    def __call__(self, locator_action):
        self.count += 1
        return locator_action


def test_a_mentor_logs_three_consultations_and_closes_a_step(page, live, system, shot):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    esso = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Эссо-тур")
    anavgai = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], "Анавгайские ремёсла")
    for i, (team, name) in enumerate([(esso, "Анна Лидер"), (esso, "Борис Участник"), (anavgai, "Вера Мастер")]):
        pid = c.post("/cohorts/api/v1/people", json={"full_name": name, "phone": f"+7914888{i:04d}"}, headers=h).json["id"]
        c.post(f"/cohorts/api/v1/teams/{team['id']}/members", json={"person_id": pid}, headers=h)
    mentor = create_account(system, roles=("mentor",), name="Мария Наставник")
    c.post(f"/cohorts/api/v1/teams/{esso['id']}/mentors", json={"account_id": mentor["id"]}, headers=h)
    consultations = system.runtime("consultations")
    from services.consultations.db import REPLICAS

    def mentors_replicated():
        with consultations.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.mentors)).scalar_one() == 1 and \
                conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.participants)).scalar_one() == 3
    wait_until(mentors_replicated, message="the cohort in consultations")

    sign_in(page, live, mentor)
    expect(page).to_have_url(f"{live}/consultations/")
    shot(page, "mentor-home-empty")

    counts = {}
    # 1. individual, with the mentor's own team preselected and the usual duration
    act = Actions()
    act(page.get_by_role("link", name="+ Записать консультацию").click())
    expect(page.get_by_role("checkbox", name="Эссо-тур")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Вера Мастер")).to_be_hidden()  # only the ticked team's people
    act(page.get_by_role("checkbox", name="Анна Лидер").check())
    act(page.get_by_text("Фандрайзинг").click())
    shot(page, "form-individual")
    act(page.get_by_role("button", name="Сохранить").click())
    expect(page.get_by_text("Консультация записана.")).to_be_visible()
    counts["individual"] = act.count

    # 2. group: two teams, three people
    act = Actions()
    act(page.get_by_role("link", name="+ Записать консультацию").click())
    act(page.get_by_text("Групповая", exact=True).click())
    act(page.get_by_role("checkbox", name="Анавгайские ремёсла").check())
    for name in ("Анна Лидер", "Борис Участник", "Вера Мастер"):
        act(page.get_by_role("checkbox", name=name).check())
    act(page.get_by_role("button", name="Сохранить").click())
    expect(page.get_by_text("Консультация записана.")).to_be_visible()
    counts["group"] = act.count

    # 3. webinar with an anonymous headcount and a next step
    act = Actions()
    act(page.get_by_role("link", name="+ Записать консультацию").click())
    act(page.get_by_text("Вебинар", exact=True).click())
    act(page.get_by_label("Анонимные слушатели (вебинар)").fill("23"))
    act(page.get_by_text("Продвижение").click())
    act(page.get_by_text("Добавить следующий шаг").click())
    act(page.get_by_label("Следующий шаг").fill("Запустить страницу сбора средств"))
    shot(page, "form-webinar")
    act(page.get_by_role("button", name="Сохранить").click())
    expect(page.get_by_text("Консультация записана.")).to_be_visible()
    counts["webinar"] = act.count
    expect(page.locator("#steps li")).to_have_count(1)
    shot(page, "mentor-home")

    # 4. the step is done
    act = Actions()
    act(page.get_by_role("button", name="✓ Сделано").click())
    expect(page.get_by_text("Шаг выполнен.")).to_be_visible()
    expect(page.get_by_text("Открытых шагов нет.")).to_be_visible()
    counts["close_step"] = act.count

    page.get_by_role("link", name="Эссо-тур").click()
    expect(page.locator("#timeline > li")).to_have_count(3)
    shot(page, "team-timeline")

    # 5. a planned consultation took place: the form asks who came, how long, what was agreed
    from services.consultations.log.models import Consultation

    import datetime as dt

    page.goto(f"{live}/consultations/new")
    page.get_by_text("Групповая", exact=True).click()
    later = (dt.datetime.now() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Когда").fill(later)
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Консультация запланирована.")).to_be_visible()
    with consultations.engine.begin() as conn:  # ...and its time passes
        table = Consultation.__table__
        conn.execute(sa.update(table).where(table.c.status == "planned").values(
            started_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)))
    page.reload()
    act = Actions()
    act(page.locator("#planned").get_by_role("link", name="Состоялась").click())
    expect(page.get_by_role("heading", name="Состоялась: кто был, сколько длилась, о чём договорились")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Состоялась")).to_be_checked()
    act(page.get_by_role("checkbox", name="Борис Участник").check())
    act(page.get_by_label("Заметки").fill("Разобрали смету"))
    shot(page, "form-hold")
    act(page.get_by_role("button", name="Сохранить").click())
    expect(page.get_by_text("Отмечено: состоялась.")).to_be_visible()
    expect(page.locator("#planned")).to_have_count(0)
    counts["took_place"] = act.count
    shot(page, "mentor-home-after")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    print(f"actions per task: {counts}")
    assert counts == {"individual": 4, "group": 7, "webinar": 7, "close_step": 1, "took_place": 4}
