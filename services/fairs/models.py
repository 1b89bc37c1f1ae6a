"""Every model of the service, so that Alembic and the runtime see one complete metadata."""
from services.fairs.audience import models as audience
from services.fairs.fair import models as fair
from services.fairs.grants import models as grants
from services.fairs.jury import models as jury
from services.fairs.leaderboard import models as leaderboard
from services.fairs.pledges import models as pledges
from services.fairs.stage import models as stage

# the modules whose tables make up the service's database (importing them fills the metadata)
MODULES = (audience, fair, grants, jury, leaderboard, pledges, stage)
