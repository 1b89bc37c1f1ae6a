"""Events consultations applies: cohorts' data into the replicas."""
from services.consultations.db import ATTENDANCE, REPLICAS
from services.consultations.log.models import ConsultationAttendee
from shared.db import utcnow
from shared.events.replica import batched, replica_write
from shared.events.replicas import replica_handlers


@batched
def _attendance(uow, env):
    d = env.data
    replica_write(uow, ATTENDANCE, {"session_id": d["session_id"]}, dict(
        cohort_id=d["cohort_id"], title=d["title"], starts_at=d["starts_at"], duration_minutes=d["duration_minutes"],
        person_ids=sorted(d["person_ids"]), updated_at=utcnow(),
    ), version=env.entity_version)


def _visitor_matched(uow, env):
    from services.consultations.log.operations import visitor_matched

    d = env.data
    visitor_matched(uow, d["consultation_id"], d["visitor_id"], d["person_id"])


HANDLERS = {
    # a merge of two people moves this service's own references too
    **replica_handlers(REPLICAS, extra_person_references=[(ConsultationAttendee.__table__, "person_id", ("consultation_id",))]),
    "cohorts.attendance.recorded": _attendance,
    "cohorts.visitor.matched": _visitor_matched,
}
