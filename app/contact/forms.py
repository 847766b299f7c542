"""The form a resource parent fills in with their address and phone."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.models.families import CONTACT_ADDRESS_MAX, CONTACT_PHONE_MAX

HIDDEN, SHARED = "hidden", "shared"


class ContactForm(FlaskForm):
    address = TextAreaField(
        _l("Home address (optional)"),
        validators=[Optional(), Length(max=CONTACT_ADDRESS_MAX, message=_l(
            "Please keep it under %(max)d characters.", max=CONTACT_ADDRESS_MAX))],
        render_kw={"autocomplete": "street-address", "rows": 3},
    )
    phone = StringField(
        _l("Phone (optional)"),
        validators=[
            Optional(),
            Length(max=CONTACT_PHONE_MAX, message=_l(
                "Please keep it under %(max)d characters.", max=CONTACT_PHONE_MAX)),
            Regexp(r"^[0-9+()\-. ]+$",
                   message=_l("Please use only numbers, spaces and + ( ) - .")),
        ],
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    share = RadioField(
        _l("Who can see them?"),
        choices=[
            SelectChoice(HIDDEN, _l("Only me and my caseworker")),
            SelectChoice(SHARED, _l("Everyone in this family")),
        ],
        default=HIDDEN,
        validators=[DataRequired(message=_l("Please choose who can see them."))],
        description=_l("Your caseworker always sees them. The family sees them only if you "
                       "choose to share."),
    )
    submit = SubmitField(_l("Save"))
