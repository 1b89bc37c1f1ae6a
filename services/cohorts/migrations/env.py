from services.cohorts import models  # noqa: F401  (complete metadata)
from services.cohorts.db import Base
from shared.migrate import run_env

run_env(Base.metadata)
