"""Schema fields the three APIs share."""
from __future__ import annotations

from marshmallow import fields, validate

MAX_ID = 2**63 - 1  # a BIGINT column; beyond, the database itself would refuse the value


def Id(**kwargs) -> fields.Integer:
    """A reference to a record: a whole number from 1 to the largest id a column holds."""
    kwargs.setdefault("strict", True)
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)
