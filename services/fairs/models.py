"""Every model of the service, so that Alembic and the runtime see one complete metadata."""
from services.fairs import db  # noqa: F401
from services.fairs.judging import models  # noqa: F401
