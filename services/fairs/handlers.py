"""Events fairs applies: cohorts' accounts and teams into the replicas."""
from services.fairs.db import REPLICAS
from shared.events.replicas import replica_handlers

HANDLERS = replica_handlers(REPLICAS)
