"""Forms for family time: proposing or creating it, and recording what happened."""

from datetime import timedelta
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.family_time.labels import MODE_LABELS
from app.family_time.levels import SUPERVISION_NAMES
from app.family_time.services import FamilyTimeDetails
from app.i18n import today_in
from app.models import Mode, Outcome, Role, Supervision

DAYS_BACK = 366
DAYS_AHEAD = 3 * 366

REPEATS = [SelectChoice("", _l("Only once")), SelectChoice("1", _l("Every week")),
           SelectChoice("2", _l("Every other week"))]


class FamilyTimeForm(FlaskForm):
    children = SelectMultipleField(_l("Which children?"), coerce=int, validate_choice=False)
    parents = SelectMultipleField(_l("With which parent?"), coerce=int, validate_choice=False)
    day = DateField(_l("Date"), validators=[DataRequired(message=_l("Choose a date."))])
    start = TimeField(_l("Starts at"),
                      validators=[DataRequired(message=_l("Choose a start time."))])
    end = TimeField(_l("Ends at"), validators=[DataRequired(message=_l("Choose an end time."))],
                    description=_l("An end before the start means the next day."))
    mode = RadioField(_l("How?"), default=Mode.IN_PERSON.value,
                      choices=[SelectChoice(m.value, MODE_LABELS[m]) for m in Mode])
    place = StringField(
        _l("Where (optional)"), validators=[Length(max=200)],
        description=_l("For example: Family center, room 2. Never write a home address."),
    )
    call_link = StringField(
        _l("Call link (optional)"), validators=[Optional(), Length(max=500)],
        description=_l("For a video call. It starts with https://"),
        render_kw={"inputmode": "url", "autocomplete": "off"},
    )
    supervision = RadioField(_l("Supervision"), default=Supervision.SUPERVISED.value,
                             choices=[SelectChoice(s.value, SUPERVISION_NAMES[s])
                                      for s in Supervision])
    supervisor = StringField(_l("Who supervises (optional)"), validators=[Length(max=120)])
    host = SelectField(_l("Who hosts (optional)"), coerce=str, validate_choice=False,
                       description=_l("The host says afterwards how it went."))
    repeat = RadioField(_l("Repeats"), default="", choices=REPEATS)
    last_date = DateField(_l("Last date of the series"), validators=[Optional()],
                          description=_l("Only for a time that repeats."))
    confirm_by = DateField(_l("Answer needed by (optional)"), validators=[Optional()],
                           description=_l("If the caseworker has not answered by then, the "
                                          "request ends."))
    notes = TextAreaField(_l("Notes (optional)"), validators=[Length(max=2000)])
    # Set by the "Save anyway" button after the overlap warning was shown.
    save_anyway = BooleanField(_l("Save anyway"))
    submit = SubmitField(_l("Save"))

    def __init__(self, scope, *args, **kwargs):
        super().__init__(*args, **kwargs)
        family = scope.family
        self._time_zone = family.time_zone
        active = [m for m in family.memberships if m.is_in_effect()]
        self.children.choices = [SelectChoice(c.id, c.name) for c in family.children]
        self.parents.choices = [SelectChoice(m.id, m.user.name) for m in active
                                if m.role is Role.PARENT]
        self.host.choices = [SelectChoice("", _l("Nobody chosen"))] + [
            SelectChoice(str(m.id), m.user.name) for m in active
            if m.role in (Role.RESOURCE_PARENT, Role.CASEWORKER)]

    def validate_children(self, field) -> None:
        allowed = {choice.value for choice in field.choices}
        if not field.data or not set(field.data) <= allowed:
            raise ValidationError(_l("Choose at least one child."))

    def validate_parents(self, field) -> None:
        allowed = {choice.value for choice in field.choices}
        if not set(field.data or []) <= allowed:
            raise ValidationError(_l("Choose parents from the list."))

    def validate_host(self, field) -> None:
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose a host from the list."))

    def validate_day(self, field) -> None:
        today = today_in(self._time_zone)
        if not today - timedelta(days=DAYS_BACK) <= field.data <= today + timedelta(
                days=DAYS_AHEAD):
            raise ValidationError(_l("Choose a date within a year before or three years "
                                     "after today."))

    def validate_call_link(self, field) -> None:
        link = (field.data or "").strip()
        parts = urlsplit(link)
        if parts.scheme.lower() != "https" or not parts.netloc or " " in link:
            raise ValidationError(_l("Use a link that starts with https:// (copy it from "
                                     "the invitation for the call)."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Optional() ends the last date's own checks when it is empty; a series needs one.
        if self.repeat.data and not self.last_date.errors:
            if self.last_date.data is None:
                self.last_date.errors.append(_l("Choose the last date of the series."))
                return False
            if self.day.data and self.last_date.data < self.day.data:
                self.last_date.errors.append(
                    _l("The last date must be on or after the first date."))
                return False
        return valid

    def details(self) -> FamilyTimeDetails:
        every = int(self.repeat.data) if self.repeat.data else None
        return FamilyTimeDetails(
            child_ids=self.children.data, day=self.day.data, start=self.start.data,
            end=self.end.data, mode=Mode(self.mode.data),
            supervision=Supervision(self.supervision.data),
            parent_ids=list(self.parents.data or []), place=self.place.data or "",
            call_link=(self.call_link.data or "").strip(),
            supervisor=self.supervisor.data or "",
            host_id=int(self.host.data) if self.host.data else None,
            notes=self.notes.data or "", confirm_by=self.confirm_by.data,
            every_weeks=every, last_date=self.last_date.data if every else None,
        )


OUTCOME_CHOICES = [
    SelectChoice(Outcome.ATTENDED.value, _l("It happened")),
    SelectChoice(Outcome.PARENT_DID_NOT_COME.value, _l("The parent did not come")),
    SelectChoice(Outcome.CHILD_DID_NOT_COME.value, _l("The child did not come")),
]


class OutcomeForm(FlaskForm):
    outcome = RadioField(_l("What happened?"), choices=OUTCOME_CHOICES,
                         validators=[DataRequired(message=_l("Choose what happened."))])
    note = TextAreaField(_l("How did it go? (optional)"), validators=[Length(max=500)],
                         description=_l("A few words. Everyone in the family can read them."))
    submit = SubmitField(_l("Save"))


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is it cancelled?"), validators=[DataRequired(), Length(max=500)],
        description=_l("Everyone in the family sees this. Use calm, plain words."))
    submit = SubmitField(_l("Cancel this family time"))
