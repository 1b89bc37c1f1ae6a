"""A fair day's world on the real servers: a cohort with nominated teams and juror accounts, replicated into fairs,
and fairs made, staffed and opened through fairs' API."""
from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa

from services.fairs.db import REPLICAS
from tests.support.api import coordinator_headers, create_account, register_team, setup_cohort
from tests.support.system import WorkerThread, wait_until

TEAMS = (("Эссо-тур", "Этнотропа"), ("Анавгайские ремёсла", "Мастерская"), ("Мильково", "Тропа здоровья"),
         ("Козыревск", "Дом рыбака"), ("Атласово", "Сад у школы"), ("Пущино", "Лыжня"))
JURORS = ("Ирина Жюри", "Олег Жюри", "Анна Жюри", "Пётр Жюри", "Вера Жюри", "Глеб Жюри")


@contextmanager
def workers(system, *services):
    threads = [WorkerThread(system.runtime(s)) for s in (services or ("cohorts", "fairs"))]
    for t in threads:
        t.__enter__()
    try:
        yield
    finally:
        for t in threads:
            t.__exit__(None, None, None)


def day_world(system, *, teams: int = 4, jurors: int = 3) -> dict:
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    cohort_id = ids["cohort"]["id"]
    c = system.client("cohorts")
    made = [register_team(system, h, cohort_id, ids["territory"]["id"], name, project_title=title) for name, title in TEAMS[:teams]]
    for team in made:
        assert c.post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h).status_code == 200
    accounts = [create_account(system, roles=("juror",), name=name) for name in JURORS[:jurors]]
    fairs = system.runtime("fairs")

    def ready():
        with fairs.engine.connect() as conn:
            count = lambda q: conn.execute(sa.select(sa.func.count()).select_from(q)).scalar_one()
            return (count(REPLICAS.accounts) >= jurors + 1
                    and count(REPLICAS.teams.select().where(REPLICAS.teams.c.nominated, REPLICAS.teams.c.version > 0).subquery()) == teams)

    with workers(system):
        wait_until(ready, message="cohorts' world in fairs")
    return {"h": h, "cohort_id": cohort_id, "program_id": ids["program"]["id"], "territory_id": ids["territory"]["id"],
            "teams": made, "accounts": accounts}


def day_fair(system, w, *, open_it: bool = True, **extra) -> dict:
    """A fair with two criteria of 0..10 and weight 1 (a sheet's value is 5 x (a + b)), the whole jury, opened."""
    f = system.client("fairs")
    body = {"cohort_id": w["cohort_id"], "name": "Ярмарка проектов", "held_on": "2026-11-28", "place": "с. Эссо",
            "jury_weight": 1, "audience_weight": 0, **extra}
    r = f.post("/fairs/api/v1/fairs", json=body, headers=w["h"])
    assert r.status_code == 201, r.json
    fair = r.json
    base = f"/fairs/api/v1/fairs/{fair['id']}"
    for name in ("Актуальность", "Реалистичность"):
        assert f.post(f"{base}/criteria", json={"name": name, "weight": 1, "max_score": 10}, headers=w["h"]).status_code == 201
    fair["criteria"] = f.get(f"{base}/criteria", headers=w["h"]).json["items"]
    fair["pitches"] = f.get(f"{base}/pitches", headers=w["h"]).json["items"]
    fair["jurors"] = []
    for account in w["accounts"]:
        r = f.post(f"{base}/jurors", json={"account_id": account["id"]}, headers=w["h"])
        assert r.status_code == 201, r.json
        fair["jurors"].append(r.json)
    if open_it:
        r = f.patch(base, json={"state": "open"}, headers=w["h"])
        assert r.status_code == 200, r.json
        fair.update(state="open")
    return fair


def send(system, fair, juror: int, pitch: int, a: int, b: int, **headers):
    """Juror number ``juror`` sends a complete sheet for pitch number ``pitch`` (both 0-based): value 5 x (a + b)."""
    first, second = fair["criteria"]
    link = fair["jurors"][juror]["link_token"]
    return system.client("fairs").put(
        f"/fairs/api/v1/fairs/{fair['id']}/pitches/{fair['pitches'][pitch]['id']}/scores",
        json={"scores": {str(first["id"]): a, str(second["id"]): b}}, headers={"Authorization": f"Bearer {link}", **headers},
    )


def hall_code(system, fair_id: int) -> str:
    """The code the projector shows now: a phone votes with it."""
    from services.fairs.audience.rules import presence_code
    from services.fairs.audience.views import presence_secret
    from shared.db import utcnow

    with system.app("fairs").app_context():
        return presence_code(presence_secret(), fair_id, utcnow())
