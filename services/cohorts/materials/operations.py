"""Adding an event's materials (a file checked before anything is stored, or a link) and listing them. Helpers flush,
never commit."""
from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa

from services.cohorts.events.models import Event
from services.cohorts.materials import rules
from services.cohorts.materials.models import Material
from services.cohorts.programs.models import Cohort
from services.cohorts.validation import require_text
from shared.errors import N_, UseCaseError, invalid, not_found
from shared.uow import UnitOfWork


def _event(uow: UnitOfWork, event_id: int) -> Event:
    event = uow.session.get(Event, event_id)
    if event is None:
        raise not_found(N_("No such event."))
    return event


def _common(data: dict) -> tuple[str, str]:
    title = require_text("title", data.get("title"))[:rules.TITLE_LENGTH]
    if data.get("language") not in rules.LANGUAGES:
        raise invalid("language", N_("Choose the material's language."))
    return title, data["language"]


def add_link(uow: UnitOfWork, event_id: int, data: dict) -> Material:
    event = _event(uow, event_id)
    title, language = _common(data)
    url = (data.get("url") or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 1000:
        raise invalid("url", N_("Give the material's web address (https://…)."))
    material = Material(event_id=event.id, title=title, language=language, url=url)
    uow.session.add(material)
    uow.flush()
    return material


def add_file(uow: UnitOfWork, event_id: int, data: dict, filename: str, content: bytes) -> Material:
    """A document checked by its size and its bytes before anything is stored."""
    event = _event(uow, event_id)
    title, language = _common(data)
    errors = rules.check_file(filename, len(content), content[:16])
    if errors:
        raise UseCaseError(422, None, errors)
    material = Material(event_id=event.id, title=title, language=language, filename=filename[:255], size=len(content),
                        content_type=rules.document_type(filename, content[:16]), content=content)
    uow.session.add(material)
    uow.flush()
    return material


def of_event(uow: UnitOfWork, event_id: int) -> list[Material]:
    _event(uow, event_id)
    return list(uow.session.execute(sa.select(Material).where(Material.event_id == event_id)
                                    .order_by(Material.language, Material.id)).scalars())


def of_programme(uow: UnitOfWork, program_id: int) -> dict[str, list]:
    """A programme's materials (of its events and its cohorts' sessions) by language, the newest first."""
    rows = uow.session.execute(sa.select(Material, Event.title).join(Event, Event.id == Material.event_id).where(
        sa.or_(Event.program_id == program_id, Event.cohort_id.in_(sa.select(Cohort.id).where(Cohort.program_id == program_id))))
        .order_by(Material.language, Material.created_at.desc(), Material.id.desc())).all()
    out: dict[str, list] = {}
    for material, event_title in rows:
        out.setdefault(material.language, []).append((material, event_title))
    return out


def get_file(uow: UnitOfWork, material_id: int) -> Material:
    material = uow.session.get(Material, material_id)
    if material is None or material.url is not None:
        raise not_found(N_("No such file."))
    return material
