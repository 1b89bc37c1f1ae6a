"""Times on a fair's pages in its programme's time zone (stored in UTC, shown where the fair happens), money in its
programme's currency."""
from __future__ import annotations

import zoneinfo

import sqlalchemy as sa
from flask import g, request

from services.fairs.db import REPLICAS
from shared.uow import UnitOfWork

DEFAULT_ZONE = "Europe/Moscow"  # a cohort whose programme named no zone (as the event contract assumes)


def programme_zone(uow: UnitOfWork, cohort_id: int) -> str:
    """The programme's time zone of a cohort, from the replica."""
    c = REPLICAS.cohorts
    name = uow.session.execute(sa.select(c.c.timezone).where(c.c.id == cohort_id)).scalar_one_or_none()
    try:
        zoneinfo.ZoneInfo(name or DEFAULT_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return DEFAULT_ZONE
    return name or DEFAULT_ZONE


def currency_of(uow: UnitOfWork, *, cohort_id: int | None = None, program_id: int | None = None) -> str:
    """A programme's currency (of a cohort's, or of a programme), from the replica; RUB where fairs knows none."""
    c = REPLICAS.cohorts
    where = c.c.id == cohort_id if cohort_id is not None else c.c.program_id == program_id
    return uow.session.execute(sa.select(c.c.currency).where(where).limit(1)).scalar() or "RUB"


def zone_of_programme(uow: UnitOfWork, program_id: int) -> str | None:
    """A programme's time zone, from a cohort of it fairs knows; None when fairs knows no cohort of it (nor the
    programme, then)."""
    c = REPLICAS.cohorts
    return uow.session.execute(sa.select(c.c.timezone).where(c.c.program_id == program_id).limit(1)).scalar()


def fair_zone(uow: UnitOfWork, fair_id: int) -> str | None:
    from services.fairs.fair.models import Fair

    # a column, not the entity: a later SELECT ... FOR UPDATE of the fair must not meet a stale copy
    cohort_id = uow.session.execute(sa.select(Fair.cohort_id).where(Fair.id == fair_id)).scalar_one_or_none()
    return None if cohort_id is None else programme_zone(uow, cohort_id)


def fair_currency(uow: UnitOfWork, fair_id: int) -> str:
    from services.fairs.fair.models import Fair

    cohort_id = uow.session.execute(sa.select(Fair.cohort_id).where(Fair.id == fair_id)).scalar_one_or_none()
    return "RUB" if cohort_id is None else currency_of(uow, cohort_id=cohort_id)


def register(app) -> None:
    """Every page of a fair (any view with ``fair_id``) shows times in the fair's programme zone."""
    from shared.web.boundary import current_uow

    @app.before_request
    def _in_fair_zone():
        fair_id = (request.view_args or {}).get("fair_id")
        if request.method == "GET" and isinstance(fair_id, int) and 0 < fair_id < 2**63 and "/api/" not in request.path:
            zone = fair_zone(current_uow(), fair_id)
            if zone:
                g.timezone = zone
            g.currency = fair_currency(current_uow(), fair_id)
