"""The fair day in Chromium: the chair runs it from the console, the hall watches the projector, three jurors score
on their phones (one loses the network for two pitches and comes back, one corrects a sheet the chair questioned),
the leaders are revealed one by one and nothing the chair has not revealed ever reaches the projector."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from services.fairs.db import REPLICAS
from tests.browser.pages import back_online, go_offline, sign_in
from tests.support.api import create_account, register_team, setup_cohort, token
from tests.support.system import wait_until

pytestmark = pytest.mark.browser

WAIT = 20_000  # ms: a slow machine still gets there; nothing here waits a fixed time
TEAMS = (
    ("Эссо-тур", "Этнотропа «Эссо»"),
    ("Анавгайские ремёсла", "Мастерская эвенских ремёсел"),
    ("Мильковский хор", "Хор ветеранов"),
    ("Быстринская тропа", "Тропа здоровья"),
)
CRITERIA = (("Актуальность", 2, 10), ("Реалистичность бюджета", 1, 5))
# what each juror gives each pitch (Актуальность, Реалистичность): Эссо-тур leads, then Анавгай, then Быстринская
SCORES = {
    0: {"Эссо-тур": (9, 5), "Анавгайские ремёсла": (7, 4), "Быстринская тропа": (4, 2)},
    1: {"Эссо-тур": (8, 5), "Анавгайские ремёсла": (6, 3), "Быстринская тропа": (3, 2)},
    2: {"Эссо-тур": (9, 4), "Анавгайские ремёсла": (7, 3), "Быстринская тропа": (5, 1)},
}


def world(system, live):
    coordinator = create_account(system, name="Председатель Ярмарки")
    h = {"Authorization": f"Bearer {token(system, coordinator['email'], coordinator['password'])}"}
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    for name, title in TEAMS:
        team = register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], name, project_title=title)
        assert c.post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h).status_code == 200
    jurors = [create_account(system, roles=("juror",), name=name) for name in ("Ирина Жюри", "Олег Жюри", "Вера Жюри")]
    fairs = system.runtime("fairs")

    def replicated():
        with fairs.engine.connect() as conn:
            teams = conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.teams)
                                 .where(REPLICAS.teams.c.nominated, REPLICAS.teams.c.version > 0)).scalar_one()
            accounts = conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.accounts)
                                    .where(REPLICAS.accounts.c.id.in_([j["id"] for j in jurors]))).scalar_one()
            return teams == len(TEAMS) and accounts == len(jurors)

    wait_until(replicated, message="teams and jurors in fairs")
    f = system.client("fairs")
    fair = f.post("/fairs/api/v1/fairs", json={"cohort_id": ids["cohort"]["id"], "name": "Ярмарка социальных проектов",
                                               "held_on": "2026-11-20", "place": "с. Эссо", "jury_weight": 0.7,
                                               "audience_weight": 0.3}, headers=h).json
    for name, weight, top in CRITERIA:
        assert f.post(f"/fairs/api/v1/fairs/{fair['id']}/criteria", json={"name": name, "weight": weight, "max_score": top},
                      headers=h).status_code == 201
    links = []
    for juror in jurors:
        seat = f.post(f"/fairs/api/v1/fairs/{fair['id']}/jurors", json={"account_id": juror["id"]}, headers=h).json
        links.append(seat)
    lineup = f.get(f"/fairs/api/v1/fairs/{fair['id']}/pitches", headers=h).json["items"]
    pitches = {p["team_name"]: p["id"] for p in lineup}
    teams = {p["team_name"]: p["team_id"] for p in lineup}
    return {"coordinator": coordinator, "h": h, "fair": fair, "jurors": links, "pitches": pitches, "teams": teams}


def ticket_fair(system, w) -> int:
    """A second fair of the cohort whose audience votes with printed tickets, open."""
    f = system.client("fairs")
    fair = f.post("/fairs/api/v1/fairs", json={"cohort_id": w["fair"]["cohort_id"], "name": "Ярмарка по билетам", "held_on": "2026-11-21",
                                               "jury_weight": 0.5, "audience_weight": 0.5, "audience_mode": "ticket"}, headers=w["h"])
    assert fair.status_code == 201, fair.json
    fair_id = fair.json["id"]
    assert f.post(f"/fairs/api/v1/fairs/{fair_id}/criteria", json={"name": "Актуальность", "weight": 1, "max_score": 5},
                  headers=w["h"]).status_code == 201
    assert f.patch(f"/fairs/api/v1/fairs/{fair_id}", json={"state": "open"}, headers=w["h"]).status_code == 200
    return fair_id


def pitches_of(system, fair_id) -> dict:
    from services.fairs.fair import lookups

    with system.runtime("fairs").uow() as uow:
        return {row["team_name"]: row["id"] for row in lookups.lineup(uow, fair_id)}


def votes(system, fair_id) -> list:
    """(device or ticket, pitch) of every vote stored for the fair."""
    from services.fairs.audience.models import Vote

    with system.runtime("fairs").engine.connect() as conn:
        rows = conn.execute(sa.select(Vote.voter, Vote.pitch_id).where(Vote.fair_id == fair_id).order_by(Vote.id)).all()
    return [(voter.split(":")[0], pitch) for voter, pitch in rows]


def score(phone, pitch_scores):
    for (criterion, _weight, _top), value in zip(CRITERIA, pitch_scores):
        phone.get_by_role("radiogroup", name=criterion).get_by_text(str(value), exact=True).click()
    phone.get_by_role("button", name="Отправить лист").click()


def sheet_rows(system, fair_id):
    """(juror_id, pitch_id) of every stored sheet, and how many history lines each has."""
    from services.fairs.jury.models import Sheet, SheetRevision

    with system.runtime("fairs").engine.connect() as conn:
        sheets = conn.execute(sa.select(Sheet.id, Sheet.juror_id, Sheet.pitch_id).where(Sheet.fair_id == fair_id)).all()
        revisions = dict(conn.execute(sa.select(SheetRevision.sheet_id, sa.func.count()).where(SheetRevision.fair_id == fair_id)
                                      .group_by(SheetRevision.sheet_id)).all())
        kinds = conn.execute(sa.select(SheetRevision.sheet_id, SheetRevision.kind, SheetRevision.reason)
                             .where(SheetRevision.fair_id == fair_id).order_by(SheetRevision.id)).all()
    return sheets, revisions, kinds


def test_the_fair_day_console_projector_and_three_jurors_one_offline(browser, browser_context_args, live, system, shot):
    w = world(system, live)
    fair_id = w["fair"]["id"]
    pitches = w["pitches"]
    laptop = browser.new_context(**{**browser_context_args, "viewport": {"width": 1280, "height": 800}, "has_touch": False})
    chair = laptop.new_page()
    chair.on("dialog", lambda dialog: dialog.accept())  # the chair confirms what asks first
    sign_in(chair, live, w["coordinator"])
    chair.goto(f"{live}/fairs/{fair_id}/console")
    expect(chair.get_by_role("heading", name="Пульт председателя")).to_be_visible()
    chair.get_by_role("button", name="Открыть ярмарку").click()
    expect(chair.get_by_text("Ярмарка открыта: жюри оценивает, зрители голосуют.")).to_be_visible()

    projector = laptop.new_page()
    projector.goto(f"{live}/fairs/{fair_id}/projector")
    expect(projector.locator("#team")).to_have_text("Ярмарка скоро начнётся")

    # three jurors open their personal links on their own phones
    phones = []
    for seat in w["jurors"]:
        context = browser.new_context(**browser_context_args)
        phone = context.new_page()
        phone.goto(seat["link_url"])
        expect(phone).to_have_url(f"{live}/fairs/{fair_id}/live")
        phones.append(phone)
    ira, oleg, vera = phones
    expect(ira.get_by_text("Член жюри: Ирина Жюри")).to_be_visible()

    # the chair brings on the first pitch: every phone opens its sheet by itself, the projector shows it
    chair.get_by_role("button", name="Первое выступление →").click()
    expect(chair.get_by_text("На сцене: 1. Эссо-тур")).to_be_visible()
    chair.get_by_role("button", name="Запустить таймер").click()
    expect(projector.locator("#team")).to_have_text("1. Эссо-тур", timeout=WAIT)
    expect(projector.locator("#sent")).to_have_text("Прислали листы: 0 из 3")
    chair.set_viewport_size({"width": 360, "height": 740})  # the chair's console on a phone too
    shot(chair, "console-phone")
    chair.set_viewport_size({"width": 1280, "height": 800})
    for phone in phones:
        expect(phone.locator("#sheet-title")).to_have_text("1. Эссо-тур", timeout=WAIT)
    shot(ira, "juror-first-pitch")

    # Вера's phone loses the network for two pitches
    go_offline(vera)
    for i, phone in enumerate(phones):
        score(phone, SCORES[i]["Эссо-тур"])
    for phone in (ira, oleg):
        expect(phone.locator("#queue-status")).to_have_text("Отправлено", timeout=WAIT)
    expect(vera.locator("#queue-status")).to_contain_text("Ждёт отправки (1)")
    expect(projector.locator("#sent")).to_have_text("Прислали листы: 2 из 3", timeout=WAIT)
    shot(projector, "projector-first-pitch")
    # the console refreshed itself too (no reload): who sent, who is still missing
    esso_row = chair.locator("#pitch-%d" % pitches["Эссо-тур"])
    expect(esso_row.locator(".sent-count")).to_have_text("прислали 2 из 3", timeout=WAIT)
    expect(esso_row.locator(".who.missing")).to_have_text("Нет листа: Вера Жюри")

    chair.get_by_role("button", name="Дальше →").click()
    expect(chair.get_by_text("На сцене: 2. Анавгайские ремёсла")).to_be_visible()
    for phone in (ira, oleg):
        expect(phone.locator("#sheet-title")).to_have_text("2. Анавгайские ремёсла", timeout=WAIT)
        expect(phone.locator("#sheet-state")).to_contain_text("на сцене")
    # offline, Вера's phone cannot follow the stage: she opens the second pitch herself
    expect(vera.locator("#connection")).to_be_visible(timeout=WAIT)
    vera.locator('#pitches .chip[data-pitch="%d"]' % pitches["Анавгайские ремёсла"]).click()
    for i, phone in enumerate(phones):
        score(phone, SCORES[i]["Анавгайские ремёсла"])
    expect(vera.locator("#queue-status")).to_contain_text("Ждёт отправки (2)")
    shot(vera, "juror-offline-two-waiting")

    # the third team is absent: skipped; the fourth comes on
    chair.get_by_role("button", name="Дальше →").click()
    expect(chair.get_by_text("На сцене: 3. Мильковский хор")).to_be_visible()
    chair.get_by_role("button", name="Команды нет: пропустить").click()
    expect(chair.get_by_text("На сцене: 4. Быстринская тропа")).to_be_visible()
    expect(chair.locator("#pitch-%d" % pitches["Мильковский хор"]).get_by_text("нет в зале, пропущена")).to_be_visible()
    expect(projector.locator("#team")).to_have_text("4. Быстринская тропа", timeout=WAIT)

    # Вера closes the tab while still offline; back online, the phone opens the page again and the two sheets go,
    # the first answer lost on the way back: the resend carries the same key and nothing counts twice
    vera.close()
    context = phones[2].context
    lost = {"n": 0}

    def lose_first_answer(route):
        if route.request.method == "PUT" and lost["n"] == 0:
            lost["n"] += 1
            route.fetch()  # the server stores the sheet...
            route.abort()  # ...and the answer never reaches the phone
        else:
            route.continue_()

    context.route(re.compile(r".*/scores$"), lose_first_answer)
    back_online(context)
    vera = context.new_page()
    vera.goto(f"{live}/fairs/{fair_id}/live")
    expect(vera.locator("#queue-status")).to_have_text("Отправлено", timeout=WAIT)
    assert lost["n"] == 1
    assert vera.evaluate("JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.startsWith('rostok.queue.')) || '[]')).length") == 0
    expect(vera.locator("#sheet-title")).to_have_text("4. Быстринская тропа", timeout=WAIT)
    shot(vera, "juror-back-online-sent")
    for i, phone in enumerate((ira, oleg, vera)):
        score(phone, SCORES[i]["Быстринская тропа"])
        expect(phone.locator("#queue-status")).to_have_text("Отправлено", timeout=WAIT)

    sheets, revisions, _kinds = sheet_rows(system, fair_id)
    assert len(sheets) == 9 and len({(s.juror_id, s.pitch_id) for s in sheets}) == 9  # each sheet stored once
    assert set(revisions.values()) == {1}  # sent once each: the resend changed nothing

    # the hall votes from its phones (the QR code on the projector); the counts stay hidden until the chair shows them
    voters = []
    for choice in ("Эссо-тур", "Эссо-тур", "Анавгайские ремёсла"):
        voter = browser.new_context(**browser_context_args).new_page()
        voter.goto(f"{live}/fairs/{fair_id}/vote")
        voter.get_by_label("Код с экрана в зале").fill(projector.locator("#presence-code").inner_text())
        voter.locator("label", has_text=choice).click()
        voter.get_by_role("button", name="Голосовать").click()
        expect(voter.get_by_text("Спасибо: ваш голос учтён.")).to_be_visible()
        voters.append(voter)
    shot(voters[0], "audience-voted")
    assert sorted(votes(system, fair_id)) == sorted([("device", pitches["Эссо-тур"])] * 2 + [("device", pitches["Анавгайские ремёсла"])])
    expect(projector.locator("#counts")).to_be_hidden()
    chair.goto(f"{live}/fairs/{fair_id}/console")
    chair.get_by_role("button", name="Показать залу число голосов").click()
    expect(projector.locator("#counts")).to_be_visible(timeout=WAIT)
    expect(projector.locator("#count-list li", has_text="Эссо-тур").locator(".count-n")).to_have_text("2")
    shot(projector, "projector-counts")
    # a fair that votes by printed tickets: a ticket's QR code opens the page with its code, and it votes once
    ticketed = ticket_fair(system, w)
    ticket = system.client("fairs").post(f"/fairs/api/v1/fairs/{ticketed}/tickets", json={"count": 2}, headers=w["h"]).json["items"][0]
    holder = browser.new_context(**browser_context_args).new_page()
    holder.goto(ticket["vote_url"])
    expect(holder.get_by_label("Код билета")).to_have_value(ticket["pretty"])
    holder.locator("label", has_text="Быстринская тропа").click()
    holder.get_by_role("button", name="Голосовать").click()
    expect(holder.get_by_text("Спасибо: ваш голос учтён.")).to_be_visible()
    shot(holder, "ticket-voted")
    assert votes(system, ticketed) == [("ticket", pitches_of(system, ticketed)["Быстринская тропа"])]

    # the chair questions Олег's first sheet; his phone shows why; he corrects it
    chair.goto(f"{live}/fairs/{fair_id}/console")
    esso = chair.locator("#pitch-%d" % pitches["Эссо-тур"])
    expect(esso.get_by_text("прислали 3 из 3")).to_be_visible()
    esso.get_by_text("Попросить члена жюри исправить лист").click()
    esso.get_by_label("Член жюри", exact=True).select_option(label="Олег Жюри")
    esso.get_by_label("Что исправить (член жюри это увидит)").fill("Реалистичность: бюджет без софинансирования")
    esso.get_by_role("button", name="Попросить исправить").click()
    expect(chair.get_by_text("Члена жюри попросили исправить лист")).to_be_visible()
    shot(chair, "console-correction-asked")
    oleg.locator('#pitches .chip[data-pitch="%d"]' % pitches["Эссо-тур"]).click()
    expect(oleg.locator("#sheet-correction")).to_have_text(
        "Председатель просит исправить этот лист: Реалистичность: бюджет без софинансирования", timeout=WAIT)
    shot(oleg, "juror-correction-asked")
    score(oleg, (8, 3))
    expect(oleg.locator("#queue-status")).to_have_text("Отправлено", timeout=WAIT)
    _sheets, _revisions, kinds = sheet_rows(system, fair_id)
    assert [(k.kind, k.reason) for k in kinds if k.kind != "sent"] == [
        ("reopened", "Реалистичность: бюджет без софинансирования"),
        ("changed", "Реалистичность: бюджет без софинансирования")]

    # the chair gives Олег a new link (say, his phone was passed around): what he sends on the old one is kept,
    # and he is told to scan the new one; with it, the kept sheet goes
    new_link = system.client("fairs").post(f"/fairs/api/v1/fairs/{fair_id}/jurors/{w['jurors'][1]['id']}/link", headers=w["h"]).json
    oleg.locator('#pitches .chip[data-pitch="%d"]' % pitches["Быстринская тропа"]).click()
    score(oleg, (4, 2))
    expect(oleg.locator("#queue-status")).to_contain_text("эта ссылка больше не действует", timeout=WAIT)
    expect(oleg.locator("#queue-status")).to_contain_text("Ждёт отправки (1)")
    shot(oleg, "juror-link-replaced")
    oleg.goto(new_link["link_url"])
    expect(oleg).to_have_url(f"{live}/fairs/{fair_id}/live")
    expect(oleg.locator("#queue-status")).to_have_text("Отправлено", timeout=WAIT)

    # Ирина changes a sheet offline while the chair closes scoring: back online it is refused, she is told why,
    # and it stays on her phone until she removes it
    go_offline(ira)
    ira.locator('#pitches .chip[data-pitch="%d"]' % pitches["Анавгайские ремёсла"]).click()
    score(ira, (8, 4))
    expect(ira.locator("#queue-status")).to_contain_text("Ждёт отправки (1)")
    # the absent team has no jury score: closing waits for the chair's decision, shown on the console
    chair.get_by_role("button", name="Закрыть оценивание").click()
    expect(chair.locator(".flash-error")).to_contain_text("У некоторых выступлений нет оценки жюри")
    unscored = chair.locator("#unscored-%d" % pitches["Мильковский хор"])
    expect(unscored).to_contain_text("ни один член жюри не отправил лист")
    shot(chair, "console-unscored")
    unscored.get_by_label("Причина (будет показана в итогах)").fill("Команды не было в зале")
    unscored.get_by_role("button", name="Ранжировать по оценке зрителей").click()
    expect(chair.locator("#unscored")).to_have_count(0)
    chair.get_by_role("button", name="Закрыть оценивание").click()
    expect(chair.get_by_text("Оценивание закрыто.", exact=True)).to_be_visible()
    back_online(ira)
    ira.evaluate("window.dispatchEvent(new Event('online'))")
    refusal = ira.locator("#refusals li")
    expect(refusal).to_contain_text("Не принят лист: 2. Анавгайские ремёсла: Оценивание закрыто", timeout=WAIT)
    expect(ira.locator("#fair-closed")).to_have_text("Оценивание закрыто: листы больше не принимаются.", timeout=WAIT)
    shot(ira, "juror-refused-after-close")
    ira.reload()
    expect(ira.locator("#refusals li")).to_contain_text("Не принят лист: 2. Анавгайские ремёсла")  # kept through a reload
    ira.locator("#refusals li").get_by_role("button", name="Убрать с телефона").click()
    expect(ira.locator("#refusals li")).to_have_count(0)

    # the leaders, one by one: the projector never shows one not yet revealed, not even after a reload
    chair.goto(f"{live}/fairs/{fair_id}/console#leaders")
    shot(chair, "console-before-reveal")
    expect(projector.locator("#leaders")).to_be_hidden()
    revealed = []
    for place, team in ((3, "Быстринская тропа"), (2, "Анавгайские ремёсла"), (1, "Эссо-тур")):
        chair.get_by_role("button", name="Объявить следующего лидера").click()
        revealed.append(team)
        expect(projector.locator("#leader-list li")).to_have_count(len(revealed), timeout=WAIT)
        expect(projector.locator("#leader-list li.rank-%d" % place)).to_contain_text(team)
        for hidden in {"Эссо-тур", "Анавгайские ремёсла", "Быстринская тропа"} - set(revealed):
            expect(projector.locator("#leader-list")).not_to_contain_text(hidden)
        if place == 2:
            projector.reload()
            expect(projector.locator("#leader-list li")).to_have_count(2)
            expect(projector.locator("#leader-list")).not_to_contain_text("Эссо-тур")
            shot(projector, "projector-two-revealed")
    shot(projector, "projector-leaders")
    # a network drop: the last view stays up, marked
    go_offline(laptop)
    expect(projector.locator("#reconnecting")).to_be_visible(timeout=WAIT)
    expect(projector.locator("#leader-list li")).to_have_count(3)
    shot(projector, "projector-reconnecting")
    back_online(laptop)
    expect(projector.locator("#reconnecting")).to_be_hidden(timeout=WAIT)
    projector.locator("#theme").click()
    shot(projector, "projector-light")

    # the chair publishes: the results are frozen, public, and reach cohorts, whose team page shows the leader
    chair.goto(f"{live}/fairs/{fair_id}/console")
    chair.get_by_role("button", name="Опубликовать итоги").click()
    expect(chair.get_by_text("Итоги опубликованы.", exact=True)).to_be_visible()
    expect(chair.locator("#fair-state")).to_contain_text("Итоги опубликованы")
    public = browser.new_context(**browser_context_args).new_page()
    public.goto(f"{live}/fairs/{fair_id}/results")
    expect(public.locator("#leaders li")).to_have_count(3)
    expect(public.locator("#leaders li").first).to_contain_text("Эссо-тур")
    shot(public, "public-results")
    chair.goto(f"{live}/cohorts/teams/{w['teams']['Эссо-тур']}")
    expect(chair.get_by_text("Лидер ярмарки")).to_be_visible(timeout=WAIT)
    expect(chair.get_by_text("Место на ярмарке: 1")).to_be_visible()
    shot(chair, "cohorts-team-leader")
    for phone in (ira, oleg, vera):
        phone.context.close()
    laptop.close()
