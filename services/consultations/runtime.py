from shared.config import Settings
from shared.runtime import Runtime


def build_runtime(settings: Settings) -> Runtime:
    from services.consultations import models  # noqa: F401
    from services.consultations.db import EVENT_TABLES, Base
    from services.consultations.handlers import HANDLERS

    return Runtime(settings=settings, metadata=Base.metadata, tables=EVENT_TABLES, handlers=dict(HANDLERS))
