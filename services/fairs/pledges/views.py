"""The pledges API: partners, needs, pledges and their history, summaries, the board (ETag), the XLSX export."""
from __future__ import annotations

import io

from flask import Response, current_app, jsonify, request
from flask.views import MethodView
from flask_babel import gettext, ngettext
from shared.web.blueprint import Blueprint

from services.fairs.fair import lookups
from services.fairs.listing import page_of
from services.fairs.pledges import exports, operations, partners, reads
from services.fairs.pledges.schemas import (
    MergeInSchema,
    NeedInSchema,
    NeedSchema,
    PartnerArgs,
    PartnerInSchema,
    PartnerPatchSchema,
    PartnerSchema,
    PartnerSummarySchema,
    PledgeArgs,
    PledgeChangeSchema,
    PledgeInSchema,
    PledgePatchSchema,
    PledgeSchema,
    ProjectSummarySchema,
)
from services.fairs.zones import fair_currency
from shared.web.actor import current_actor
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.i18n import money
from shared.web.idempotency import idempotent
from shared.web.pagination import PageArgs, page_schema, paginate

api = Blueprint("pledges", __name__, url_prefix="/fairs/api/v1", description="Live fundraising: partners, needs, pledges")


def described(pledge) -> dict:
    return reads.describe(current_uow(), [pledge])[0]


# --- partners ----------------------------------------------------------------------------------------


@api.route("/partners")
class Partners(MethodView):
    @allow("coordinator")
    @api.arguments(PartnerArgs, location="query")
    @api.response(200, page_schema(PartnerSchema))
    def get(self, args):
        """Partners (merged ones left out), alphabetical; ``q`` finds any part of the name, case and ё/е ignored"""
        return paginate(current_uow().session, partners.search(args.get("q")), page=args["page"], per_page=args["per_page"])

    @allow("coordinator")
    @idempotent
    @api.arguments(PartnerInSchema)
    @api.response(201, PartnerSchema)
    def post(self, data):
        """A partner: name, kind (business, authority, ngo, person), INN (10 or 12 digits, checked), phone, e-mail,
        anonymous. The same INN, phone or e-mail as a partner already recorded: 409 naming that partner"""
        return partners.create(current_uow(), data)


@api.route("/partners/<int:partner_id>")
class PartnerItem(MethodView):
    @allow("coordinator")
    @api.response(200, PartnerSchema)
    def get(self, partner_id):
        """A partner (a merged one answers its survivor)"""
        return partners.get(current_uow(), partner_id)

    @allow("coordinator")
    @api.arguments(PartnerPatchSchema)
    @api.response(200, PartnerSchema)
    def patch(self, data, partner_id):
        """Correct a partner: name, kind, INN, phone, e-mail, anonymous (its pledges are announced again when the
        name or anonymity changes); the INN, phone or e-mail of another partner: 409 naming that partner"""
        uow = current_uow()
        return partners.update(uow, partner_id, data, operations.partner_changed(uow))


@api.route("/partners/<int:partner_id>/merge")
class PartnerMerge(MethodView):
    @allow("coordinator")
    @idempotent
    @api.arguments(MergeInSchema)
    @api.response(200, PartnerSchema)
    def post(self, data, partner_id):
        """Merge ``other_id`` into this partner: its pledges move here, its contacts fill the gaps, it points here"""
        uow = current_uow()
        return partners.merge(uow, partner_id, data["other_id"], current_actor(), operations.moved_to_partner(uow, current_actor()))


# --- needs -------------------------------------------------------------------------------------------


@api.route("/fairs/<int:fair_id>/needs")
class Needs(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(NeedSchema))
    def get(self, args, fair_id):
        """Every project's needs: money, and in-kind items with their estimated value"""
        return page_of(operations.needs(current_uow(), fair_id), args)

    @allow("coordinator")
    @idempotent
    @api.arguments(NeedInSchema)
    @api.response(201, NeedSchema)
    def post(self, data, fair_id):
        """A project's need: ``{"pitch_id", "kind": "money|in_kind", "amount", "description"}``"""
        return operations.add_need(current_uow(), fair_id, data)


@api.route("/fairs/<int:fair_id>/needs/<int:need_id>")
class NeedItem(MethodView):
    @allow("coordinator")
    @api.response(204)
    def delete(self, fair_id, need_id):
        """Remove a need no pledge covers"""
        operations.delete_need(current_uow(), fair_id, need_id)


# --- pledges -----------------------------------------------------------------------------------------


@api.route("/fairs/<int:fair_id>/pledges")
class Pledges(MethodView):
    @allow("coordinator")
    @api.arguments(PledgeArgs, location="query")
    @api.response(200, page_schema(PledgeSchema))
    def get(self, args, fair_id):
        """The fair's pledges, newest first; ``status``; ``outstanding=true``: not yet received, oldest first"""
        uow = current_uow()
        lookups.get_fair(uow, fair_id)
        query = operations.listed(fair_id, status=args.get("status"), outstanding=args["outstanding"],
                                  pitch_id=args.get("pitch_id"), partner_id=args.get("partner_id"))
        page = paginate(uow.session, query, page=args["page"], per_page=args["per_page"])
        return {**page, "items": reads.describe(uow, page["items"])}

    @allow("coordinator")
    @idempotent
    @api.arguments(PledgeInSchema)
    @api.response(201, PledgeSchema)
    def post(self, data, fair_id):
        """Record a pledge (an open or scoring-closed fair; a project of the lineup): the partner by ``partner_id``,
        or by name (``partner``, new if unknown, with ``new_partner``'s details). Send an Idempotency-Key"""
        return described(operations.record(current_uow(), fair_id, data, current_actor()))


@api.route("/pledges/<int:pledge_id>")
class PledgeItem(MethodView):
    @allow("coordinator")
    @api.response(200, PledgeSchema)
    def get(self, pledge_id):
        """A pledge"""
        return described(operations.get(current_uow(), pledge_id))

    @allow("coordinator")
    @api.arguments(PledgePatchSchema)
    @api.response(200, PledgeSchema)
    def patch(self, data, pledge_id):
        """``status`` forward (pledged -> confirmed -> received; withdrawn with a ``reason``), ``received_amount``
        (may differ from the pledge), corrections of ``amount``/``description`` with a ``reason``; all kept in history"""
        return described(operations.change(current_uow(), pledge_id, data, current_actor()))


@api.route("/pledges/<int:pledge_id>/history")
class PledgeHistory(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(PledgeChangeSchema))
    def get(self, args, pledge_id):
        """Every change of the pledge: who, when, old -> new, why"""
        return page_of(operations.history(current_uow(), pledge_id), args)


@api.route("/fairs/<int:fair_id>/pledge-summary/projects")
class ProjectSummary(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(ProjectSummarySchema))
    def get(self, args, fair_id):
        """Per project of the lineup: needs, money and in-kind pledged, confirmed, received"""
        uow = current_uow()
        lookups.get_fair(uow, fair_id)
        return page_of(reads.by_project(uow, fair_id), args)


@api.route("/fairs/<int:fair_id>/pledge-summary/partners")
class PartnerSummary(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(PartnerSummarySchema))
    def get(self, args, fair_id):
        """Per partner who pledged at the fair: money and in-kind pledged, confirmed, received"""
        uow = current_uow()
        lookups.get_fair(uow, fair_id)
        return page_of(reads.by_partner(uow, fair_id), args)


@api.route("/fairs/<int:fair_id>/pledges.xlsx")
class PledgeExport(MethodView):
    @allow("coordinator")
    @api.response(200, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    def get(self, fair_id):
        """Every pledge of the fair, a sheet per project and per partner beside them (no cell is ever a formula)"""
        uow = current_uow()
        fair = lookups.get_fair(uow, fair_id)
        buffer = io.BytesIO()
        exports.workbook(uow, fair).save(buffer)
        return Response(buffer.getvalue(), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="pledges-{fair.id}.xlsx"'})


# --- the board ---------------------------------------------------------------------------------------


def _texts(value: dict, currency: str) -> dict:
    """Each amount beside its text in the reader's language ("12 500 ₽"), for the board's script to show as is."""
    out = {}
    for key, item in value.items():
        out[key] = item
        if key in ("money", "in_kind", "money_needed", "in_kind_needed", "amount", "covered", "money_received",
                   "in_kind_received", "money_confirmed", "in_kind_confirmed") and item is not None:
            out[f"{key}_text"] = money(item, currency)
    return out


def board_view(uow, fair) -> dict:
    currency = fair_currency(uow, fair.id)  # the amounts' texts in the programme's money
    view = reads.board(uow, fair.id)
    anonymous = gettext("anonymous partner")
    totals = _texts(view["totals"], currency)
    totals["pledges_text"] = ngettext("%(num)s pledge", "%(num)s pledges", view["totals"]["pledges"])
    return {
        "fair": {"id": fair.id, "name": fair.name, "state": fair.state},
        "totals": totals,
        "projects": [{**_texts(p, currency), "needs": [_texts(n, currency) for n in p["needs"]]} for p in view["projects"]],
        "newest": [{**_texts(p, currency), "partner": p["partner"] or anonymous, "anonymous": p["partner"] is None,
                    "created_at": p["created_at"].isoformat()} for p in view["newest"]],
    }


def board_tag(uow, fair_id: int) -> str:
    from flask_babel import get_locale

    return f"{reads.fingerprint(uow, fair_id)}-{get_locale()}"


@api.route("/fairs/<int:fair_id>/pledge-board")
class PledgeBoard(MethodView):
    @allow("coordinator")
    @api.response(200)
    def get(self, fair_id):
        """The hall's pledge board: totals (money, in-kind by estimated value, apart), each project against its needs,
        the newest pledges (anonymous partners unnamed), each pledge once. Weak ETag: 304 while unchanged, unbuilt"""
        uow = current_uow()
        fair = lookups.get_fair(uow, fair_id)
        tag = board_tag(uow, fair_id)
        if request.if_none_match.contains_weak(tag):
            response = current_app.response_class(status=304)
        else:
            response = jsonify(board_view(uow, fair))
        response.set_etag(tag, weak=True)
        response.headers["Cache-Control"] = "private, no-cache"
        return response
