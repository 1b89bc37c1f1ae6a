"""Loads the demonstration centre's year (demo/centre.py) through the public API, once: a second run finds the
programme and adds nothing."""
from __future__ import annotations

import datetime as dt
import zoneinfo

from demo import centre as C
from demo.client import Api


class CentreLoader:
    def __init__(self, api: Api, *, today: dt.date, made):
        self.api = api
        self.today = today
        self.year = C.year_of(today)
        self.made = made  # the main loader's counter: made(what, n)

    def run(self) -> int:
        found = [p for p in self.api.items("/cohorts/api/v1/programs") if p["name"] == C.PROGRAMME_NAME]
        if found:
            return found[0]["id"]
        program = self.api.post("/cohorts/api/v1/programs", {
            "name": C.PROGRAMME_NAME, "funder": C.FUNDER, "timezone": C.TIMEZONE,
            "starts_on": f"{self.year}-01-01", "ends_on": f"{self.year + 1}-12-31",
            "targets": {"participants": 300}})
        self.made("программа ресурсного центра")
        organisations = self.organisations()
        people = self.people(organisations)
        self.plan_and_events(program["id"], people)
        self.ahead(program["id"])
        self.visits(program["id"], people)
        self.walk_ins()
        for title, body in C.NEWS:
            self.api.post(f"/cohorts/api/v1/programs/{program['id']}/news", {"title": title, "body": body})
            self.made("новость")
        return program["id"]

    def organisations(self) -> list[int]:
        have = {o["name"]: o["id"] for o in self.api.items("/cohorts/api/v1/organisations")}
        ids = []
        for name, kind, settlement in C.ORGANISATIONS:
            if name not in have:
                have[name] = self.api.post("/cohorts/api/v1/organisations", {"name": name, "kind": kind, "settlement": settlement})["id"]
                self.made("организация")
            ids.append(have[name])
        return ids

    def people(self, organisations: list[int]) -> list[dict]:
        out = []
        for name, phone, org in C.PEOPLE:
            out.append({"full_name": name, "phone": phone, "organisation_id": organisations[org] if org is not None else None})
        return out

    def plan_and_events(self, program_id: int, people: list[dict]) -> None:
        base = f"/cohorts/api/v1/programs/{program_id}/plan"
        for n, (month, kind, title, target) in enumerate(C.PLAN):
            line = self.api.post(base, {"kind": kind, "title": title, "month": f"{self.year}-{month:02d}", "target_people": target})
            self.made("строка плана")
            if kind == "consultation":
                continue
            starts = C.starts(self.year, month, 10 + n % 15, 11 if kind != "conference" else 10)
            event = self.api.post("/cohorts/api/v1/events", {
                "program_id": program_id, "plan_item_id": line["id"], "kind": kind, "title": title, "starts_at": starts,
                "duration_minutes": 480 if kind == "conference" else 150, "place": C.PLACE,
                "capacity": 150 if kind == "conference" else 30, "registration": "open"})
            self.made("мероприятие")
            # held: a part of the register came (the same people come back: reach counts each once)
            for k, person in enumerate(people):
                if (k + n) % 3 == 0 or (kind == "conference" and k % 2 == 0):
                    self.api.post(f"/cohorts/api/v1/events/{event['id']}/checkins", {
                        "full_name": person["full_name"], "phone": person["phone"]})
            self.made("мероприятие проведено")
            if n == 0:  # the first open day also went to a school: a talk for pupils, nobody named
                talk = self.api.post("/cohorts/api/v1/events", {
                    "program_id": program_id, "kind": "discussion", "title": "Беседа о волонтёрстве в школе № 12",
                    "starts_at": C.starts(self.year, month, 20, 10), "duration_minutes": 45, "place": "МБОУ «СОШ № 12»",
                    "registration": "closed"})
                self.api.patch(f"/cohorts/api/v1/events/{talk['id']}", {"anonymous_attendees": 40})
                self.made("мероприятие")
        # link the people to their organisations of the register (the check-ins matched them by phone)
        for person in people:
            if person["organisation_id"] is None:
                continue
            found = self.api.get("/cohorts/api/v1/people", q=person["phone"][-10:])["items"]
            if found:
                self.api.patch(f"/cohorts/api/v1/people/{found[0]['id']}", {"organisation_id": person["organisation_id"]})

    def ahead(self, program_id: int) -> None:
        for days, kind, title in C.AHEAD:
            day = self.today + dt.timedelta(days=days)
            self.api.post("/cohorts/api/v1/events", {
                "program_id": program_id, "kind": kind, "title": title, "starts_at": C.starts(day.year, day.month, day.day, 11),
                "duration_minutes": 150, "place": C.PLACE, "capacity": 30, "registration": "open"})
            self.made("мероприятие")

    def visits(self, program_id: int, people: list[dict]) -> None:
        for k, person in enumerate(people[:8]):
            day = dt.date(self.year, 1 + k % 12, 5 + k)
            self.api.post("/cohorts/api/v1/visits", {"full_name": person["full_name"], "phone": person["phone"],
                                                     "purpose": ("library", "office", "incubator")[k % 3],
                                                     "visited_on": day.isoformat(), "program_id": program_id})
            self.made("посещение")

    def walk_ins(self) -> None:
        """Consultations for people who walked in: typed at the desk, matched by cohorts to the register."""
        for k, (name, phone) in enumerate((("Семёнова Дарья Олеговна", "+79131110101"), ("Тарасов Олег Ильич", "+79131110102"),
                                           ("Алексеева Марина", "+79131110001"))):
            day = dt.datetime.combine(self.today - dt.timedelta(days=7 + 9 * k), dt.time(15), zoneinfo.ZoneInfo(C.TIMEZONE))
            self.api.post("/consultations/api/v1/consultations", {
                "kind": "individual", "started_at": day.isoformat(), "duration_minutes": 45,
                "topics": ["Регистрация НКО"], "visitors": [{"full_name": name, "phone": phone}]})
            self.made("консультация пришедшего")
