"""A juror who signs in with the account, not the personal link: the fairs' home leads to the live page, and the
plain sheet keeps its scores when the network is gone, sending them once it is back (the live page's queue)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from services.fairs.jury.models import Score, Sheet
from tests.browser.pages import back_online, go_offline, sign_in
from tests.support.fair_day import day_fair, day_world

pytestmark = pytest.mark.browser

WAIT = 20_000  # ms: a slow machine still gets there


def test_a_juror_signed_in_with_the_account_reaches_the_live_page_and_scores_offline(page, live, system, shot):
    w = day_world(system, teams=2, jurors=1)
    fair = day_fair(system, w)
    juror = w["accounts"][0]
    sign_in(page, live, juror)
    page.goto(f"{live}/fairs/")
    live_link = page.get_by_role("link", name="Оценить выступление на сцене")
    expect(live_link).to_be_visible()
    assert live_link.get_attribute("href") == f"/fairs/{fair['id']}/live"

    page.goto(f"{live}/fairs/{fair['id']}/my-sheets")
    expect(page.locator("#to-live")).to_be_visible()
    pitch = fair["pitches"][0]
    page.goto(f"{live}/fairs/{fair['id']}/pitches/{pitch['id']}/sheet")
    go_offline(page)
    for criterion, value in zip(fair["criteria"], (7, 4)):
        page.locator(f"#criterion-{criterion['id']}").get_by_text(str(value), exact=True).click()
    page.get_by_label("Комментарий").fill("Сильная команда")
    page.get_by_role("button", name="Сохранить лист").click()
    expect(page.locator("#queue-status")).to_contain_text("Нет сети: лист ждёт на телефоне", timeout=WAIT)
    shot(page, "plain-sheet-offline")
    with system.runtime("fairs").engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(Sheet.__table__)).scalar_one() == 0

    back_online(page)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#queue-status")).to_have_text("Отправлено.", timeout=WAIT)
    with system.runtime("fairs").engine.connect() as conn:
        stored = dict(conn.execute(sa.select(Score.criterion_id, Score.value)).all())
        comment = conn.execute(sa.select(Sheet.comment)).scalar_one()
    assert stored == {fair["criteria"][0]["id"]: 7, fair["criteria"][1]["id"]: 4} and comment == "Сильная команда"
