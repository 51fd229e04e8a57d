"""API shapes of accounts: marshmallow validates the shape; the services judge the content."""

from marshmallow import Schema, fields, validate

from dclic.core.schemas import StrictSchema

_text = {"validate": validate.Length(max=1000)}


class RegisterSchema(StrictSchema):
    email = fields.String(required=True, validate=validate.Length(max=400))
    password = fields.String(required=True, **_text)
    display_name = fields.String(required=True, validate=validate.Length(max=200))
    locale = fields.String(load_default=None, validate=validate.Length(max=8))
    birth_year = fields.Integer(load_default=None, strict=True)
    country = fields.String(load_default=None, validate=validate.Length(max=2))
    track = fields.String(load_default=None, validate=validate.Length(max=1))
    path_type = fields.String(load_default=None, validate=validate.Length(max=8))
    gender = fields.String(load_default=None, validate=validate.Length(max=12))
    time_zone = fields.String(load_default=None, validate=validate.Length(max=64))


class LoginSchema(StrictSchema):
    email = fields.String(required=True, validate=validate.Length(max=400))
    password = fields.String(required=True, **_text)
    label = fields.String(
        load_default="", validate=validate.Length(max=80), metadata={"description": "Device name"}
    )


class EmailSchema(StrictSchema):
    email = fields.String(required=True, validate=validate.Length(max=400))


class UserSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    email_confirmed = fields.Boolean(attribute="is_confirmed", required=True)
    display_name = fields.String(required=True)
    learner_code = fields.String(allow_none=True)
    locale = fields.String(allow_none=True)
    time_zone = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    birth_year = fields.Integer(allow_none=True)
    is_minor = fields.Boolean(required=True)
    gender = fields.String(allow_none=True)
    track = fields.String(allow_none=True)
    path_type = fields.String(allow_none=True)
    mail_notifications = fields.String(required=True)
    roles = fields.Function(lambda user: sorted(user.role_codes))


class TokenSchema(Schema):
    token = fields.String(required=True, metadata={"description": "Shown once; send as Bearer"})
    token_type = fields.String(required=True)
    expires_at = fields.DateTime(required=True)
    user = fields.Nested(UserSchema, required=True)


class AcceptedSchema(Schema):
    status = fields.String(required=True)
    message = fields.String(required=True)
