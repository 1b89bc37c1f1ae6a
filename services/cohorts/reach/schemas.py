from marshmallow import Schema, fields, validate

from services.cohorts.organisations.rules import KINDS
from services.cohorts.reach.queries import ACTIVITIES
from shared.web.pagination import PageArgs


class ReachArgs(Schema):
    # "from" is a Python keyword: the query parameter keeps the contract's name
    first_day = fields.Date(data_key="from", load_default=None, metadata={"description": "first day, inclusive"})
    last_day = fields.Date(data_key="to", load_default=None, metadata={"description": "last day, inclusive"})
    program_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**63 - 1),
                                metadata={"description": "none: the whole centre"})


class ReachListArgs(ReachArgs, PageArgs):
    pass


class ReachPeopleArgs(ReachListArgs):
    activity = fields.String(load_default=None, validate=validate.OneOf(ACTIVITIES))
    sector = fields.String(load_default=None, validate=validate.OneOf(KINDS + ("none",)))
    frequent = fields.Boolean(load_default=False)


class ReachSchema(Schema):
    people = fields.Integer(metadata={"description": "different named people who took part, each once"})
    anonymous = fields.Integer(metadata={"description": "people present but never named: beside the people, never added in"})
    anonymous_by_activity = fields.Dict(keys=fields.String(), values=fields.Integer())
    organisations = fields.Integer(metadata={"description": "different organisations of the register those people belong to"})
    by_activity = fields.Dict(keys=fields.String(), values=fields.Integer(),
                              metadata={"description": "people per activity (one person may be in several)"})
    by_sector = fields.Dict(keys=fields.String(), values=fields.Integer(),
                            metadata={"description": "people by their organisation's kind (none: no organisation)"})
    frequent = fields.Integer(metadata={"description": "people with three contacts or more"})


class ReachPersonSchema(Schema):
    id = fields.Integer()
    full_name = fields.String(allow_none=True, metadata={"description": "none for a person whose data was erased"})
    organisation = fields.String(allow_none=True)
    settlement = fields.String(allow_none=True)
    contacts = fields.Integer()
    sector = fields.String()
    erased = fields.Boolean()


class ReachOrganisationSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    settlement = fields.String(allow_none=True)
    people = fields.Integer()
