"""The demonstration programme: the coordinator's button on an empty embedded system loads it through the public
API, its figures are the ones it was built to give, and ``make demo`` run again afterwards adds nothing."""
from __future__ import annotations

import subprocess
import sys

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.support.embedded import ADMIN, EmbeddedSystem
from tests.support.system import ROOT

pytestmark = pytest.mark.browser

LOADED = 120_000  # ms: the loader waits on events between three processes; a slow machine still gets there


@pytest.fixture
def embedded(tmp_path):
    system = EmbeddedSystem(tmp_path / "var").start()
    yield system
    system.stop()


def figures(system: EmbeddedSystem, headers: dict) -> dict:
    report = requests.get(f"{system.url}/cohorts/api/v1/programs/1/report", headers=headers, timeout=30).json()
    values = {code: item["value"] for code, item in report["indicators"].items()}
    fair = requests.get(f"{system.url}/fairs/api/v1/fairs/1/sheets", headers=headers, params={"per_page": 1}, timeout=30).json()
    pledges = requests.get(f"{system.url}/fairs/api/v1/fairs/1/pledges", headers=headers, params={"per_page": 1}, timeout=30).json()
    return {**values, "sheets": fair["total"], "pledges": pledges["total"], "grants": report["grants"],
            "webinar_anonymous": report["webinar_anonymous_attendees"], "sessions": report["sessions"]}


def centre_reach(system: EmbeddedSystem, headers: dict) -> dict:
    programs = requests.get(f"{system.url}/cohorts/api/v1/programs", headers=headers, timeout=30).json()["items"]
    centre = next(p for p in programs if p["name"].startswith("Ресурсный центр"))
    return requests.get(f"{system.url}/cohorts/api/v1/reach", params={"program_id": centre["id"]}, headers=headers, timeout=30).json()


def test_the_button_loads_the_demo_once_and_make_demo_adds_nothing(embedded, page, shot):
    sign_in(page, embedded.url, {"email": ADMIN[0], "password": ADMIN[1]})
    expect(page.get_by_text("Программ пока нет")).to_be_visible()
    page.get_by_role("button", name="Загрузить демонстрационную программу").click()
    expect(page.get_by_role("heading", name="Демонстрационная программа")).to_be_visible()
    expect(page.get_by_text("Готово.")).to_be_visible(timeout=LOADED)
    output = page.locator("pre.demo-output").inner_text()
    assert "человек: 52" in output and "команда: 7" in output and "итоги ярмарки опубликованы: 1" in output, output
    assert "demo.mentor.orlova@example.ru" in output and "demo.juror.koval@example.ru" in output
    shot(page, "demo-loaded")
    # the button is for an empty system only
    page.get_by_role("link", name="К программам").click()
    expect(page.get_by_role("button", name="Загрузить демонстрационную программу")).to_have_count(0)
    expect(page.locator("#program-1 strong")).to_have_text("Акселератор социальных проектов сельских территорий (демо)")

    token = requests.post(f"{embedded.url}/cohorts/api/v1/auth/token", json={"email": ADMIN[0], "password": ADMIN[1]},
                          timeout=30).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    first = figures(embedded, headers)
    # what the demo was built to give: 7 teams of 4 and 24 activists, 28 + 8 + 6 consultations, 4 jurors on 7
    # projects less one recusal, 3 leaders
    assert first["participants"] == 52 and first["teams"] == 7 and first["leaders"] == 3
    assert first["consultations"] == 42 and first["sheets"] == 27 and first["pledges"] == 9
    # the small grants call: five applications, four grants, the fourth the 70 000 left (partial), 600 000 in all
    assert first["grants"] == {"awarded": 4, "amount": "600000.00", "organisations": 4, "partial": 1}
    # the resource centre's year (the last whole one: the same figures on any day), its reach alive
    centre = centre_reach(embedded, headers)
    assert (centre["people"], centre["anonymous"], centre["organisations"]) == (16, 40, 7)
    assert centre["by_sector"]["state"] == 1 and centre["by_sector"]["municipal"] == 2

    # the rural NGO programme of Kazakhstan: tenge, a grant in euros, a two-level cascade counted once
    programs = requests.get(f"{embedded.url}/cohorts/api/v1/programs", headers=headers, timeout=30).json()["items"]
    kz = next(p for p in programs if p["name"].startswith("Сельские НКО Казахстана"))
    kz_report = requests.get(f"{embedded.url}/cohorts/api/v1/programs/{kz['id']}/report", headers=headers, timeout=30).json()
    assert (kz_report["currency"], kz_report["grant_currency"], kz_report["funds"]["grant"]) == ("KZT", "EUR", 267300.0)
    assert kz_report["breakdowns"]["sector"]["state"] == 1  # the district akimat's specialist: the state at the trainings
    public = requests.get(f"{embedded.url}/cohorts/public/programs/{kz['id']}?lang=kk", timeout=30).text
    assert "Қазақша" in public and "Ауылдық ҮЕҰ-ға арналған қызмет көрсету нұсқаулығы" in public  # manuals in both languages
    assert "Руководство по услугам для сельских НКО" in public and "Жобаның бірінші кезеңі аяқталды" in public
    cascade = kz_report["cascade"]
    assert [(lvl["level"], lvl["people"], lvl["organisations"]) for lvl in cascade["levels"]] == [(1, 7, 7), (2, 31, 14)]
    assert cascade["people_total"] == 37 and [(t["name"], t["reached"], t["attended_half"]) for t in cascade["trainers"]] == [
        ("Айгерим Сапарова", 10, 8), ("Гульнара Ахметова", 10, 8), ("Ерлан Жумабаев", 11, 8)]  # by name

    # a mentor of the demo signs in with the printed password and sees their teams
    line = next(x for x in output.splitlines() if "demo.mentor.orlova@example.ru" in x)
    password = line.split("пароль:")[1].strip()
    mentor = requests.post(f"{embedded.url}/cohorts/api/v1/auth/token",
                           json={"email": "demo.mentor.orlova@example.ru", "password": password}, timeout=30)
    assert mentor.status_code == 200, mentor.text

    again = subprocess.run(
        [sys.executable, "-m", "demo", "--url", embedded.url, "--var-dir", str(embedded.var_dir)],
        cwd=ROOT, env={**embedded.env, "ROSTOK_DEMO_EMAIL": ADMIN[0], "ROSTOK_DEMO_PASSWORD": ADMIN[1]},
        capture_output=True, text=True, timeout=300,
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Демо-программа уже загружена: ничего не добавлено." in again.stdout
    assert figures(embedded, headers) == first
    assert centre_reach(embedded, headers) == centre
