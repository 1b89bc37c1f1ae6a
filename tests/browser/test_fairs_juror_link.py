"""A coordinator puts a juror on the jury; the juror opens the personal link on a phone (no account) and scores a pitch."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.support.api import coordinator_headers, create_account, register_team, setup_cohort, token
from tests.support.system import wait_until

pytestmark = pytest.mark.browser


def test_a_coordinator_adds_a_juror_who_scores_a_pitch_from_the_link_on_a_phone(page, browser, browser_context_args, live, system, shot):
    coordinator = create_account(system, name="Координатор Ярмарки")
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    for name, title in (("Эссо-тур", "Этнотропа «Эссо»"), ("Анавгайские ремёсла", "Мастерская эвенских ремёсел")):
        team = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], name, project_title=title)
        c.post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h)
    juror = create_account(system, roles=("juror",), name="Ирина Петровна Жюри")
    fairs = system.runtime("fairs")
    from services.fairs.db import REPLICAS

    def replicated():
        with fairs.engine.connect() as conn:
            nominated = conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.teams).where(REPLICAS.teams.c.nominated, REPLICAS.teams.c.version > 0)).scalar_one()
            known = conn.execute(sa.select(REPLICAS.accounts.c.id).where(REPLICAS.accounts.c.id == juror["id"])).first()
            return nominated == 2 and known is not None
    wait_until(replicated, message="teams and the juror in fairs")
    f = system.client("fairs")
    fair = f.post("/fairs/api/v1/fairs", json={"cohort_id": ids["cohort"]["id"], "name": "Ярмарка социальных проектов",
                                               "held_on": "2026-11-20", "place": "с. Эссо", "jury_weight": 0.7, "audience_weight": 0.3},
                  headers=h).json
    for name, top in (("Актуальность", 10), ("Реалистичность бюджета", 5), ("Команда", 3)):
        assert f.post(f"/fairs/api/v1/fairs/{fair['id']}/criteria", json={"name": name, "weight": 1, "max_score": top}, headers=h).status_code == 201
    assert f.patch(f"/fairs/api/v1/fairs/{fair['id']}", json={"state": "open"}, headers=h).status_code == 200

    # the coordinator, on a phone too, puts the juror on the jury
    sign_in(page, live, coordinator)
    page.goto(f"{live}/fairs/")
    expect(page.get_by_text("Ярмарка социальных проектов")).to_be_visible()
    shot(page, "coordinator-fairs")
    page.get_by_role("link", name="Жюри", exact=True).click()
    page.get_by_label("Добавить члена жюри").select_option(label=f"Ирина Петровна Жюри · {juror['email']}")
    page.get_by_role("button", name="Добавить в жюри").click()
    expect(page.get_by_text("Член жюри добавлен.")).to_be_visible()
    expect(page.get_by_role("img", name="QR-код личной ссылки: Ирина Петровна Жюри")).to_be_visible()
    shot(page, "coordinator-jury")
    link = page.get_by_label("Личная ссылка").input_value()
    assert link.startswith(f"{live}/fairs/j/")

    # the juror's own phone: a fresh browser, no account
    phone = browser.new_context(**browser_context_args)
    try:
        juror_page = phone.new_page()
        juror_page.goto(link)
        expect(juror_page).to_have_url(f"{live}/fairs/{fair['id']}/live")  # the fair is open: the day's page
        juror_page.goto(f"{live}/fairs/{fair['id']}/my-sheets")
        expect(juror_page.get_by_text("Член жюри: Ирина Петровна Жюри")).to_be_visible()
        expect(juror_page.locator("nav.nav a")).to_have_count(0)  # a link has no navigation
        shot(juror_page, "juror-sheets")
        juror_page.get_by_role("link", name="1. Эссо-тур").click()
        for criterion, score in (("Актуальность", "8"), ("Реалистичность бюджета", "4"), ("Команда", "3")):
            juror_page.get_by_role("radiogroup", name=criterion).get_by_text(score, exact=True).click()
        juror_page.get_by_label("Комментарий").fill("Сильная команда, бюджет надо уточнить")
        shot(juror_page, "juror-sheet-filled")
        juror_page.get_by_role("button", name="Сохранить лист").click()
        expect(juror_page.get_by_text("Лист сохранён: заполнен полностью.")).to_be_visible()
        expect(juror_page.locator("#pitch-" + str(_pitch_id(system, fair["id"], 1)) + " [data-state=complete]")).to_have_text("заполнен")
        expect(juror_page.get_by_text("Готово листов: 1 из 2")).to_be_visible()
        shot(juror_page, "juror-sheet-complete")
        # back on the sheet: what was saved is shown
        juror_page.get_by_role("link", name="1. Эссо-тур").click()
        expect(juror_page.get_by_role("radiogroup", name="Актуальность").get_by_role("radio", name="8")).to_be_checked()
        expect(juror_page.get_by_label("Комментарий")).to_have_value("Сильная команда, бюджет надо уточнить")
    finally:
        phone.close()
    sheets = f.get(f"/fairs/api/v1/fairs/{fair['id']}/sheets", headers=h).json["items"]
    assert [(s["state"], sorted(s["scores"].values())) for s in sheets] == [("complete", [3, 4, 8])]


def _pitch_id(system, fair_id, position):
    from services.fairs.fair import lookups

    with system.runtime("fairs").uow() as uow:
        return lookups.lineup(uow, fair_id)[position - 1]["id"]
