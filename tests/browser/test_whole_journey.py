"""A whole programme in Chromium, from the first programme to the funder's workbook, on both deployments.

The system runs as it does for its users: gunicorn web and a worker per service as separate processes, on the
embedded default (SQLite, kombu filesystem events) and in the production shape (PostgreSQL, RabbitMQ). Everything
goes over HTTP; what travels by events is waited for, never slept on.

A coordinator sets up the programme, its cohort and territories on the pages, imports the Kamchatka spreadsheet, takes
the away school's attendance, nominates four projects and invites a mentor and three jurors; the mentor logs an
individual, a group and a webinar consultation on a phone; at the fair the jurors score every pitch on their phones
(one declares a conflict of interest with a team instead) while the projector follows, the hall votes from its
phones, partners' pledges are taken at the desk while the pledge board adds them up, the chair reveals the leaders
and publishes; the coordinator reads the funder's report, follows figures to their records, downloads the workbook,
and every figure is what the journey did.

One test per stage, in order, on each deployment's one run (the ``journey`` fixture hands on what a stage leaves for
the next): a stage whose predecessor did not pass fails, naming it.

With ROSTOK_SCREENSHOTS_DIR set (``make screenshots``), the embedded run saves the README's pictures there.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.pages import sign_in
from tests.support import kamchatka
from tests.support.deployments import DEPLOYMENTS, EmbeddedDeployment, production
from tests.support.system import ROOT, wait_until

pytestmark = pytest.mark.browser

WAIT = 30_000  # ms, for what arrives by events or a page's own refresh on a slow machine
EVENTS = 120.0  # s, the ceiling for polling what the workers carry between services
LAPTOP = {"width": 1024, "height": 640}
NOMINATED = ("Эссо-тур", "Мильковские волонтёры", "Анавгайские ремёсла", "Долиновка вместе")
LEADERS = ("Эссо-тур", "Анавгайские ремёсла", "Мильковские волонтёры")  # first, second, third
CRITERIA = (("Актуальность", "2", "10"), ("Реалистичность бюджета", "1", "5"))
# each juror's sheet per team (Актуальность, Реалистичность бюджета): the order of LEADERS, then Долиновка
SCORES = (
    {"Эссо-тур": (9, 5), "Анавгайские ремёсла": (7, 4), "Мильковские волонтёры": (6, 3), "Долиновка вместе": (4, 2)},
    {"Эссо-тур": (8, 5), "Анавгайские ремёсла": (6, 3), "Мильковские волонтёры": (5, 3), "Долиновка вместе": (3, 2)},
    {"Эссо-тур": (9, 4), "Анавгайские ремёсла": (7, 3), "Мильковские волонтёры": (6, 2), "Долиновка вместе": (5, 1)},
)
RECUSAL = ("Вера Жюри", "Долиновка вместе")  # a juror's declared conflict of interest with a team
VOTES = ("Эссо-тур", "Эссо-тур", "Анавгайские ремёсла", "Мильковские волонтёры")
MENTOR = {"name": "Мария Наставник", "email": "mentor@kamchatka.example.ru", "password": "наставник-пароль-2026"}
JURORS = ({"name": "Ирина Жюри", "email": "irina.jury@kamchatka.example.ru"},
          {"name": "Олег Жюри", "email": "oleg.jury@kamchatka.example.ru"},
          {"name": "Вера Жюри", "email": "vera.jury@kamchatka.example.ru"})
# minutes of each consultation the mentor logs
CONSULTATIONS = {"individual": 60, "group": 90, "webinar": 120}
WEBINAR_LISTENERS = 23
PLEDGES = (  # partner, team, kind, amount, what
    ("ИП Иванова", "Эссо-тур", "money", 12500, None),
    ("ООО «Камчатрыба»", "Мильковские волонтёры", "money", 40000, None),
    ("Автобаза №3", "Анавгайские ремёсла", "in_kind", 30000, "Автобус на 2 дня"),
)
SCHOOL_ATTENDED = 20
WORKBOOK_LABELS = {"Участники (каждый учтён один раз)": "participants", "Команды": "teams", "Проведено консультаций": "consultations",
                   "Часы консультаций": "consultation_hours", "Проекты-лидеры": "leaders", "Привлечено средств": "funds_raised"}

WORKBOOK_EXTRAS = ("Разработано проектов", "Представлено проектов на ярмарке", "Слушатели вебинаров без имён (отдельно от участников)",
                   "Грант", "Софинансирование", "Помощь в натуральной форме (оценка)")


# the two deployments -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=DEPLOYMENTS)
def deployment(request, tmp_path_factory, artifacts):
    var_dir = tmp_path_factory.mktemp(f"journey-{request.param}")
    databases = None
    if request.param == "embedded":
        system = EmbeddedDeployment(var_dir)
    else:
        servers = request.getfixturevalue("servers")  # fails, never skips, when PostgreSQL or RabbitMQ is missing
        system, databases = production(var_dir, pg_url=servers.pg_url, amqp_url=servers.amqp_url,
                                       run_id=request.getfixturevalue("run_id"), prefix=request.getfixturevalue("broker_prefix"))
    try:
        system.start()  # a failed start stops what it started and fails with the logs
        yield system
    finally:
        system.stop()
        # the processes' logs, shown with a failure and kept beside the screenshots
        logs = system.read_logs()
        print(logs)
        (artifacts / f"{request.node.name}-logs.txt").write_text(logs)
        if databases is not None:
            system.cleanup()
            databases.drop_all()


@pytest.fixture(autouse=True)
def patient():
    """Every expectation of the journey allows a slow machine (the suite's other tests keep Playwright's default)."""
    saved = expect._timeout
    expect.set_options(timeout=WAIT)
    yield
    expect.set_options(timeout=saved)


@pytest.fixture
def picture(request, shot):
    """The README's pictures go to ROSTOK_SCREENSHOTS_DIR from the embedded run; otherwise to the test artifacts."""
    folder = os.environ.get("ROSTOK_SCREENSHOTS_DIR")
    embedded = request.node.callspec.params.get("deployment") == "embedded"

    def take(page, name: str) -> None:
        if folder and embedded:
            path = (Path(folder) if Path(folder).is_absolute() else ROOT / folder) / f"{name}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(path), scale="css")  # what the screen shows, one pixel per CSS pixel
        shot(page, name)

    return take


# helpers -------------------------------------------------------------------------------------------------------------

class Api:
    """The coordinator's API client, to read what the pages did (and what events carried) over HTTP."""

    def __init__(self, url: str, email: str, password: str):
        self.url = url
        r = requests.post(f"{url}/cohorts/api/v1/auth/token", json={"email": email, "password": password}, timeout=30)
        assert r.status_code == 200, r.text
        self.headers = {"Authorization": f"Bearer {r.json()['token']}"}

    def get(self, path: str) -> dict:
        r = requests.get(self.url + path, headers=self.headers, timeout=30)
        assert r.status_code == 200, (path, r.status_code, r.text[:500])
        return r.json()


def reload_until(page, url: str, locator, *, message: str) -> None:
    """Open ``url`` until ``locator(page)`` shows (or is true): what a page needs has to arrive by events first."""

    def shown():
        page.goto(url)
        found = locator(page)
        return found if isinstance(found, bool) else found.count() > 0

    wait_until(shown, timeout=EVENTS, interval=1.0, message=message)


def new_phone(browser, browser_context_args):
    return browser.new_context(**browser_context_args).new_page()


def dates():
    """A programme running now (the journey happens today), whatever today is."""
    today = dt.date.today()
    starts, ends = today - dt.timedelta(days=120), today + dt.timedelta(days=120)
    school = dt.datetime.combine(starts + dt.timedelta(days=30), dt.time(10, 0))
    return starts, ends, school


class Journey:
    """One run of the journey on one deployment, handed from stage to stage: each stage starts only when every stage
    before it has passed (else it fails naming the one that did not), and leaves what the next ones need."""

    def __init__(self, deployment):
        self.url, self.admin = deployment.url, deployment.admin
        self.starts, self.ends, self.school_at = dates()
        self.passed: list[int] = []

    def begin(self, stage: int) -> "Journey":
        missing = [n for n in range(1, stage) if n not in self.passed]
        assert not missing, f"stage {missing[0]} of the journey did not pass: this one stands on it"
        return self

    def end(self, stage: int, **handed_on) -> None:
        for name, value in handed_on.items():
            setattr(self, name, value)
        self.passed.append(stage)


@pytest.fixture(scope="module")
def journey(deployment, browser):
    """Asks for the browser too, so that every stage carries the same parameters (the deployment and the browser) and
    pytest keeps the stages in the file's order."""
    return Journey(deployment)


# the journey, stage by stage ---------------------------------------------------------------------------------------


def test_01_the_coordinator_sets_up_the_programme_on_a_phone(journey, browser, browser_context_args):
    """The coordinator sets up the programme, its cohort and territories, on a phone."""
    j = journey.begin(1)
    admin, ends, starts, url = j.admin, j.ends, j.starts, j.url
    coordinator = new_phone(browser, browser_context_args)
    coordinator.on("dialog", lambda dialog: dialog.accept())
    sign_in(coordinator, url, admin)
    page = coordinator
    page.get_by_label("Программа").first.fill("Акселератор социальных проектов Камчатки")
    page.get_by_label("Грантодатель").fill("Фонд президентских грантов")
    page.get_by_label("Начало").fill(starts.isoformat())
    page.get_by_label("Окончание").fill(ends.isoformat())
    page.get_by_label("Часовой пояс").select_option("Asia/Kamchatka")
    page.get_by_label("Грант", exact=True).fill("998532")
    page.get_by_label("Софинансирование", exact=True).fill("486222")
    page.get_by_label("Цель: участников").fill("50")
    page.get_by_label("Цель: команд").fill("7")
    page.get_by_label("Цель: консультаций").fill("30")
    page.get_by_label("Цель: часов консультаций").fill("40")
    page.get_by_label("Цель: проектов-лидеров").fill("3")
    page.get_by_label("Цель: привлечено средств", exact=True).fill("100000")
    page.get_by_role("button", name="Создать программу").click()
    expect(page.get_by_text("Программа создана.")).to_be_visible()
    page.get_by_label("Поток").fill("Камчатка, первый поток")
    page.get_by_role("button", name="Создать поток").click()
    expect(page.get_by_text("Поток создан.")).to_be_visible()
    cohort_url = page.url
    cohort_id = int(re.search(r"/cohorts/cohorts/(\d+)", cohort_url).group(1))

    page.goto(f"{url}/cohorts/territories")
    for district, settlement in kamchatka.TERRITORIES:
        page.get_by_label("Муниципальный район").fill(district)
        page.get_by_label("Населённый пункт").fill(settlement)
        page.get_by_role("button", name="Добавить").click()
        expect(page.get_by_text("Территория добавлена.")).to_be_visible()
    j.end(1, cohort_id=cohort_id, cohort_url=cohort_url, coordinator=coordinator, page=page)


def test_02_the_people_from_the_centres_spreadsheet(journey, tmp_path):
    """The people: the spreadsheet the centre already has."""
    j = journey.begin(2)
    cohort_url, page = j.cohort_url, j.page
    page.goto(cohort_url)
    page.get_by_role("link", name="Импорт").click()
    sheet = tmp_path / "участники.xlsx"
    sheet.write_bytes(kamchatka.xlsx(kamchatka.people_rows()))
    page.get_by_label("Таблица (.xlsx или .csv)").set_input_files(str(sheet))
    page.get_by_role("button", name="Показать, что будет импортировано").click()
    expect(page.get_by_role("heading", name="Предпросмотр импорта")).to_be_visible()
    page.get_by_role("button", name="Импортировать строк: 28").click()
    expect(page.get_by_text("создано команд — 7")).to_be_visible()
    expect(page.locator("#participants li")).to_have_count(28)
    j.end(2)


def test_03_the_away_school_and_its_attendance(journey):
    """The away school in Esso: a session and its attendance."""
    j = journey.begin(3)
    page, school_at = j.page, j.school_at
    page.get_by_role("link", name="Школа").click()
    page.get_by_label("Название").fill("Выездная школа: социальное проектирование")
    page.get_by_label("Начало").fill(school_at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Продолжительность, минут").fill("240")
    page.get_by_label("Место").fill("с. Эссо, этнический центр")
    page.get_by_role("button", name="Запланировать").click()
    expect(page.get_by_text("запланировано")).to_be_visible()
    page.get_by_role("link", name="Посещаемость (0)").click()
    boxes = page.locator("#participants input[type=checkbox]")
    expect(boxes).to_have_count(28)
    for i in range(SCHOOL_ATTENDED):
        boxes.nth(i).check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status")).to_have_text(f"Посещаемость сохранена: присутствовало {SCHOOL_ATTENDED}.")
    j.end(3)


def test_04_four_projects_go_to_the_fair(journey, picture):
    """Four projects go to the fair."""
    j = journey.begin(4)
    cohort_url, page = j.cohort_url, j.page
    page.goto(cohort_url)
    for name in NOMINATED:
        page.get_by_role("link", name=name).click()
        page.get_by_role("button", name="Выдвинуть проект на ярмарку").click()
        expect(page.get_by_text("Проект выдвинут на ярмарку.")).to_be_visible()
        page.goto(cohort_url)
    expect(page.locator("#teams .tag", has_text="выдвинут")).to_have_count(len(NOMINATED))
    page.evaluate("window.scrollTo(0, 0)")
    picture(page, "cohort")
    j.end(4)


def test_05_a_mentor_and_jurors_are_invited_and_the_mentor_sets_her_password(journey, browser, browser_context_args):
    """A mentor and three jurors are invited under Accounts; the mentor sets a password on her own phone."""
    j = journey.begin(5)
    cohort_url, page, url = j.cohort_url, j.page, j.url
    invitations = {}
    for person, role in [(MENTOR, "Наставник")] + [(j, "Член жюри") for j in JURORS]:
        page.goto(f"{url}/cohorts/accounts")
        page.get_by_label("Имя").fill(person["name"])
        page.get_by_label("Электронная почта").fill(person["email"])
        page.get_by_label(role).check()
        page.get_by_role("button", name="Пригласить").click()
        expect(page.locator(".flash-link input")).to_have_value(re.compile(r"/cohorts/set-password/"))
        invitations[person["email"]] = page.locator(".flash-link input").input_value()
    mentor = new_phone(browser, browser_context_args)
    mentor.goto(invitations[MENTOR["email"]])
    mentor.get_by_label("Новый пароль").fill(MENTOR["password"])
    mentor.get_by_label("Повторите пароль").fill(MENTOR["password"])
    mentor.get_by_role("button", name="Задать пароль").click()
    expect(mentor.get_by_label("Электронная почта")).to_have_value(MENTOR["email"])
    mentor.get_by_label("Пароль").fill(MENTOR["password"])
    mentor.get_by_role("button", name="Войти").click()
    expect(mentor).to_have_url(f"{url}/consultations/")

    # the mentor looks after two teams
    for name in ("Эссо-тур", "Анавгайские ремёсла"):
        page.goto(cohort_url)
        page.get_by_role("link", name=name).click()
        page.locator("select[name=account_id]").select_option(label=MENTOR["name"])
        page.get_by_role("button", name="Закрепить наставника").click()
        expect(page.get_by_text("Наставник закреплён.")).to_be_visible()
        expect(page.locator("#mentors")).to_contain_text(MENTOR["name"])
    j.end(5, mentor=mentor)


def test_06_the_mentor_logs_three_consultations_on_her_phone(journey, picture):
    """The mentor logs an individual, a group and a webinar consultation on her phone."""
    j = journey.begin(6)
    mentor, url = j.mentor, j.url
    esso = [row[0] for row in kamchatka.people_rows() if row[7] == "Эссо-тур"]
    anavgai = [row[0] for row in kamchatka.people_rows() if row[7] == "Анавгайские ремёсла"]
    # her teams and their people reach consultations by events
    own_teams_first = "[...document.querySelectorAll('#team-choices li')].slice(0, 2).map(li => li.textContent.trim()).sort().join('|')"
    reload_until(mentor, f"{url}/consultations/new",
                 lambda p: p.evaluate(own_teams_first) == "Анавгайские ремёсла|Эссо-тур", message="the mentor's teams in consultations")
    mentor.goto(f"{url}/consultations/")
    mentor.get_by_role("link", name="+ Записать консультацию").click()
    mentor.get_by_role("checkbox", name="Эссо-тур").check()
    mentor.get_by_role("checkbox", name=esso[0]).check()
    mentor.get_by_text("Фандрайзинг").click()
    mentor.get_by_label("Продолжительность, минут").fill(str(CONSULTATIONS["individual"]))
    mentor.evaluate("window.scrollTo(0, 0)")
    picture(mentor, "consultation-form")
    mentor.get_by_role("button", name="Сохранить").click()
    expect(mentor.get_by_text("Консультация записана.")).to_be_visible()

    mentor.get_by_role("link", name="+ Записать консультацию").click()
    mentor.get_by_text("Групповая", exact=True).click()
    if not mentor.get_by_role("checkbox", name="Анавгайские ремёсла").is_checked():
        mentor.get_by_role("checkbox", name="Анавгайские ремёсла").check()
    if not mentor.get_by_role("checkbox", name="Эссо-тур").is_checked():
        mentor.get_by_role("checkbox", name="Эссо-тур").check()
    for name in (esso[1], anavgai[0], anavgai[1]):
        mentor.get_by_role("checkbox", name=name).check()
    mentor.get_by_label("Продолжительность, минут").fill(str(CONSULTATIONS["group"]))
    mentor.get_by_role("button", name="Сохранить").click()
    expect(mentor.get_by_text("Консультация записана.")).to_be_visible()

    mentor.get_by_role("link", name="+ Записать консультацию").click()
    mentor.get_by_text("Вебинар", exact=True).click()
    if not mentor.get_by_role("checkbox", name="Эссо-тур").is_checked():
        mentor.get_by_role("checkbox", name="Эссо-тур").check()
    mentor.get_by_label("Анонимные слушатели (вебинар)").fill(str(WEBINAR_LISTENERS))
    mentor.get_by_label("Продолжительность, минут").fill(str(CONSULTATIONS["webinar"]))
    mentor.get_by_text("Продвижение").click()
    mentor.get_by_text("Добавить следующий шаг").click()
    mentor.get_by_label("Следующий шаг").fill("Запустить страницу сбора средств")
    mentor.get_by_role("button", name="Сохранить").click()
    expect(mentor.get_by_text("Консультация записана.")).to_be_visible()
    expect(mentor.locator("#steps li")).to_have_count(1)
    mentor.get_by_role("button", name="✓ Сделано").click()
    expect(mentor.get_by_text("Шаг выполнен.")).to_be_visible()
    mentor.get_by_role("link", name="Эссо-тур").click()
    # the team's history: the school, its nomination and the three consultations, the step done
    expect(mentor.locator("#timeline > li")).to_have_count(len(CONSULTATIONS) + 2)
    expect(mentor.locator("#timeline")).to_contain_text("Школа: Выездная школа: социальное проектирование")
    expect(mentor.locator("#timeline li.done")).to_have_text("✓ Запустить страницу сбора средств")
    assert mentor.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    mentor.context.close()
    j.end(6, esso=esso)


def test_07_the_fair_is_created_with_criteria_and_a_jury(journey):
    """The fair: created, given criteria and a jury on the pages."""
    j = journey.begin(7)
    admin, page, url = j.admin, j.page, j.url
    api = Api(url, admin["email"], admin["password"])
    reload_until(page, f"{url}/fairs/", lambda p: p.locator("#cohort_id option", has_text="Камчатка, первый поток"),
                 message="the cohort in fairs")
    page.get_by_label("Название").fill("Ярмарка социальных проектов")
    page.get_by_label("Поток").select_option(label="Камчатка, первый поток")
    page.get_by_label("Дата").fill(dt.date.today().isoformat())
    page.get_by_label("Место").fill("с. Мильково, дом культуры")
    page.get_by_label("Вес жюри").fill("0,7")
    page.get_by_label("Вес зрителей").fill("0,3")
    page.get_by_role("button", name="Создать ярмарку").click()
    expect(page.get_by_text("Ярмарка создана.")).to_be_visible()
    fair_id = int(re.search(r"/fairs/(\d+)", page.url).group(1))
    wait_until(lambda: api.get(f"/fairs/api/v1/fairs/{fair_id}/pitches")["total"] == len(NOMINATED), timeout=EVENTS,
               interval=0.5, message="the nominated projects in the fair's lineup")
    pitches = {p["team_name"]: p["id"] for p in api.get(f"/fairs/api/v1/fairs/{fair_id}/pitches")["items"]}
    order = [p["team_name"] for p in sorted(api.get(f"/fairs/api/v1/fairs/{fair_id}/pitches")["items"], key=lambda p: p["position"])]

    page.goto(f"{url}/fairs/{fair_id}/settings")
    form = page.locator("#new-criterion")
    for name, weight, top in CRITERIA:
        form.get_by_label("Название критерия").fill(name)
        form.get_by_label("Вес").fill(weight)
        form.get_by_label("Максимальный балл").fill(top)
        form.get_by_role("button", name="Добавить критерий").click()
        expect(page.get_by_text(f"Критерий добавлен: {name}.")).to_be_visible()

    jury_url = f"{url}/fairs/{fair_id}/jurors"
    for juror in JURORS:
        reload_until(page, jury_url, lambda p: p.locator("#add-juror option", has_text=juror["email"]),
                     message=f"{juror['name']} in fairs")
        page.get_by_label("Добавить члена жюри").select_option(label=f"{juror['name']} · {juror['email']}")
        page.get_by_role("button", name="Добавить в жюри").click()
        expect(page.locator("#jurors li.juror", has_text=juror["name"])).to_have_count(1)
    links = {j["name"]: page.locator("#jurors li.juror", has_text=j["name"]).locator("input.link").input_value() for j in JURORS}
    page.context.close()
    j.end(7, api=api, fair_id=fair_id, links=links, order=order, pitches=pitches)


def test_08_the_fair_day_the_console_the_projector_and_the_jurors_phones(journey, browser, browser_context_args, picture):
    """The fair day: the chair's console and the projector on a laptop, the jurors' phones."""
    j = journey.begin(8)
    admin, api, fair_id, links, order, pitches, url = j.admin, j.api, j.fair_id, j.links, j.order, j.pitches, j.url
    laptop = browser.new_context(**{**browser_context_args, "viewport": LAPTOP, "has_touch": False})
    chair = laptop.new_page()
    chair.on("dialog", lambda dialog: dialog.accept())
    sign_in(chair, url, admin)
    chair.goto(f"{url}/fairs/{fair_id}/console")
    expect(chair.get_by_role("heading", name="Пульт председателя")).to_be_visible()
    chair.get_by_role("button", name="Открыть ярмарку").click()
    expect(chair.locator("#fair-state")).to_contain_text("Ярмарка открыта")
    projector = laptop.new_page()
    projector.goto(f"{url}/fairs/{fair_id}/projector")
    expect(projector.locator("#team")).to_have_text("Ярмарка скоро начнётся")

    phones = []
    for juror in JURORS:
        phone = new_phone(browser, browser_context_args)
        phone.goto(links[juror["name"]])
        expect(phone).to_have_url(f"{url}/fairs/{fair_id}/live")
        expect(phone.get_by_text(f"Член жюри: {juror['name']}")).to_be_visible()
        phones.append(phone)

    for n, team in enumerate(order, start=1):
        chair.get_by_role("button", name="Первое выступление →" if n == 1 else "Дальше →").click()
        expect(chair.get_by_role("region", name="На сцене").locator("strong").first).to_have_text(f"{n}. {team}")
        expect(chair.get_by_text(f"На сцене: {n}. {team}")).to_be_visible()  # the console's own refresh leaves it
        if n == 1:
            chair.get_by_role("button", name="Запустить таймер").click()
        expect(projector.locator("#team")).to_have_text(f"{n}. {team}", timeout=WAIT)
        for i, phone in enumerate(phones):
            expect(phone.locator("#sheet-title")).to_have_text(f"{n}. {team}", timeout=WAIT)
            if (JURORS[i]["name"], team) == RECUSAL:
                # a conflict of interest, declared from the phone: she does not score this pitch
                phone.get_by_role("link", name="У меня конфликт интересов с этой командой").click()
                phone.get_by_label("У меня конфликт интересов с этой командой (я не оцениваю её)").check()
                phone.get_by_label("Причина (необязательно)").fill("Моя сестра в команде")
                phone.get_by_role("button", name="Сохранить лист").click()
                expect(phone.get_by_text("Конфликт интересов заявлен: вы не оцениваете это выступление.")).to_be_visible()
                phone.goto(f"{url}/fairs/{fair_id}/live")
                continue
            for (criterion, _w, _top), value in zip(CRITERIA, SCORES[i][team]):
                phone.get_by_role("radiogroup", name=criterion).get_by_text(str(value), exact=True).click()
            if n == 1 and i == 0:
                picture(phone, "juror-sheet")
            phone.get_by_role("button", name="Отправить лист").click()
            expect(phone.locator("#queue-status")).to_have_text("Отправлено", timeout=WAIT)
        jury = len(JURORS) - (team == RECUSAL[1])
        expect(projector.locator("#sent")).to_have_text(f"Прислали листы: {jury} из {jury}", timeout=WAIT)
        if n == 1:
            picture(projector, "projector-pitch")
        row = chair.locator("#pitch-%d" % pitches[team])
        expect(row.locator(".sent-count")).to_have_text(f"прислали {jury} из {jury}", timeout=WAIT)

    conflicts = api.get(f"/fairs/api/v1/fairs/{fair_id}/conflicts")["items"]
    assert [(c["juror_name"], c["pitch_id"], c["kind"], c["reason"]) for c in conflicts] == [
        (RECUSAL[0], pitches[RECUSAL[1]], "declared", "Моя сестра в команде")]
    j.end(8, chair=chair, laptop=laptop, phones=phones, projector=projector)


def test_09_the_hall_votes_from_its_phones(journey, browser, browser_context_args):
    """The hall votes from its phones."""
    j = journey.begin(9)
    api, chair, fair_id, pitches, projector, url = j.api, j.chair, j.fair_id, j.pitches, j.projector, j.url
    # each phone votes with the code the projector shows: the first types it, the others scan the QR code that carries it
    for n, choice in enumerate(VOTES):
        voter = new_phone(browser, browser_context_args)
        code = projector.locator("#presence-code").inner_text()
        if n == 0:
            voter.goto(f"{url}/fairs/{fair_id}/vote")
            voter.get_by_label("Код с экрана в зале").fill(code)
        else:
            voter.goto(f"{url}/fairs/{fair_id}/vote?code={code}")
        voter.locator("label", has_text=choice).click()
        voter.get_by_role("button", name="Голосовать").click()
        expect(voter.get_by_text("Спасибо: ваш голос учтён.")).to_be_visible()
        voter.context.close()

    votes = {c["pitch_id"]: c["votes"] for c in api.get(f"/fairs/api/v1/fairs/{fair_id}/vote-counts")["items"]}
    assert votes == {pitches[team]: VOTES.count(team) for team in NOMINATED}
    chair.get_by_role("button", name="Показать залу число голосов").click()
    expect(projector.locator("#counts")).to_be_visible(timeout=WAIT)
    expect(projector.locator("#count-list li", has_text="Эссо-тур").locator(".count-n")).to_have_text(str(VOTES.count("Эссо-тур")))
    j.end(9)


def test_10_partners_pledge_at_the_desk_and_the_board_adds_up(journey, browser, browser_context_args):
    """Partners' pledges at the desk, on a phone, while the pledge board on the projector adds them up."""
    j = journey.begin(10)
    admin, fair_id, laptop, pitches, url = j.admin, j.fair_id, j.laptop, j.pitches, j.url
    board = laptop.new_page()
    board.goto(f"{url}/fairs/{fair_id}/pledge-board")
    expect(board.locator("#total-money")).to_have_text("0\u00a0₽")
    desk = new_phone(browser, browser_context_args)
    sign_in(desk, url, admin)
    desk.goto(f"{url}/fairs/{fair_id}/pledge-desk")
    expect(desk.get_by_role("heading", name="Стол обещаний")).to_be_visible()
    for partner, team, kind, amount, what in PLEDGES:
        desk.get_by_label("Партнёр", exact=True).fill(partner)
        desk.get_by_label("Проект", exact=True).select_option(str(pitches[team]))
        if kind == "in_kind":
            desk.get_by_label("Натурой", exact=True).check()
            desk.get_by_label("Помощь натурой: что, сколько, на какой срок").fill(what)
        desk.get_by_label("Сумма, ₽").fill(str(amount))
        desk.get_by_role("button", name="Записать обещание").click()
        expect(desk.locator(".flash-success")).to_contain_text(f"Записано: {partner}")
    expect(desk.locator(".recent li")).to_have_count(len(PLEDGES))
    desk.context.close()
    rubles = lambda amount: f"{amount:,}".replace(",", "\u00a0") + "\u00a0₽"
    expect(board.locator("#total-money")).to_have_text(rubles(sum(p[3] for p in PLEDGES if p[2] == "money")))
    expect(board.locator("#total-in-kind")).to_have_text(rubles(sum(p[3] for p in PLEDGES if p[2] == "in_kind")))
    expect(board.locator("#newest .pledge")).to_have_count(len(PLEDGES))
    board.close()
    j.end(10)


def test_11_scoring_closes_the_leaders_are_revealed_and_published(journey, browser, browser_context_args, picture):
    """Scoring closes, the chair reveals the leaders one by one and publishes."""
    j = journey.begin(11)
    chair, fair_id, laptop, phones, projector, url = j.chair, j.fair_id, j.laptop, j.phones, j.projector, j.url
    chair.goto(f"{url}/fairs/{fair_id}/console")
    chair.get_by_role("button", name="Закрыть оценивание").click()
    chair.goto(f"{url}/fairs/{fair_id}/console#leaders")
    expect(chair.get_by_role("button", name="Объявить следующего лидера")).to_be_visible()
    for shown, team in enumerate(reversed(LEADERS), start=1):
        chair.get_by_role("button", name="Объявить следующего лидера").click()
        expect(projector.locator("#leader-list li")).to_have_count(shown, timeout=WAIT)
        expect(projector.locator("#leader-list li.rank-%d" % (len(LEADERS) + 1 - shown))).to_contain_text(team)
    picture(projector, "projector-leaders")
    chair.goto(f"{url}/fairs/{fair_id}/console")
    chair.get_by_role("button", name="Опубликовать итоги").click()
    expect(chair.locator("#fair-state")).to_contain_text("Итоги опубликованы")
    public = new_phone(browser, browser_context_args)  # anyone, with no account
    public.goto(f"{url}/fairs/{fair_id}/results")
    expect(public.locator("#leaders li")).to_have_count(len(LEADERS))
    for place, team in enumerate(LEADERS):
        expect(public.locator("#leaders li").nth(place)).to_contain_text(team)
    public.context.close()
    for phone in phones:
        phone.context.close()
    laptop.close()
    j.end(11)


def test_12_the_funders_report_is_what_the_journey_did(journey, browser, browser_context_args, picture):
    """The funder's report: every figure is what the journey did."""
    j = journey.begin(12)
    admin, api, cohort_id, coordinator, esso, url = j.admin, j.api, j.cohort_id, j.coordinator, j.esso, j.url
    expected = {"participants": 28, "teams": 7, "consultations": 3, "consultation_hours": sum(CONSULTATIONS.values()) / 60,
                "leaders": len(LEADERS), "funds_raised": float(sum(p[3] for p in PLEDGES if p[2] == "money"))}
    report_path = f"/cohorts/api/v1/cohorts/{cohort_id}/report"

    def arrived():
        values = {k: v["value"] for k, v in api.get(report_path)["indicators"].items()}
        return values if values == expected else None

    try:
        wait_until(arrived, timeout=EVENTS, interval=0.5, message="the consultations, results and pledges in the report")
    except AssertionError:
        assert {k: v["value"] for k, v in api.get(report_path)["indicators"].items()} == expected
    report = api.get(report_path)
    targets = {"participants": 50, "teams": 7, "consultations": 30, "consultation_hours": 40, "leaders": 3, "funds_raised": 100000}
    for code, value in expected.items():
        assert report["indicators"][code]["target"] == targets[code], code
        assert report["indicators"][code]["percent"] == round(value * 100 / targets[code]), code
        records = api.get(report["indicators"][code]["records"])
        if code in ("consultation_hours", "funds_raised"):
            assert records["sum"] == value, code  # hours and rubles: the sum of the records
        else:
            assert records["total"] == value, code
    assert report["consultations_by_kind"] == {"individual": 1, "group": 1, "webinar": 1}
    assert report["webinar_anonymous_attendees"] == WEBINAR_LISTENERS
    money = [p for p in PLEDGES if p[2] == "money"]
    assert report["funds"]["raised"]["money_pledged"] == sum(p[3] for p in money)
    assert report["funds"]["raised"]["in_kind_pledged"] == sum(p[3] for p in PLEDGES if p[2] == "in_kind")
    assert float(report["grant_amount"]) == 998532 and float(report["cofinancing_amount"]) == 486222
    assert report["projects_presented"] == len(NOMINATED)
    assert [(x["title"], x["present"]) for x in report["sessions"]] == [("Выездная школа: социальное проектирование", SCHOOL_ATTENDED)]
    assert report["breakdowns"]["district"] == {"Мильковский МР": 16, "Быстринский МР": 12}
    records = lambda code: api.get(report["indicators"][code]["records"])["items"]
    assert sorted(t["name"] for t in records("teams")) == sorted(team for team, _s, _p in kamchatka.TEAMS)
    assert sorted((c["kind"], c["duration_minutes"]) for c in records("consultations")) == sorted(CONSULTATIONS.items())
    named = {c["kind"]: c["named_attendees"] for c in records("consultations")}
    assert (named["individual"], named["group"]) == (1, 3)
    assert [(x["name"], x["rank"]) for x in records("leaders")] == [(team, rank) for rank, team in enumerate(LEADERS, start=1)]
    assert sorted((x["partner"], x["counted"]) for x in records("funds_raised")) == sorted((p[0], p[3]) for p in money)

    office = browser.new_context(**browser_context_args).new_page()
    sign_in(office, url, admin)
    office.goto(f"{url}/cohorts/cohorts/{cohort_id}/report")
    expect(office.locator("h1")).to_have_text("Отчёт для грантодателя")
    shown = {"participants": "28", "teams": "7", "consultations": "3", "leaders": "3"}
    for code, text in shown.items():
        expect(office.locator(f'#indicators tr[data-indicator="{code}"] a.figure-link')).to_have_text(text)
    expect(office.locator('#indicators tr[data-indicator="consultation_hours"] a.figure-link')).to_have_text("4,5")
    expect(office.locator('#indicators tr[data-indicator="funds_raised"] a.figure-link')).to_contain_text("52\u00a0500")
    for key in ("progress", "territory", "months", "mentors", "projects"):
        expect(office.locator(f"#chart-{key} svg")).to_be_visible()
    assert office.evaluate("document.documentElement.scrollWidth") <= 360
    office.evaluate("document.querySelector('#indicators').scrollIntoView({block: 'start'}); window.scrollBy(0, -12)")
    picture(office, "report")
    office.evaluate("document.querySelector('#chart-progress').scrollIntoView({block: 'start'}); window.scrollBy(0, -12)")
    picture(office, "report-charts")

    office.locator('#indicators tr[data-indicator="participants"] a.figure-link').click()
    office.wait_for_url("**/report/records/participants")
    expect(office.locator("#records-total")).to_have_text("28")
    expect(office.locator("#records li")).to_have_count(28)
    expect(office.locator("#records")).to_contain_text(esso[0])
    office.locator("#to-report").click()
    office.wait_for_url(f"**/cohorts/cohorts/{cohort_id}/report")
    office.locator('#indicators tr[data-indicator="funds_raised"] a.figure-link').click()
    office.wait_for_url("**/report/records/funds_raised")
    expect(office.locator("#records li")).to_have_count(len(money))
    for partner, _team, _kind, _amount, _what in money:
        expect(office.locator("#records")).to_contain_text(partner)
    office.locator("#to-report").click()
    office.wait_for_url(f"**/cohorts/cohorts/{cohort_id}/report")
    with office.expect_download() as info:
        office.locator("#xlsx-link").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    achieved = {WORKBOOK_LABELS[row[0]]: (row[1], row[2]) for row in book.worksheets[0].iter_rows(values_only=True)
                if row and row[0] in WORKBOOK_LABELS}
    assert achieved == {code: (targets[code], value) for code, value in expected.items()}, achieved
    beside = {row[0]: row[2] for row in book.worksheets[0].iter_rows(values_only=True) if row and row[0] in WORKBOOK_EXTRAS}
    assert beside == {"Разработано проектов": 7, "Представлено проектов на ярмарке": len(NOMINATED),
                      "Слушатели вебинаров без имён (отдельно от участников)": WEBINAR_LISTENERS, "Грант": 998532,
                      "Софинансирование": 486222, "Помощь в натуральной форме (оценка)": 30000}, beside
    office.context.close()
    coordinator.context.close()
    j.end(12)
