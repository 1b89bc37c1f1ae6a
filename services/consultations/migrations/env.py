from services.consultations import models  # noqa: F401  (complete metadata)
from services.consultations.db import Base
from shared.migrate import run_env

run_env(Base.metadata)
