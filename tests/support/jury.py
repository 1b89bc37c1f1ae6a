"""A fair with its jury on the real servers, made through the APIs: a cohort with nominated teams and juror accounts
replicated into fairs, the fair with its criteria, jurors added, opened; a juror's bearer header and full scores."""
from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa

from services.fairs.db import REPLICAS
from tests.support.api import coordinator_headers, create_account, register_team, setup_cohort
from tests.support.system import WorkerThread, wait_until


def bearer(t: str) -> dict:
    return {"Authorization": f"Bearer {t}"}


@contextmanager
def workers(system):
    with WorkerThread(system.runtime("cohorts")), WorkerThread(system.runtime("fairs")):
        yield


def replicated(system, *, accounts: int, nominated: int, mentors: int = 0, members: int = 0):
    fairs = system.runtime("fairs")
    r = REPLICAS

    def ready():
        with fairs.engine.connect() as conn:
            count = lambda q: conn.execute(sa.select(sa.func.count()).select_from(q)).scalar_one()
            return (
                count(r.accounts) >= accounts
                and count(r.teams.select().where(r.teams.c.nominated, r.teams.c.version > 0).subquery()) == nominated  # registered too
                and count(r.mentors.select().where(r.mentors.c.active).subquery()) == mentors
                and count(r.members.select().where(r.members.c.active).subquery()) == members
            )

    wait_until(ready, message="cohorts' data in fairs")


def world(system):
    """A cohort with three teams (two nominated), a coordinator and two jurors, replicated into fairs."""
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    cohort_id = ids["cohort"]["id"]
    c = system.client("cohorts")
    teams = [
        register_team(system, h, cohort_id, ids["territory"]["id"], name, project_title=title)
        for name, title in (("Эссо-тур", "Этнотропа"), ("Анавгайские ремёсла", "Мастерская"), ("Мильково", "Тропа здоровья"))
    ]
    for team in teams[:2]:
        assert c.post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h).status_code == 200
    j1 = create_account(system, roles=("juror",), name="Ирина Жюри")
    j2 = create_account(system, roles=("juror",), name="Олег Жюри")
    mentor = create_account(system, roles=("mentor",), name="Мария Наставник")
    return {"h": h, "cohort_id": cohort_id, "territory_id": ids["territory"]["id"], "teams": teams, "j1": j1, "j2": j2, "mentor": mentor}


def make_fair(system, w, **extra) -> dict:
    f = system.client("fairs")
    body = {"cohort_id": w["cohort_id"], "name": "Ярмарка проектов", "held_on": "2026-11-20", "place": "с. Эссо",
            "jury_weight": 0.7, "audience_weight": 0.3, **extra}
    r = f.post("/fairs/api/v1/fairs", json=body, headers=w["h"])
    assert r.status_code == 201, r.json
    fair = r.json
    for name, weight, top in (("Актуальность", 2, 10), ("Реалистичность", 1, 5)):
        r = f.post(f"/fairs/api/v1/fairs/{fair['id']}/criteria", json={"name": name, "weight": weight, "max_score": top}, headers=w["h"])
        assert r.status_code == 201, r.json
    fair["criteria"] = f.get(f"/fairs/api/v1/fairs/{fair['id']}/criteria", headers=w["h"]).json["items"]
    fair["pitches"] = f.get(f"/fairs/api/v1/fairs/{fair['id']}/pitches", headers=w["h"]).json["items"]
    return fair


def open_fair(system, w, fair) -> dict:
    """Opening fixes criteria, weights, formula and lineup; sheets are taken from then on."""
    r = system.client("fairs").patch(f"/fairs/api/v1/fairs/{fair['id']}", json={"state": "open"}, headers=w["h"])
    assert r.status_code == 200 and r.json["state"] == "open", r.json
    return r.json


def world_with_fair(system, *, opened: bool = False) -> tuple[dict, dict]:
    """The world replicated into fairs, and one fair of its cohort (open for scoring with ``opened``)."""
    w = world(system)
    with workers(system):
        replicated(system, accounts=4, nominated=2)
        fair = make_fair(system, w)
    if opened:
        open_fair(system, w, fair)
    return w, fair


def add_juror(system, w, fair_id, account) -> dict:
    r = system.client("fairs").post(f"/fairs/api/v1/fairs/{fair_id}/jurors", json={"account_id": account["id"]}, headers=w["h"])
    assert r.status_code == 201, r.json
    return r.json


def full_scores(fair, a=7, b=4) -> dict:
    first, second = fair["criteria"]
    return {str(first["id"]): a, str(second["id"]): b}


def assert_sheet_recusals_agree(system, fair_id: int) -> dict:
    """A sheet's write decides the recusal of one juror for one pitch in its own query; it must give, for every juror
    and pitch of the fair, the answer the whole fair's recusals give (the chair's lists, the leaderboard). Returns those."""
    from services.fairs.fair.models import Pitch
    from services.fairs.jury.recusal import active_jurors, fair_recusals
    from services.fairs.jury.sheets import sheet_context

    with system.runtime("fairs").uow() as uow:
        whole = fair_recusals(uow, fair_id)
        pitches = list(uow.session.execute(sa.select(Pitch.id).where(Pitch.fair_id == fair_id)).scalars())
        for juror in active_jurors(uow, fair_id):
            for pitch_id in pitches:
                one = sheet_context(uow, juror, pitch_id).recused
                assert one == whole.get((juror.id, pitch_id)), (juror.id, pitch_id, one, whole)
    return whole
