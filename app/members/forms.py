"""Forms a caseworker uses for the people of a family."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.i18n import today_in
from app.labels import ROLE_LABELS
from app.models import Role

# Kin is its own choice, not a checkbox beside every role: only someone the child lives with
# can be kin, so the list cannot express anything else. Stored as resource parent + is_kin.
INVITABLE_ROLES = {
    "parent": (Role.PARENT, False),
    "resource_parent": (Role.RESOURCE_PARENT, False),
    "kin_caregiver": (Role.RESOURCE_PARENT, True),
    "parent_partner": (Role.PARENT_PARTNER, False),
}


class InvitationForm(FlaskForm):
    invitee_name = StringField(
        _l("Who is this invitation for?"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("Their name, so you know who you are approving later."),
    )
    role = SelectField(
        _l("Role in the family"),
        choices=[
            SelectChoice("parent", ROLE_LABELS[Role.PARENT]),
            SelectChoice("resource_parent",
                         _l("Resource parent (a foster parent the child lives with)")),
            SelectChoice("kin_caregiver",
                         _l("Kin caregiver (a relative or family friend the child lives with)")),
            SelectChoice("parent_partner", ROLE_LABELS[Role.PARENT_PARTNER]),
        ],
    )
    relationship_label = StringField(
        _l("How the child knows them (optional)"),
        validators=[Length(max=60)],
        description=_l("For example: Mom, Dad, Grandma Rosa, Aunt Lee."),
    )
    submit = SubmitField(_l("Create invitation"))

    @property
    def role_and_kin(self) -> tuple[Role, bool]:
        return INVITABLE_ROLES[self.role.data]


class ReasonForm(FlaskForm):
    # Declining: the page above says the person will see the reason on My families.
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("Use calm, plain words."),
    )
    submit = SubmitField(_l("Confirm"))


class SuspendForm(ReasonForm):
    # A paused person is not shown the reason; they can ask for it.
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("The person can ask to see this. Use calm, plain words."),
    )
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
