"""Import use cases: preview (writes only the plan), then confirm (writes everything at once, or nothing)."""
from __future__ import annotations

import datetime as dt
from typing import Callable

import sqlalchemy as sa

from services.cohorts.imports import headers, planning, reading
from services.cohorts.imports.models import ImportBatch
from services.cohorts.membership import operations as membership
from services.cohorts.membership.models import TeamMember
from services.cohorts.people import operations as people
from services.cohorts.programs.operations import get_cohort
from services.cohorts.teams import operations as teams
from shared.db import utcnow
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.text import normalise
from shared.uow import UnitOfWork

MAX_ROWS = 5000


def preview(uow: UnitOfWork, cohort_id: int, filename: str, content: bytes, *, account_id: int | None) -> ImportBatch:
    get_cohort(uow, cohort_id)
    try:
        sheet = reading.read_sheet(filename, content, max_rows=MAX_ROWS)
    except reading.UnreadableFile as exc:
        raise invalid("file", exc.args[0]) from exc
    filename = filename.replace("\x00", "")[:300]
    batch = ImportBatch(cohort_id=cohort_id, filename=filename, plan=_plan(uow, cohort_id, sheet, sheet["mapping"]), created_by=account_id)
    uow.session.add(batch)
    uow.flush()
    return batch


WITHOUT_PHONE = N_("Imported without the phone: it is someone else's too (a family phone).")


def _plan(uow: UnitOfWork, cohort_id: int, sheet: dict, mapping: list, without_phone=(), *, today: dt.date | None = None) -> list[dict]:
    """The preview of the sheet read with this column mapping. Each row keeps its cells, and the first row the
    header, the mapping and the rows to take without their phone, so that the coordinator can change them
    before anything is written."""
    columns, rows = reading.rows_by_mapping(sheet, mapping)
    without_phone = sorted(set(without_phone))
    for row in rows:
        if row["_row"] in without_phone:
            row.pop("phone", None)  # a phone is one person's: the other one of a family is registered without it
    plan = planning.plan_rows(uow, cohort_id, rows, columns, today=today or utcnow().date())
    for item, (_number, cells) in zip(plan, sheet["rows"]):
        item["cells"] = cells
        if item["row"] in without_phone:
            item["notes"].append([WITHOUT_PHONE, {}])
    if plan:
        plan[0]["sheet"] = {"header": sheet["header"], "mapping": list(mapping), "without_phone": without_phone}
    return plan


def _sheet_of(batch: ImportBatch) -> dict:
    meta = batch.plan[0].get("sheet") or {}
    return {"header": meta.get("header", []), "rows": [(item["row"], item.get("cells") or []) for item in batch.plan],
            "mapping": meta.get("mapping", []), "without_phone": meta.get("without_phone", [])}


def take_without_phone(uow: UnitOfWork, batch_id: int, rows: list[int]) -> ImportBatch:
    """Rows refused for a phone that is someone else's are imported without it, as the coordinator ticked them."""
    batch = get_batch(uow, batch_id, for_update=True)
    if batch.status == "applied":
        raise conflict(N_("This import is already applied."))
    if not batch.plan:
        return batch
    sheet = _sheet_of(batch)
    batch.plan = _plan(uow, batch.cohort_id, sheet, sheet["mapping"], set(sheet["without_phone"]) | set(rows))
    uow.flush()
    return batch


def columns_of(batch: ImportBatch) -> list[dict]:
    """The sheet's columns as read: each header with its field (None: not placed, so not imported)."""
    sheet = batch.plan[0].get("sheet") if batch.plan else None
    if not sheet:
        return []
    return [{"index": i, "header": title, "field": field} for i, (title, field) in enumerate(zip(sheet["header"], sheet["mapping"]))]


def remap(uow: UnitOfWork, batch_id: int, mapping: list) -> ImportBatch:
    """Read the previewed sheet again with the coordinator's column mapping; nothing is written but the preview."""
    batch = get_batch(uow, batch_id, for_update=True)
    if batch.status == "applied":
        raise conflict(N_("This import is already applied."))
    columns = columns_of(batch)
    if len(mapping) != len(columns):
        raise invalid("mapping", N_("Give a field for every column."))
    chosen: dict[str, str] = {}
    for column, field in zip(columns, mapping):
        if field is not None and field not in headers.FIELDS:
            raise invalid("mapping", N_("Not a valid choice."))
        if field and field != "ignore":
            if field in chosen:
                raise invalid("mapping", Msg(N_("Columns “%(first)s” and “%(second)s” are both set to the same field: choose one."),
                                             first=chosen[field], second=column["header"]))
            chosen[field] = column["header"]
    if not headers.names_a_person(mapping):
        raise invalid("mapping", N_("Choose the column with the full name, or the surname and first name columns."))
    sheet = _sheet_of(batch)
    batch.plan = _plan(uow, batch.cohort_id, sheet, mapping, sheet["without_phone"])
    uow.flush()
    return batch


def get_batch(uow: UnitOfWork, batch_id: int, *, for_update: bool = False) -> ImportBatch:
    batch = uow.session.get(ImportBatch, batch_id, with_for_update=for_update or None)
    if batch is None:
        raise not_found(N_("No such import."))
    return batch


def confirm(uow: UnitOfWork, batch_id: int, *, progress: Callable[[int, int], None] | None = None) -> dict:
    """Apply the previewed plan in this one transaction: a failing row undoes the whole import."""
    batch = get_batch(uow, batch_id, for_update=True)
    if batch.status == "applied":
        raise conflict(N_("This import is already applied."))
    created_teams: dict[str, int] = {}
    counts = {"people_created": 0, "people_linked": 0, "teams_created": 0, "members_added": 0, "refused": 0}
    plan = [dict(item) for item in batch.plan]
    total = len(plan)
    for done, item in enumerate(plan, start=1):
        if item["action"] != "refused":
            item.pop("cells", None)  # the cells served the preview; a refused row keeps them, to be downloaded and fixed
        if progress is not None:
            progress(done, total)
        if item["action"] == "refused":
            counts["refused"] += 1
            continue
        try:
            _apply_row(uow, batch.cohort_id, item, created_teams, counts)
        except UseCaseError as exc:
            raise UseCaseError(409, Msg(N_("Row %(row)d can no longer be imported; nothing was imported. Upload the file again."), row=item["row"]), exc.errors) from exc
    batch.plan = plan  # with the ids of the people created: an erasure finds their rows
    batch.status = "applied"
    batch.applied_at = utcnow()
    uow.flush()
    return counts


def _apply_row(uow: UnitOfWork, cohort_id: int, item: dict, created_teams: dict, counts: dict) -> None:
    if item["action"] == "existing":
        person_id = item["person_id"]
        counts["people_linked"] += 1
    else:
        data = {k: item.get(k) for k in ("full_name", "phone", "email", "settlement", "organisation", "birth_year", "sex",
                                         "consent_method", "consent_guardian")}
        data["consent_on"] = dt.date.fromisoformat(item["consent_on"]) if item.get("consent_on") else None
        # the organisation column links the person to the register when exactly one organisation has that name
        from services.cohorts.organisations.operations import only_match

        data["organisation_id"] = only_match(uow, data.get("organisation"))
        person, _namesakes = people.register_person(uow, data)
        person_id = item["person_id"] = person.id
        counts["people_created"] += 1
    membership.enroll(uow, cohort_id, person_id, quiet_if_enrolled=True)
    if not item.get("team"):
        return
    team_id = item.get("team_id")
    if item["team_action"] == "create":
        key = normalise(item["team"])
        if key not in created_teams:
            team = teams.register_team(uow, cohort_id, {
                "name": item["team"], "kind": item.get("kind") or "initiative_group", "territory_id": item["territory_id"],
                "project_title": item.get("project_title"), "project_summary": item.get("project_summary"),
            })
            created_teams[key] = team.id
            counts["teams_created"] += 1
        team_id = created_teams[key]
    if uow.session.get(TeamMember, (team_id, person_id)) is None:
        membership.add_member(uow, team_id, person_id, item["role"])
        counts["members_added"] += 1


def scrub_person(uow: UnitOfWork, person) -> None:
    """An erased person's data in import previews: their own rows emptied, their name out of other rows' notes."""
    phone, email = person.phone, person.email

    def is_them(item: dict) -> bool:
        return item.get("person_id") == person.id or (phone and item.get("phone") == phone) or (email and item.get("email") == email)

    def scrub_message(message):
        msgid, values = message
        if isinstance(values, dict) and values.get("id") == person.id:
            values = {**values, "name": "—"}
        return [msgid, values]

    for batch in uow.session.execute(sa.select(ImportBatch).with_for_update()).scalars():
        changed, plan = False, []
        for item in batch.plan:
            if is_them(item):
                item = {**item, "full_name": "—", "phone": None, "email": None, "settlement": None, "organisation": None,
                        "birth_year": None, "sex": None, "consent_guardian": None, "reasons": [], "notes": [], "erased": True,
                        "cells": []}
                changed = True
            else:
                notes = [scrub_message(m) for m in item.get("notes", [])]
                reasons = [scrub_message(m) for m in item.get("reasons", [])]
                if notes != item.get("notes") or reasons != item.get("reasons"):
                    item, changed = {**item, "notes": notes, "reasons": reasons}, True
            plan.append(item)
        if changed:
            batch.plan = plan
