"""Standing conflicts from consultations, on real servers: a juror who logged a consultation with a team in the lineup
(consultations' API -> outbox -> broker -> fairs' replica) is flagged; the fair does not open until the chair confirms
or clears each flag; confirmed (or undecided) recuses, cleared lets the juror score; a cancelled consultation drops it."""
from __future__ import annotations

import re

import sqlalchemy as sa

from services.fairs.jury.models import ConsultationReplica
from tests.support.api import coordinator_headers, create_account, register_team, setup_cohort, token
from tests.support.fair_day import workers
from tests.support.jury import assert_sheet_recusals_agree
from tests.support.system import scalar, wait_until
from services.fairs.db import REPLICAS


def test_a_juror_who_consulted_a_team_is_flagged_and_the_chair_decides_before_opening(system):
    h = coordinator_headers(system)
    ids = setup_cohort(system, h)
    c = system.client("cohorts")
    teams = [register_team(system, h, ids["cohort"]["id"], ids["territory"]["id"], name, project_title=title)
             for name, title in (("Эссо-тур", "Этнотропа"), ("Мильково", "Тропа здоровья"))]
    for team in teams:
        assert c.post(f"/cohorts/api/v1/teams/{team['id']}/nomination", headers=h).status_code == 200
    expert = create_account(system, roles=("mentor", "juror"), name="Пётр Эксперт")
    other = create_account(system, roles=("juror",), name="Ирина Жюри")
    mentor = {"Authorization": f"Bearer {token(system, expert['email'], expert['password'])}"}
    fairs = system.runtime("fairs")
    with workers(system, "cohorts", "consultations", "fairs"):
        consultations = system.runtime("consultations")
        from services.consultations.db import REPLICAS as CONSULTATION_REPLICAS

        wait_until(lambda: scalar(consultations.engine,
            sa.select(sa.func.count()).select_from(CONSULTATION_REPLICAS.teams)) == 2, message="teams in consultations")
        logged = system.client("consultations").post("/consultations/api/v1/consultations", json={
            "kind": "individual", "team_ids": [teams[0]["id"]], "started_at": "2026-10-01T10:00:00+00:00",
            "duration_minutes": 60, "attendee_ids": [], "topics": ["Бюджет"]}, headers=mentor)
        assert logged.status_code == 201, logged.json

        def ready():
            with fairs.engine.connect() as conn:
                return (conn.execute(sa.select(sa.func.count()).select_from(ConsultationReplica)).scalar_one() == 1
                        and conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.teams).where(REPLICAS.teams.c.nominated)).scalar_one() == 2
                        and conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.accounts)).scalar_one() >= 3)
        wait_until(ready, message="the consultation and the world in fairs")

        f = system.client("fairs")
        fair = f.post("/fairs/api/v1/fairs", json={"cohort_id": ids["cohort"]["id"], "name": "Ярмарка", "held_on": "2026-11-28"}, headers=h).json
        base = f"/fairs/api/v1/fairs/{fair['id']}"
        assert f.post(f"{base}/criteria", json={"name": "Актуальность", "weight": 1, "max_score": 10}, headers=h).status_code == 201
        flagged = f.post(f"{base}/jurors", json={"account_id": expert["id"]}, headers=h).json
        f.post(f"{base}/jurors", json={"account_id": other["id"]}, headers=h)
        pitches = f.get(f"{base}/pitches", headers=h).json["items"]
        esso = next(p for p in pitches if p["team_id"] == teams[0]["id"])
        listed = f.get(f"{base}/conflicts", headers=h).json["items"]
        assert [(x["juror_name"], x["pitch_id"], x["kind"], x["decision"]) for x in listed] == [("Пётр Эксперт", esso["id"], "consulted", None)]

        refused = f.patch(base, json={"state": "open"}, headers=h)
        assert refused.status_code == 409 and refused.json["errors"] == {
            "conflicts": ["Сначала решите по отмеченным конфликтам интересов (осталось: 1)."]}
        bad = f.post(f"{base}/conflicts/reviews", json={"juror_id": flagged["id"], "pitch_id": pitches[1]["id"], "decision": "cleared"}, headers=h)
        assert bad.status_code == 422 and list(bad.json["errors"]) == ["pitch_id"]
        wrong = f.post(f"{base}/conflicts/reviews", json={"juror_id": flagged["id"], "pitch_id": esso["id"], "decision": "maybe"}, headers=h)
        assert wrong.status_code == 422 and list(wrong.json["errors"]) == ["decision"]

        # the chair's page shows the flag; confirmed, the juror is recused from that pitch
        page = system.app("fairs").test_client()
        chair = create_account(system, name="Председатель")
        with page.session_transaction() as s:
            s.update(aid=chair["id"], roles=["coordinator"], v=1, name="Председатель")
        jury = page.get(f"/fairs/{fair['id']}/jurors").text
        assert "Отмеченные конфликты интересов" in jury and "не решено: отвод до решения" in jury
        assert "Не решён 1 отмеченный конфликт интересов" in page.get(f"/fairs/{fair['id']}/settings").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', jury).group(1)
        confirmed = page.post(f"/fairs/{fair['id']}/conflicts/review",
                              data={"csrf_token": csrf, "juror_id": str(flagged["id"]), "pitch_id": str(esso["id"]), "decision": "confirmed"})
        assert confirmed.status_code == 303 and "отвод подтверждён" in page.get(f"/fairs/{fair['id']}/jurors").text
        assert f.patch(base, json={"state": "open"}, headers=h).status_code == 200
        criterion = str(f.get(f"{base}/criteria", headers=h).json["items"][0]["id"])
        link = {"Authorization": f"Bearer {flagged['link_token']}"}
        recused = f.put(f"{base}/pitches/{esso['id']}/scores", json={"scores": {criterion: 7}}, headers=link)
        assert recused.status_code == 409 and recused.json["reason"] == "consulted"
        assert recused.json["message"] == "Вы консультировали эту команду: конфликт интересов, вы не оцениваете её выступление, пока председатель не снимет отвод."
        status = {s["pitch_id"]: s for s in f.get(f"{base}/pitch-status", headers=h).json["items"]}
        assert status[esso["id"]]["recused"] == [flagged["id"]] and status[esso["id"]]["expected"] == 1
        assert list(assert_sheet_recusals_agree(system, fair["id"]).values()) == ["consulted"]

        # cleared: the juror scores after all
        cleared = f.post(f"{base}/conflicts/reviews", json={"juror_id": flagged["id"], "pitch_id": esso["id"], "decision": "cleared"}, headers=h)
        assert cleared.status_code == 200 and cleared.json["decision"] == "cleared"
        assert f.put(f"{base}/pitches/{esso['id']}/scores", json={"scores": {criterion: 7}}, headers=link).status_code == 200

        # the consultation cancelled in consultations: the flag goes
        cid = logged.json["id"]
        assert system.client("consultations").post(f"/consultations/api/v1/consultations/{cid}/cancel", headers=mentor).status_code == 200
        wait_until(lambda: f.get(f"{base}/conflicts", headers=h).json["items"] == [], message="the flag gone after the cancellation")
