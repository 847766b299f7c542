"""Forms a caseworker uses for the people of a family."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.i18n import today_in
from app.labels import ROLE_LABELS
from app.models import Role

INVITABLE_ROLES = [Role.PARENT, Role.RESOURCE_PARENT, Role.PARENT_PARTNER]


class InvitationForm(FlaskForm):
    invitee_name = StringField(
        _l("Who is this invitation for?"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("Their name, so you know who you are approving later."),
    )
    role = SelectField(
        _l("Role in the family"),
        choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in INVITABLE_ROLES],
        coerce=Role,
    )
    is_kin = BooleanField(
        _l("This resource parent is a relative or family friend (kin)"),
    )
    relationship_label = StringField(
        _l("How the child knows them (optional)"),
        validators=[Length(max=60)],
        description=_l("For example: Mom, Dad, Grandma Rosa, Aunt Lee."),
    )
    submit = SubmitField(_l("Create invitation"))


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("The person can ask to see this. Use calm, plain words."),
    )
    submit = SubmitField(_l("Confirm"))


class SuspendForm(ReasonForm):
    until = DateField(
        _l("Pause until (optional)"),
        validators=[Optional()],
        description=_l("Leave empty to pause until you restore them."),
    )
    submit = SubmitField(_l("Pause this person"))

    def __init__(self, time_zone: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._time_zone = time_zone

    def validate_until(self, field) -> None:
        if field.data and field.data <= today_in(self._time_zone):
            raise ValidationError(_l("Choose a date after today."))
