from shared.config import Settings
from shared.runtime import Runtime


def build_runtime(settings: Settings) -> Runtime:
    # models are imported here (not at package import) so the metadata is complete
    from services.cohorts import models  # noqa: F401
    from services.cohorts.db import EVENT_TABLES, Base
    from services.cohorts.accounts import mail_queue
    from services.cohorts.handlers import HANDLERS

    return Runtime(settings=settings, metadata=Base.metadata, tables=EVENT_TABLES, handlers=dict(HANDLERS),
                   background=[mail_queue.run])
