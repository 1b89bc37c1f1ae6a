"""Every model of the service, so that Alembic and the runtime see one complete metadata."""
from services.cohorts.accounts.models import Account, AccountLink, OutgoingMail, SignInFailure  # noqa: F401
from services.cohorts.programs.models import Cohort, Program, Territory  # noqa: F401
from services.cohorts.plan.models import PlanItem  # noqa: F401  (events refer to plan lines)
from services.cohorts.events.models import Event, Registration, RegistrationAttempt  # noqa: F401
from services.cohorts.news.models import NewsItem  # noqa: F401
from services.cohorts.visits.models import Visit  # noqa: F401
from services.cohorts.figures.models import ConsultationFact, FairResultFact, PledgeFact  # noqa: F401
from services.cohorts.imports.models import ImportBatch  # noqa: F401
from services.cohorts.membership.models import CohortParticipant, TeamMember, TeamMentor  # noqa: F401
from services.cohorts.organisations.models import Organisation  # noqa: F401
from services.cohorts.people.models import Person  # noqa: F401
from services.cohorts.people.operations import PERSON_REFERENCES
from services.cohorts.school.models import Attendance, AttendanceChange, SchoolSession  # noqa: F401
from services.cohorts.teams.models import Team  # noqa: F401

# what a merge of two person records moves (table, person column, unique together with)
PERSON_REFERENCES[:] = [
    (TeamMember.__table__, "person_id", ("cohort_id",)),
    (CohortParticipant.__table__, "person_id", ("cohort_id",)),
    (Attendance.__table__, "person_id", ("session_id",)),
    (Registration.__table__, "person_id", ("event_id",)),
    (Visit.__table__, "person_id", ()),
]
