"""Every model of the service, so that Alembic and the runtime see one complete metadata."""
from services.consultations import db  # noqa: F401
from services.consultations.log import models  # noqa: F401
