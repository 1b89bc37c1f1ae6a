from marshmallow import Schema, fields, validate

ID = validate.Range(min=1, max=2**63 - 1)


class TicketsInSchema(Schema):
    count = fields.Integer(required=True, strict=True, validate=validate.Range(min=-(2**31), max=2**31 - 1),
                           metadata={"description": "how many codes to print (1 to 500)"})


class TicketSchema(Schema):
    code = fields.String()
    pretty = fields.String(metadata={"description": "the code as printed, XXXX-XXXX"})
    used = fields.Boolean()
    vote_url = fields.String(metadata={"description": "the public vote page with the code filled in (the ticket's QR code)"})


class VoteInSchema(Schema):
    pitch_id = fields.Integer(required=True, strict=True, validate=ID)
    ticket = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40),
                           metadata={"description": "in ticket mode: the printed code"})
    presence = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40),
                             metadata={"description": "in device mode: the code the projector in the hall shows now"})


class VoteSchema(Schema):
    fair_id = fields.Integer()
    pitch_id = fields.Integer()
    changed = fields.Boolean(metadata={"description": "a device's vote moved to another pitch"})
    counted = fields.Boolean()


class BurstSchema(Schema):
    address = fields.String()
    attempts = fields.Integer()
    most_in_a_minute = fields.Integer()
    slowed = fields.Integer(metadata={"description": "attempts refused with 429"})
    first_at = fields.DateTime()
    last_at = fields.DateTime()
    votes = fields.Integer(metadata={"description": "phone votes from the address in the burst, counted now (not set aside)"})


class VoteCountSchema(Schema):
    pitch_id = fields.Integer()
    votes = fields.Integer()
