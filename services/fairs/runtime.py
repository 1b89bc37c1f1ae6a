from shared.config import Settings
from shared.runtime import Runtime


def build_runtime(settings: Settings) -> Runtime:
    from services.fairs import models  # noqa: F401
    from services.fairs.db import EVENT_TABLES, Base
    from services.fairs.handlers import HANDLERS

    return Runtime(settings=settings, metadata=Base.metadata, tables=EVENT_TABLES, handlers=dict(HANDLERS))
