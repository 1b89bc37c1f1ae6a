"""Loads a small rural NGO programme of Kazakhstan through the public API, once (a second run finds it and adds
nothing): funded in euros, spending in tenge, reaching rural NGOs by a cascade. Experts train seven resource-centre
staff, one per oblast (level 1); three of them each lead a cohort of rural NGO workers in their oblast (level 2),
with a district akimat's specialist among them; one trainer also sits in a colleague's sessions. Each level-2
cohort has four sessions; most came to at least half.

What the report then says: level 1, 7 people of 7 organisations; level 2, 31 people (30 workers and the trainer
sitting in); 37 people in all, each once."""
from __future__ import annotations

import datetime as dt

from demo.client import Api

PROGRAMME_NAME = "Сельские НКО Казахстана (демо)"
FUNDER = "Европейский союз"
TIMEZONE = "Asia/Almaty"
OBLASTS = ("Алматинская", "Туркестанская", "Актюбинская", "Павлодарская", "Восточно-Казахстанская", "Атырауская",
           "Жамбылская")
STAFF = ("Айгерим Сапарова", "Ерлан Жумабаев", "Гульнара Ахметова", "Нурлан Касымов", "Динара Омарова",
         "Бауыржан Сейткали", "Асель Нургалиева")
WORKERS_PER_COHORT = 10
SESSIONS = 4


class KazakhstanLoader:
    def __init__(self, api: Api, *, today: dt.date, made):
        self.api = api
        self.year = today.year - 1  # the last whole year: the same figures on any day
        self.made = made

    def run(self) -> int:
        found = [p for p in self.api.items("/cohorts/api/v1/programs") if p["name"] == PROGRAMME_NAME]
        if found:
            return found[0]["id"]
        program = self.api.post("/cohorts/api/v1/programs", {
            "name": PROGRAMME_NAME, "funder": FUNDER, "timezone": TIMEZONE, "currency": "KZT", "grant_currency": "EUR",
            "grant_amount": "267300", "starts_on": f"{self.year}-01-01", "ends_on": f"{self.year}-12-31",
            "targets": {"participants": 35}})
        self.made("программа в Казахстане")
        centres = [self._organisation(f"Ресурсный центр НКО, {oblast} область", "ngo") for oblast in OBLASTS]
        top = self.api.post("/cohorts/api/v1/cohorts", {"program_id": program["id"], "name": "Ресурсные центры: обучение экспертами"})
        self.made("поток")
        staff = [self._person(name, f"+7701700{n:04d}", centres[n]) for n, name in enumerate(STAFF)]
        self._enrol(top["id"], staff)
        self._sessions(top["id"], staff, {p: SESSIONS for p in staff}, "Тренинг экспертов «КАМЕДА»")
        akimat = self._organisation("Аппарат акима Енбекшиказахского района", "state")
        phone = 0
        cohorts = []
        for k in range(3):
            trainer = staff[k]
            cohort = self.api.post("/cohorts/api/v1/cohorts", {
                "program_id": program["id"], "name": f"Сельские НКО: {OBLASTS[k]} область", "region": f"{OBLASTS[k]} область",
                "parent_cohort_id": top["id"], "trainer_ids": [trainer]})
            self.made("поток каскада")
            ngos = [self._organisation(f"Сельское НКО «{OBLASTS[k][:5]}-{n + 1}»", "ngo") for n in range(4)]
            people = []
            for n in range(WORKERS_PER_COHORT):
                phone += 1
                organisation = akimat if (k == 0 and n == 0) else ngos[n % 4]  # a district akimat's specialist among them
                people.append(self._person(f"Участник {OBLASTS[k]} {n + 1}", f"+7701800{phone:04d}", organisation))
            self._enrol(cohort["id"], people)
            cohorts.append((cohort, people))
        (first, first_people), (second, second_people), _ = cohorts
        self._enrol(second["id"], [staff[0]])  # a trainer sitting in a colleague's sessions: one person in the totals
        for cohort, people in cohorts:
            # eight of ten came to three sessions of four, two to one only
            came = {p: (3 if n < 8 else 1) for n, p in enumerate(people)}
            self._sessions(cohort["id"], people, came, "Занятие для сельских НКО")
        self._in_two_languages(program["id"], top["id"])
        return program["id"]

    def _in_two_languages(self, program_id: int, top_cohort_id: int) -> None:
        """The programme speaks Kazakh and Russian: its manuals in both, its news in both."""
        training = self.api.post("/cohorts/api/v1/events", {
            "program_id": program_id, "kind": "training", "title": "Ресурстық орталықтар тренингі / Тренинг ресурсных центров",
            "starts_at": f"{self.year}-02-20T04:00:00+00:00", "duration_minutes": 480, "place": "Алматы", "registration": "closed"})
        self.made("мероприятие")
        for title, language, url in (
                ("Ауылдық ҮЕҰ-ға арналған қызмет көрсету нұсқаулығы", "kk", "https://example.org/manuals/kk/services.pdf"),
                ("Руководство по услугам для сельских НКО", "ru", "https://example.org/manuals/ru/services.pdf"),
                ("Жергілікті атқарушы органдармен әріптестік", "kk", "https://example.org/manuals/kk/partnership.pdf")):
            self.api.post(f"/cohorts/api/v1/events/{training['id']}/materials", {"title": title, "language": language, "url": url})
            self.made("материал")
        for title, body in (
                ("Жобаның бірінші кезеңі аяқталды", "Жеті облыстың ресурстық орталықтарының қызметкерлері сарапшылардан оқудан өтті."),
                ("Завершён первый этап проекта", "Сотрудники ресурсных центров семи областей прошли обучение у экспертов.")):
            self.api.post(f"/cohorts/api/v1/programs/{program_id}/news", {"title": title, "body": body})
            self.made("новость")

    def _organisation(self, name: str, kind: str) -> int:
        made = self.api.post("/cohorts/api/v1/organisations", {"name": name, "kind": kind})
        self.made("организация")
        return made["id"]

    def _person(self, name: str, phone: str, organisation_id: int) -> int:
        made = self.api.post("/cohorts/api/v1/people", {"full_name": name, "phone": phone, "organisation_id": organisation_id})
        self.made("участник")
        return made["id"]

    def _enrol(self, cohort_id: int, people: list[int]) -> None:
        for pid in people:
            self.api.post(f"/cohorts/api/v1/cohorts/{cohort_id}/participants", {"person_id": pid})

    def _sessions(self, cohort_id: int, people: list[int], came: dict[int, int], title: str) -> None:
        for n in range(SESSIONS):
            session = self.api.post(f"/cohorts/api/v1/cohorts/{cohort_id}/sessions", {
                "title": f"{title} {n + 1}", "starts_at": f"{self.year}-0{3 + n}-15T04:00:00+00:00", "duration_minutes": 180})
            self.made("занятие")
            self.api.put(f"/cohorts/api/v1/sessions/{session['id']}/attendance",
                         {"person_ids": [p for p in people if came.get(p, 0) > n]})
