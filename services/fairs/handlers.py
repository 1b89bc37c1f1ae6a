"""Events fairs applies: cohorts' accounts and teams into the replicas; nominations into the fairs' lineups;
consultations' log, for the conflicts of interest it flags."""
from services.fairs.db import REPLICAS
from shared.db import utcnow
from shared.events.envelope import Envelope
from shared.events.replica import batched, replica_write
from shared.events.replicas import replica_handlers
from shared.uow import UnitOfWork

_REPLICA = replica_handlers(REPLICAS)


def _then_lineups(apply):
    """Apply the replica change, then bring the lineups of the team's cohort up to date."""

    def handle(uow: UnitOfWork, env: Envelope) -> None:
        from services.fairs.setup.operations import sync_cohort_lineups

        apply(uow, env)
        uow.flush()
        cohort_id = env.data.get("cohort_id")
        if cohort_id is not None:
            sync_cohort_lineups(uow, cohort_id)

    return handle


@batched
def _consultation(uow: UnitOfWork, env: Envelope) -> None:
    from services.fairs.jury.models import ConsultationReplica

    d = env.data
    if d["cohort_id"] is None:
        return  # the centre's own consultation: no team, so no juror's conflict with one
    replica_write(uow, ConsultationReplica.__table__, {"id": d["id"]}, dict(
        cohort_id=d["cohort_id"], mentor_account_id=d["mentor_account_id"], team_ids=sorted(set(d["team_ids"])),
        status=d["status"], updated_at=utcnow(),
    ), version=env.entity_version)


def _applicant_matched(uow: UnitOfWork, env: Envelope) -> None:
    from services.fairs.grants.operations import applicant_matched

    d = env.data
    applicant_matched(uow, d["application_id"], d["person_id"], d["organisation_id"], d["partner_ids"], version=env.entity_version)


HANDLERS = {
    **_REPLICA,
    **{key: _then_lineups(_REPLICA[key]) for key in ("cohorts.team.nominated", "cohorts.team.withdrawn")},
    **{key: _then_lineups(_REPLICA[key]) for key in ("cohorts.team.registered", "cohorts.team.updated")},
}
HANDLERS["cohorts.applicant.matched"] = _applicant_matched
HANDLERS.update({key: _consultation for key in (
    "consultations.consultation.logged", "consultations.consultation.amended", "consultations.consultation.cancelled",
)})
