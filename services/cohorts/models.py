"""Every model of the service, so that Alembic and the runtime see one complete metadata."""
from services.cohorts.accounts import models as accounts
from services.cohorts.cascade import models as cascade
from services.cohorts.events import models as events
from services.cohorts.figures import models as figures
from services.cohorts.imports import models as imports
from services.cohorts.materials import models as materials
from services.cohorts.membership import models as membership
from services.cohorts.news import models as news
from services.cohorts.organisations import models as organisations
from services.cohorts.people import models as people
from services.cohorts.plan import models as plan
from services.cohorts.programs import models as programs
from services.cohorts.school import models as school
from services.cohorts.teams import models as teams
from services.cohorts.visits import models as visits
from services.cohorts.workplans import models as workplans

# the modules whose tables make up the service's database (importing them fills the metadata)
MODULES = (accounts, cascade, events, figures, imports, materials, membership, news, organisations, people, plan, programs, school, teams, visits, workplans)
