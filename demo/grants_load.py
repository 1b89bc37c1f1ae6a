"""Loads the demonstration programme's small grants call through the public API, once (a second run finds it and adds
nothing): five collaborative projects apply with no account, three experts review by their personal links (one of
them from a partner organisation of an applicant, so never assigned to it), the ranking takes each expert's
leniency out, and the published awards end in a partial one.

Each sheet is the application's own level plus the expert's leniency (+1, 0, -1): the ranking recovers the levels."""
from __future__ import annotations

import datetime as dt

from demo.client import Api, wait_for

CALL_NAME = "Малые гранты на совместные проекты"
BUDGET, MIN_AWARD, MAX_AWARD = "600000", "50000", "200000"
CRITERIA = (("Актуальность для села", 3, 10, False), ("Сила партнёрства", 2, 10, True), ("Реалистичный бюджет", 1, 10, False))
ELIGIBILITY = "НКО и инициативные группы Камчатского края; проект делается вместе хотя бы с одной организацией-партнёром."
# title, organisation, its INN's first nine digits (the check digit is computed), partner, contact, requested, level (0..10)
APPLICATIONS = (
    ("Тропа здоровья у реки", "АНО «Эссо-тур»", "410500101", "Школа с. Эссо", "Осипова Дарья", "200000", 9),
    ("Мастерская родовых ремёсел", "Родовая община «Анавгай»", "410500102", "АНО «Северный берег»", "Солодиков Иван", "180000", 8),
    ("Сельская медиатека", "Клуб «Мильково читает»", "410500103", "Библиотека с. Мильково", "Лаврова Ольга", "150000", 7),
    ("Огород при школе", "АНО «Зелёный двор»", "410500104", "Школа с. Мильково", "Егоров Павел", "120000", 6),
    ("Фестиваль песни", "АНО «Голос долины»", "410500105", "Дом культуры с. Быстринское", "Кечгелхут Анна", "100000", 4),
)
# what the published awards come to: four grants, the fourth the 70 000 left (a partial award), 600 000 in all
LENIENCY = (1, 0, -1)  # the three experts, in the order the demo's jurors come
EXPERT_ORGANISATION = "АНО «Северный берег»"  # the third expert's own: a partner of the second application


def _inn(nine: str) -> str:
    from stdnum.ru import inn

    return nine + inn.calc_company_check_digit(nine)


class GrantsLoader:
    def __init__(self, api: Api, *, today: dt.date, made, program_id: int, experts: list[dict]):
        self.api = api
        self.today = today
        self.made = made  # the main loader's counter: made(what, n)
        self.program_id = program_id
        self.experts = experts  # accounts with the juror role

    def run(self) -> int:
        from demo.load import replicated

        found = [c for c in self.api.items("/fairs/api/v1/calls") if c["program_id"] == self.program_id and c["name"] == CALL_NAME]
        if found and found[0]["state"] == "published":
            return found[0]["id"]
        # applications are taken until the call closes: it closes an hour from now, the coordinator moves it on today
        closes = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(hours=1)
        call = found[0] if found else replicated("the programme in fairs", lambda: self.api.post("/fairs/api/v1/calls", {
            "program_id": self.program_id, "name": CALL_NAME, "eligibility": ELIGIBILITY,
            "opens_at": (closes - dt.timedelta(days=30)).isoformat(), "closes_at": closes.isoformat(),
            "budget": BUDGET, "min_award": MIN_AWARD, "max_award": MAX_AWARD, "reviews_per_application": 2}))
        base = f"/fairs/api/v1/calls/{call['id']}"
        if call["state"] == "draft":
            for name, weight, top, not_applicable in CRITERIA:
                self.api.post(f"{base}/criteria", {"name": name, "weight": weight, "max_score": top, "not_applicable": not_applicable})
            for n, account in enumerate(self.experts[:3]):
                replicated(f"{account['name']}'s account in fairs", lambda: self.api.post(f"{base}/experts", {
                    "account_id": account["id"], "organisation": EXPERT_ORGANISATION if n == 2 else None}))
                self.made("эксперт конкурса")
            self.api.patch(base, {"state": "open"})
            self.made("грантовый конкурс")
        sent = {a["title"]: a["id"] for a in self.api.items(f"{base}/applications")}
        for title, organisation, nine, partner, contact, amount, _level in APPLICATIONS:
            if title in sent:
                continue
            sent[title] = self.api.post(f"{base}/applications", {
                "title": title, "summary": f"{title}: совместный проект с партнёром «{partner}».", "organisation": organisation,
                "inn": _inn(nine), "partners": [{"name": partner, "inn": None}], "contact_name": contact,
                "phone": None, "email": f"grants.{nine}@example.ru", "requested_amount": amount,
                "budget_lines": [{"item": "Материалы и работы", "amount": str(int(amount) - 20000)},
                                 {"item": "Печать и связь", "amount": "20000"}]})["id"]
            self.made("заявка на грант")
        state = self.api.get(base)["state"]
        if state == "open":
            self.api.patch(base, {"state": "review"})
        if state in ("open", "review"):
            self._sheets(base, {sent[a[0]]: a[-1] for a in APPLICATIONS})
            self.api.patch(base, {"state": "decided"})
        self.api.post(f"{base}/awards")
        self.made("итоги конкурса опубликованы")
        # the awards reach the programme's report by an event from fairs: done is when the report shows them
        report = f"/cohorts/api/v1/programs/{self.program_id}/report"
        wait_for("the grants in the programme's report", lambda: (self.api.get(report).get("grants") or {}).get("awarded"))
        return call["id"]

    def _sheets(self, base: str, levels: dict[int, int]) -> None:
        criteria = self.api.items(f"{base}/criteria")
        experts = self.api.items(f"{base}/experts")
        for expert in experts:
            leniency = LENIENCY[[e["account_id"] for e in experts].index(expert["account_id"])]
            as_expert = self.api.as_link(expert["link_token"])
            for assigned in as_expert.items(f"{base}/assignments"):
                level = levels[assigned["application_id"]] + leniency
                scores = {str(c["id"]): (None if c["not_applicable"] and level < 5 else level) for c in criteria}
                as_expert.put(f"/fairs/api/v1/applications/{assigned['application_id']}/reviews",
                              {"scores": scores, "comment": "Лист демо-программы"})
                self.made("лист эксперта")
