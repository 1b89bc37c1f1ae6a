"""Loading the demonstration programme, step by step, through the services' own APIs and the events between them.

Every step finds what an earlier run made before it creates anything (by name, e-mail or state), so a second run
adds nothing and a run cut short is completed by the next. Nothing here writes into a service's tables.
"""
from __future__ import annotations

import datetime as dt
import io
import secrets
import time
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from demo import programme as P
from demo.client import Api, ApiError, wait_for


@dataclass
class Loaded:
    created: Counter = field(default_factory=Counter)
    accounts: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # email -> (what, password or None)
    programme_id: int | None = None
    cohort_id: int | None = None
    fair_id: int | None = None
    centre_id: int | None = None

    def made(self, what: str, n: int = 1) -> None:
        self.created[what] += n


class Loader:
    def __init__(self, api: Api, *, today: dt.date, passwords_file: Path | None, log=print):
        self.api = api
        self.today = today
        self.season = P.Season.before(today)
        self.zone = zoneinfo.ZoneInfo(P.TIMEZONE)
        self.passwords_file = passwords_file
        self.log = log
        self.out = Loaded()
        self._participants: list[int] | None = None
        self._members: dict[int, list[int]] = {}

    def run(self) -> Loaded:
        self.programme()
        self.cohort()
        self.territories()
        teams = self.teams_and_people()
        mentors = self.accounts(P.MENTORS, "наставник")
        jurors = self.accounts(P.JURORS, "член жюри")
        self.mentoring(teams, mentors)
        self.school(teams)
        self.consultations(teams, mentors)
        self.nominations(teams)
        self.fair(teams, jurors)
        from demo.centre_load import CentreLoader

        self.out.centre_id = CentreLoader(self.api, today=self.today, made=self.out.made).run()
        from demo.grants_load import GrantsLoader

        GrantsLoader(self.api, today=self.today, made=self.out.made, program_id=self.out.programme_id,
                     experts=[jurors[a.name] for a in P.JURORS]).run()
        from demo.kazakhstan_load import KazakhstanLoader

        KazakhstanLoader(self.api, today=self.today, made=self.out.made).run()
        return self.out

    # -- cohorts ---------------------------------------------------------------------------------------------

    def local(self, day: dt.date, hour: int, minute: int = 0) -> str:
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone).isoformat()

    def programme(self) -> None:
        found = [p for p in self.api.items("/cohorts/api/v1/programs") if p["name"] == P.PROGRAMME_NAME]
        if found:
            self.out.programme_id = found[0]["id"]
            return
        made = self.api.post("/cohorts/api/v1/programs", {
            "name": P.PROGRAMME_NAME, "funder": P.FUNDER, "timezone": P.TIMEZONE,
            "starts_on": self.season.start.isoformat(), "ends_on": self.season.end.isoformat(),
            "grant_amount": P.GRANT, "cofinancing_amount": P.COFINANCING, "targets": P.TARGETS,
        })
        self.out.programme_id = made["id"]
        self.out.made("программа")

    def cohort(self) -> None:
        name = P.COHORT_NAME.format(start=self.season.start.year, end=self.season.end.year)
        found = [c for c in self.api.items("/cohorts/api/v1/cohorts")
                 if c["program_id"] == self.out.programme_id and c["name"] == name]
        if found:
            self.out.cohort_id = found[0]["id"]
            return
        self.out.cohort_id = self.api.post("/cohorts/api/v1/cohorts", {"program_id": self.out.programme_id, "name": name})["id"]
        self.out.made("поток")

    def territories(self) -> None:
        have = {(t["district"], t["settlement"]) for t in self.api.items("/cohorts/api/v1/territories")}
        for district, settlement in P.TERRITORIES:
            if (district, settlement) not in have:
                self.api.post("/cohorts/api/v1/territories", {"district": district, "settlement": settlement})
                self.out.made("территория")

    def teams_and_people(self) -> dict[str, dict]:
        """The centre's register of participants, imported as a spreadsheet: people, teams, roles, consent."""
        path = f"/cohorts/api/v1/cohorts/{self.out.cohort_id}/teams"
        teams = {t["name"]: t for t in self.api.items(path)}
        if not teams:
            book = Workbook()
            sheet = book.active
            sheet.append(P.HEADER)
            for row in P.people_rows(consent_on=self.season.school.date()):
                sheet.append(row)
            content = io.BytesIO()
            book.save(content)
            preview = self.api.upload(f"/cohorts/api/v1/cohorts/{self.out.cohort_id}/imports", "участники.xlsx", content.getvalue())
            refused = [r for r in preview["rows"] if r["action"] == "refused"]
            if refused:  # checked on the preview: nothing is written unless every row fits
                raise ValueError(f"the register has {len(refused)} refused row(s), first: {refused[0]}")
            applied = self.api.post(f"/cohorts/api/v1/imports/{preview['id']}/confirm")
            self.out.made("человек", applied["people_created"])
            self.out.made("команда", applied["teams_created"])
            teams = {t["name"]: t for t in self.api.items(path)}
        return teams

    def accounts(self, wanted: tuple[P.Account, ...], what: str) -> dict[str, dict]:
        """Accounts with a password of their own, written to the passwords file (never into the repository)."""
        existing = {a["email"]: a for a in self.api.items("/cohorts/api/v1/accounts")}
        saved = self._saved_passwords()
        found = {}
        for account in wanted:
            if account.email in existing:
                found[account.name] = {**existing[account.email], "password": saved.get(account.email)}
            else:
                password = "demo-" + secrets.token_urlsafe(9)
                made = self.api.post("/cohorts/api/v1/accounts", {
                    "email": account.email, "name": account.name, "roles": list(account.roles), "password": password})
                self._save_password(account.email, password)
                found[account.name] = {**made, "password": password}
                self.out.made(what)
            self.out.accounts[account.email] = (f"{what} {account.name} ({account.note})", found[account.name]["password"])
        return found

    def _saved_passwords(self) -> dict[str, str]:
        if self.passwords_file is None or not self.passwords_file.exists():
            return {}
        pairs = (line.split(" ", 1) for line in self.passwords_file.read_text().splitlines() if " " in line)
        return {email: password for email, password in pairs}

    def _save_password(self, email: str, password: str) -> None:
        if self.passwords_file is None:
            return
        self.passwords_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.passwords_file, "a", encoding="utf-8") as f:
            f.write(f"{email} {password}\n")
        self.passwords_file.chmod(0o600)

    def mentoring(self, teams: dict[str, dict], mentors: dict[str, dict]) -> None:
        """Each mentor follows two or three teams."""
        names = list(mentors)
        for i, team in enumerate(P.TEAMS):
            team_id = teams[team.name]["id"]
            mentor = mentors[names[i % len(names)]]
            assigned = {m["account_id"] for m in self.api.items(f"/cohorts/api/v1/teams/{team_id}/mentors")}
            if mentor["id"] not in assigned:
                self.api.post(f"/cohorts/api/v1/teams/{team_id}/mentors", {"account_id": mentor["id"]})
                self.out.made("наставник закреплён за командой")

    def school(self, teams: dict[str, dict]) -> None:
        """The away school in Эссо: three sessions over two days, with who came."""
        path = f"/cohorts/api/v1/cohorts/{self.out.cohort_id}/sessions"
        have = {s["title"] for s in self.api.items(path)}
        everyone = self.participants()
        for n, (title, day, minutes, trainer) in enumerate(P.SCHOOL_SESSIONS):
            if title in have:
                continue
            start = self.season.school + dt.timedelta(days=day, hours=5 * (n % 2))
            session = self.api.post(path, {"title": title, "starts_at": start.replace(tzinfo=self.zone).isoformat(),
                                           "duration_minutes": minutes, "place": "с. Эссо, этнокультурный центр",
                                           "trainer": trainer})
            came = [pid for k, pid in enumerate(sorted(everyone)) if (k + n) % 9 != 0]  # a few miss each session
            self.api.put(f"/cohorts/api/v1/sessions/{session['id']}/attendance", {"person_ids": came})
            self.out.made("занятие школы")

    def participants(self) -> list[int]:
        """The cohort's people, read once per run (the import made them all)."""
        if self._participants is None:
            path = f"/cohorts/api/v1/cohorts/{self.out.cohort_id}/participants"
            self._participants = [p["person_id"] for p in self.api.items(path)]
        return self._participants

    def members(self, team_id: int) -> list[int]:
        """A team's people, read once per run."""
        if team_id not in self._members:
            self._members[team_id] = [m["person_id"] for m in self.api.items(f"/cohorts/api/v1/teams/{team_id}/members")]
        return self._members[team_id]

    # -- consultations ---------------------------------------------------------------------------------------

    def consultations(self, teams: dict[str, dict], mentors: dict[str, dict]) -> None:
        """Individual and group consultations and webinars, November to February, with topics and next steps."""
        names = list(mentors)
        months = self.season.months()
        plan: list[tuple[str, dict]] = []
        for i, team in enumerate(P.TEAMS):
            mentor = names[i % len(names)]
            members = self.members(teams[team.name]["id"])
            for k in range(4):  # individual: the team's mentor, once a month
                day = months[k] + dt.timedelta(days=3 + i * 2 + k)
                plan.append((mentor, {
                    "kind": "individual", "started_at": self.local(day, 18 + k % 2), "duration_minutes": 60 + 30 * (k % 2),
                    "team_ids": [teams[team.name]["id"]], "attendee_ids": members[: 2 + k % 3],
                    "topics": [P.TOPICS[(i + k) % len(P.TOPICS)]],
                    "notes": f"Разбор проекта «{team.project}»: {('цели и задачи', 'бюджет', 'партнёры', 'презентация')[k]}.",
                    "next_steps": [{"text": P.NEXT_STEPS[(i + k) % len(P.NEXT_STEPS)], "owner": "команда",
                                    "due_on": (day + dt.timedelta(days=14)).isoformat()}],
                }))
        for g in range(8):  # group: two or three teams of the same district
            group = [P.TEAMS[(g + j * 3) % len(P.TEAMS)] for j in range(2 + g % 2)]
            day = months[g % 4] + dt.timedelta(days=17 + g)
            attendees = []
            for t in group:
                attendees += self.members(teams[t.name]["id"])[:2]
            plan.append((names[g % len(names)], {
                "kind": "group", "started_at": self.local(day, 17), "duration_minutes": 90,
                "team_ids": [teams[t.name]["id"] for t in group], "attendee_ids": attendees,
                "topics": [P.TOPICS[g % len(P.TOPICS)], P.TOPICS[(g + 2) % len(P.TOPICS)]],
                "notes": "Групповая консультация: обмен опытом между командами.",
                "next_steps": [{"text": "Обменяться контактами партнёров", "owner": "лидеры команд"}],
            }))
        everyone = self.participants()
        for w, title in enumerate(("Как написать заявку на грант", "Бюджет проекта без ошибок", "Соцсети для сельского проекта",
                                   "Как говорить с бизнесом", "Регистрация НКО: шаг за шагом", "Готовимся к ярмарке: питч за 3 минуты")):
            day = months[w % 4] + dt.timedelta(days=24 + w % 3)
            plan.append((names[w % len(names)], {
                "kind": "webinar", "started_at": self.local(day, 19), "duration_minutes": 90, "cohort_id": self.out.cohort_id,
                "team_ids": [teams[t.name]["id"] for t in P.TEAMS],
                "attendee_ids": [pid for k, pid in enumerate(sorted(everyone)) if (k + w) % 3 != 0],
                "anonymous_attendees": 5 + 3 * w,  # listeners who joined by the public link, counted apart
                "topics": [P.TOPICS[w % len(P.TOPICS)]], "notes": f"Вебинар «{title}».",
            }))
        logged: dict[str, set] = {}
        for n, (name, body) in enumerate(plan):
            if not mentors[name]["password"]:
                raise ValueError(f"the password of {mentors[name]['email']} is not in {self.passwords_file}: "
                                 "load the demo from the machine that loaded it first")
            mine = self.api.signed_in(mentors[name]["email"], mentors[name]["password"])
            if name not in logged:  # what an earlier run logged, by kind and start
                logged[name] = {(c["kind"], _instant(c["started_at"])) for c in mine.items("/consultations/api/v1/consultations")}
            if (body["kind"], _instant(body["started_at"])) in logged[name]:
                continue
            made = replicated("the teams and people in consultations",
                              lambda: mine.post("/consultations/api/v1/consultations", body, key=f"demo-consultation-{n}"))
            self.out.made({"individual": "индивидуальная консультация", "group": "групповая консультация",
                           "webinar": "вебинар"}[body["kind"]])
            if made.get("next_steps") and n % 3 == 0:  # a third of the agreed steps are done by now
                mine.patch(f"/consultations/api/v1/next-steps/{made['next_steps'][0]['id']}", {"status": "closed"})

    # -- the fair --------------------------------------------------------------------------------------------

    def nominations(self, teams: dict[str, dict]) -> None:
        for team in P.TEAMS:
            t = self.api.get(f"/cohorts/api/v1/teams/{teams[team.name]['id']}")
            if not t.get("nominated"):
                self.api.post(f"/cohorts/api/v1/teams/{t['id']}/nomination")
                self.out.made("проект выдвинут на ярмарку")

    def fair(self, teams: dict[str, dict], jurors: dict[str, dict]) -> None:
        found = [f for f in self.api.items("/fairs/api/v1/fairs") if f["cohort_id"] == self.out.cohort_id and f["name"] == P.FAIR_NAME]
        if found and found[0]["state"] == "published":
            self.out.fair_id = found[0]["id"]
            return
        fair = found[0] if found else self._new_fair()
        self.out.fair_id = base_id = fair["id"]
        base = f"/fairs/api/v1/fairs/{base_id}"
        # the lineup follows the cohort's nominations, which reach fairs as events from cohorts
        wait_for("the nominated projects in the fair's lineup", lambda: len(self.api.items(f"{base}/pitches")) >= len(P.TEAMS))
        if not self.api.items(f"{base}/criteria"):
            for name, weight, top in P.CRITERIA:
                self.api.post(f"{base}/criteria", {"name": name, "weight": weight, "max_score": top})
        seats = {j["account_id"]: j for j in self.api.items(f"{base}/jurors")}
        for name, account in jurors.items():
            if account["id"] not in seats:
                seat = replicated(f"{name}'s account in fairs",
                                  lambda: self.api.post(f"{base}/jurors", {"account_id": account["id"]}))
                seats[account["id"]] = seat
                self.out.made("член жюри на ярмарке")
        pitches = {p["team_name"]: p for p in self.api.items(f"{base}/pitches")}
        self._needs(base, pitches)
        if fair["state"] == "draft":
            self.api.patch(base, {"state": "open"})
        self._sheets(base, pitches, jurors, seats)
        self._votes(base, pitches)
        self._pledges(base, pitches)
        self.api.post(f"{base}/results")
        self.out.made("итоги ярмарки опубликованы")
        # the leaders reach the funder's report by an event from fairs: done is when the report the demo prints shows them
        report = f"/cohorts/api/v1/programs/{self.out.programme_id}/report"
        wait_for("the leaders in the funder's report",
                 lambda: self.api.get(report)["indicators"]["leaders"]["value"] >= P.TARGETS["leaders"])

    def _new_fair(self) -> dict:
        fair = self.api.post("/fairs/api/v1/fairs", {
            "cohort_id": self.out.cohort_id, "name": P.FAIR_NAME, "held_on": self.season.fair_day.isoformat(),
            "place": P.FAIR_PLACE, "jury_weight": 0.7, "audience_weight": 0.3, "audience_mode": "ticket"})
        self.out.made("ярмарка")
        return fair

    def _needs(self, base: str, pitches: dict[str, dict]) -> None:
        if self.api.items(f"{base}/needs"):
            return
        for team in P.TEAMS:
            pid = pitches[team.name]["id"]
            self.api.post(f"{base}/needs", {"pitch_id": pid, "kind": "money", "amount": team.need_money,
                                            "description": "На материалы и работы по смете проекта"})
            self.api.post(f"{base}/needs", {"pitch_id": pid, "kind": "in_kind", "amount": team.need_in_kind_value,
                                            "description": team.need_in_kind})
            self.out.made("потребность проекта", 2)

    def _sheets(self, base: str, pitches: dict[str, dict], jurors: dict[str, dict], seats: dict[int, dict]) -> None:
        """Each juror scores each pitch from the personal link; one declares a conflict of interest instead."""
        if self.api.items(f"{base}/sheets"):
            return
        criteria = self.api.items(f"{base}/criteria")
        recused_juror, recused_team, reason = P.RECUSED
        for j, (name, account) in enumerate(jurors.items()):
            seat = seats[account["id"]]
            link = seat.get("link_token") or self.api.post(f"{base}/jurors/{seat['id']}/link")["link_token"]
            phone = self.api.as_link(link)
            for t, team in enumerate(P.TEAMS):
                pid = pitches[team.name]["id"]
                if (name, team.name) == (recused_juror, recused_team):
                    phone.post(f"{base}/conflicts", {"pitch_id": pid, "reason": reason})
                    self.out.made("самоотвод члена жюри")
                    continue
                # a stable spread: the Эссо dog-sled section, the health trail and the museum lead
                strength = (9, 6, 8, 5, 6, 10, 7)[t]
                scores = {str(c["id"]): max(1, min(c["max_score"], round(c["max_score"] * (strength - (j + t) % 3) / 10)))
                          for c in criteria}
                phone.put(f"{base}/pitches/{pid}/scores", {"scores": scores, "comment": "Оценено на ярмарке"})
                self.out.made("лист оценки")

    def _votes(self, base: str, pitches: dict[str, dict]) -> None:
        """The hall votes with printed tickets: 26 of 30 tickets used."""
        if self.api.items(f"{base}/tickets"):
            return
        tickets = self.api.post(f"{base}/tickets", {"count": 30})["items"]
        favourites = ("Мин-кич-каму", "Мин-кич-каму", "Мильковские волонтёры", "Анавгайские мастерицы", "Долиновка вместе",
                      "Мин-кич-каму", "Шаромская молодёжь", "Атласовский очаг", "Мильковские волонтёры", "Лазовские родники")
        for n, ticket in enumerate(tickets[:26]):
            self.api.post(f"{base}/votes", {"pitch_id": pitches[favourites[n % len(favourites)]]["id"], "ticket": ticket["code"]})
            self.out.made("голос зала")

    def _pledges(self, base: str, pitches: dict[str, dict]) -> None:
        """Live fundraising at the desk, then where each pledge stands a few weeks later."""
        if self.api.items(f"{base}/pledges"):
            return
        partners = {p["name"]: p["id"] for p in self.api.items("/fairs/api/v1/partners")}
        for n, pledge in enumerate(P.PLEDGES):
            body = {"pitch_id": pitches[pledge.team]["id"], "kind": pledge.kind, "amount": pledge.amount,
                    "description": pledge.description or None, "note": "объявлено со сцены"}
            if pledge.partner in partners:
                body["partner_id"] = partners[pledge.partner]
            else:
                body.update(partner=pledge.partner, new_partner={"kind": pledge.partner_kind})
            made = self.api.post(f"{base}/pledges", body, key=f"demo-pledge-{n}")
            partners.setdefault(pledge.partner, made["partner_id"])
            self.out.made("обещание партнёра")
            if pledge.status in ("confirmed", "received"):
                self.api.patch(f"/fairs/api/v1/pledges/{made['id']}", {"status": "confirmed"})
            if pledge.status == "received":
                change = {"status": "received"}
                if pledge.received is not None:
                    change.update(received_amount=pledge.received, reason="Часть суммы партнёр перечислил материалами")
                self.api.patch(f"/fairs/api/v1/pledges/{made['id']}", change)


def replicated(what: str, call, *, timeout: float = 120.0):
    """Make a call that names records another service announced by events: refused as unknown until they arrive."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return call()
        except ApiError as exc:
            unknown = exc.status == 422 and isinstance(exc.body, dict) and set(exc.body.get("errors") or {}) <= REPLICATED_FIELDS
            if not unknown or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


# fields that name another service's records (teams, people, accounts): "no such" there may only mean "not yet"
REPLICATED_FIELDS = {"team_ids", "attendee_ids", "account_id", "program_id"}


def _instant(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.timezone.utc)
