"""Lists answer ``{"items", "total", "page", "per_page"}``."""
from __future__ import annotations

import functools

import sqlalchemy as sa
from marshmallow import Schema, fields, validate


class PageArgs(Schema):
    # bounded so that OFFSET stays a 64-bit number (a page far past the end is simply empty)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


def paginate(session, query: sa.Select, *, page: int, per_page: int, rows: bool = False) -> dict:
    """A page of the query's results and their total; ``rows``: whole rows (several columns), else the first
    column's objects."""
    total = session.execute(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    result = session.execute(query.limit(per_page).offset((page - 1) * per_page))
    items = result.all() if rows else result.scalars().all()
    return {"items": items, "total": total, "page": page, "per_page": per_page}


@functools.cache  # one page schema per item schema, however many views list it
def page_schema(item_schema: type[Schema]) -> type[Schema]:
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema)),
            "total": fields.Integer(),
            "page": fields.Integer(),
            "per_page": fields.Integer(),
        },
        name=f"{item_schema.__name__.removesuffix('Schema')}Page",
    )
