"""Every model of the service, so that Alembic and the runtime see one complete metadata."""
from services.fairs import db  # noqa: F401
from services.fairs.audience import models as audience_models  # noqa: F401
from services.fairs.judging import models  # noqa: F401
from services.fairs.pledges import models as pledges_models  # noqa: F401
from services.fairs.results import models as results_models  # noqa: F401
from services.fairs.setup import models as setup_models  # noqa: F401
from services.fairs.stage import models as stage_models  # noqa: F401
