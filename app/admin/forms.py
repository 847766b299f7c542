"""Forms for the people who run the install."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError

from app.auth.services import identifier_taken
from app.forms import new_password_field


class CaseworkerForm(FlaskForm):
    display_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=80)])
    preferred_name = StringField(_l("Name they like to be called"), validators=[Length(max=80)])
    email = EmailField(
        _l("Work email"),
        validators=[DataRequired(), Email(message=_l("This does not look like an email address.")),
                    Length(max=254)],
    )
    password = new_password_field(_l("First password"))
    submit = SubmitField(_l("Create caseworker"))

    def password_context_words(self) -> list[str]:
        return [self.display_name.data or "", self.preferred_name.data or "", self.email.data or ""]

    def validate_email(self, field) -> None:
        if identifier_taken(field.data, None):
            raise ValidationError(_l("Someone already uses this email."))


class TurnOffForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("Kept in the record. Use calm, plain words."),
    )
    submit = SubmitField(_l("Turn off this account"))


class AssignCaseworkerForm(FlaskForm):
    caseworker = SelectField(_l("Caseworker"), coerce=int,
                             validators=[InputRequired(message=_l("Choose a caseworker."))])
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("Kept in the family record. Use calm, plain words."),
    )
    # The family's caseworker_version when the page was opened (see admin/families.py).
    seen = HiddenField()
    submit = SubmitField(_l("Save"))

    def __init__(self, choices: list, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.caseworker.choices = choices

    @property
    def seen_version(self) -> int | None:
        """None for a missing or altered value: the service then refuses it as out of date."""
        value = (self.seen.data or "").strip()
        return int(value) if value.isdigit() and len(value) < 10 else None
