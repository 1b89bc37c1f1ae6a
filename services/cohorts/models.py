"""Every model of the service, so that Alembic and the runtime see one complete metadata."""
from services.cohorts.accounts.models import Account, AccountLink, SignInFailure  # noqa: F401
from services.cohorts.programs.models import Cohort, Program, Territory  # noqa: F401
from services.cohorts.teams.models import Team  # noqa: F401
