from services.fairs import models  # noqa: F401  (complete metadata)
from services.fairs.db import Base
from shared.migrate import run_env

run_env(Base.metadata)
