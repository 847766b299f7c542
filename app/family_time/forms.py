"""Forms for family time: proposing or creating it, recording what happened, and the
caseworker setting a parent's family-time level."""

from datetime import date, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
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

from app.family_time import privacy
from app.family_time.court_record import MAX_RANGE_DAYS
from app.family_time.labels import MODE_LABELS
from app.family_time.levels import LEVEL_NAMES, SUPERVISION_NAMES
from app.family_time.services import QUARTER_HOUR, FamilyTimeDetails, on_quarter_hour
from app.i18n import today_in
from app.models import Level, Mode, Outcome, Role, Supervision
from app.models.calendar import MAX_SERIES_DAYS

DAYS_BACK = 366
DAYS_AHEAD = 3 * 366
# The court record: a bounded range of plausible dates (a date far outside has no zone offset).
MAX_RECORD_DAYS = MAX_RANGE_DAYS
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def quarter_hour(form, field) -> None:
    """Family time starts and ends on a quarter hour (the services refuse any other too)."""
    if field.data is not None and not on_quarter_hour(field.data):
        raise ValidationError(QUARTER_HOUR)


def start_and_end():
    """The start and end fields every family-time form shares: quarter hours only, and the
    browser's time picker steps by 15 minutes (900 seconds)."""
    start = TimeField(_l("Starts at"), render_kw={"step": "900"},
                      validators=[DataRequired(message=_l("Choose a start time.")),
                                  quarter_hour])
    end = TimeField(_l("Ends at"), render_kw={"step": "900"},
                    validators=[DataRequired(message=_l("Choose an end time.")), quarter_hour],
                    description=_l("An end before the start means the next day."))
    return start, end


REPEATS = [SelectChoice("", _l("Only once")), SelectChoice("1", _l("Every week")),
           SelectChoice("2", _l("Every other week"))]


class FamilyTimeForm(FlaskForm):
    children = SelectMultipleField(_l("Which children?"), coerce=int, validate_choice=False)
    parents = SelectMultipleField(_l("With which parent?"), coerce=int, validate_choice=False)
    day = DateField(_l("Date"), validators=[DataRequired(message=_l("Choose a date."))])
    start, end = start_and_end()
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
    supervisor = StringField(
        _l("Who supervises (optional)"), validators=[Length(max=120)],
        description=_l("The parents in this family time, its host and the caseworker see "
                       "who supervises. Others in the family do not."),
    )
    host = SelectField(_l("Who hosts (optional)"), coerce=str, validate_choice=False,
                       description=_l("The host says afterwards how it went."))
    repeat = RadioField(_l("Repeats"), default="", choices=REPEATS)
    last_date = DateField(_l("Last date of the series"), validators=[Optional()],
                          description=_l("Only for a time that repeats."))
    confirm_by = DateField(_l("Answer needed by (optional)"), validators=[Optional()],
                           description=_l("If the caseworker has not answered by then, the "
                                          "request ends."))
    # Who reads them is said beside the field (set in __init__: it depends on the writer).
    notes = TextAreaField(_l("Notes (optional)"), validators=[Length(max=2000)])
    # Set by the "Save anyway" button after the overlap warning was shown.
    save_anyway = BooleanField(_l("Save anyway"))
    submit = SubmitField(_l("Save"))

    def __init__(self, scope, *args, **kwargs):
        super().__init__(*args, **kwargs)
        family = scope.family
        self._scope = scope
        self._time_zone = family.time_zone
        # The rule of every view (app/family_time/privacy.py): notes are for the person who
        # writes them and the caseworker. What the family needs to know goes in "Where".
        self.notes.description = (
            _l("Only caseworkers can read these notes. The family does not see them.")
            if scope.is_caseworker else
            _l("Only you and the caseworker can read these notes. Others in the family do "
               "not see them."))
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
        return self._series_not_too_long() and valid

    def _series_not_too_long(self) -> bool:
        """A last date years away would make every page that lists the series' times
        (the overlap warning first of all) work through each of them: refuse it here,
        before anything is worked out, on every form that takes a last date."""
        last, day = self.last_date.data, self.day.data
        if last is None or day is None or self.last_date.errors:
            return True
        latest = day + timedelta(days=MAX_SERIES_DAYS)
        if last <= latest:
            return True
        self.last_date.errors.append(
            _("A series can last at most one year. Choose a last date on or before "
              "%(date)s.", date=format_date(latest, "long")))
        return False

    def fill_from(self, item, starts_at, ends_at) -> None:
        """Start a change from how the time is now (a GET): its people, place and times.
        Who supervises and the notes only for someone who may read them (privacy.py), so
        the form does not show what the page keeps back."""
        zone = ZoneInfo(self._time_zone)
        self.children.data = [child.id for child in item.children]
        self.parents.data = [membership.id for membership in item.parents]
        self.day.data = starts_at.astimezone(zone).date()
        self.start.data = starts_at.astimezone(zone).time()
        self.end.data = ends_at.astimezone(zone).time()
        self.mode.data = item.mode.value
        self.place.data = item.place
        self.call_link.data = item.call_link
        if privacy.sees_supervisor(self._scope, item):
            self.supervision.data = item.supervision.value
            self.supervisor.data = item.supervisor
        self.host.data = str(item.host_id) if item.host_id else ""
        self.repeat.data = str(item.every_weeks) if item.every_weeks else ""
        self.last_date.data = item.last_date if item.every_weeks else None
        if privacy.sees_notes(self._scope, item):
            self.notes.data = item.notes

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


class SeenField(HiddenField):
    """The version of the occurrence the form showed (services.occurrence_version), sent
    back so a second tap, or a form left open while someone else acted, is refused in words.
    None when absent (a form from before this field)."""

    def process_formdata(self, valuelist):
        value = valuelist[0] if valuelist else ""
        self.data = int(value) if value.isdigit() and len(value) < 10 else None


class OutcomeForm(FlaskForm):
    seen = SeenField()
    outcome = RadioField(_l("What happened?"), choices=OUTCOME_CHOICES,
                         validators=[DataRequired(message=_l("Choose what happened."))])
    note = TextAreaField(_l("How did it go? (optional)"), validators=[Length(max=500)],
                         description=_l("A few words. Everyone in the family can read them."))
    submit = SubmitField(_l("Save"))


class CancelForm(FlaskForm):
    seen = SeenField()
    reason = TextAreaField(
        _l("Why is it cancelled?"), validators=[DataRequired(), Length(max=500)],
        description=_l("Everyone in the family sees this. Use calm, plain words."))
    submit = SubmitField(_l("Cancel this family time"))


WHICH_ONE = "one"
WHICH_FOLLOWING = "following"


class ChangeForm(FamilyTimeForm):
    """Asking to change approved family time: the new details, and for a series whether
    only this time changes or this one and every later one."""

    which = RadioField(_l("What should change?"), default=WHICH_ONE, choices=[
        SelectChoice(WHICH_ONE, _l("Only this time")),
        SelectChoice(WHICH_FOLLOWING, _l("This time and all the later ones")),
    ])
    last_date = DateField(_l("Last date of the series"), validators=[Optional()],
                          description=_l("Only when the later times change too."))
    submit = SubmitField(_l("Send my request"))


class MakeUpForm(FamilyTimeForm):
    """A make-up time is one time, never a series: the page shows no "Repeats" or last date,
    so neither is read from what is posted (a forged last date years away changes nothing)."""

    def __init__(self, scope, *args, **kwargs):
        super().__init__(scope, *args, **kwargs)
        self.repeat.data = ""
        self.last_date.data = None
        self.last_date.raw_data = []


class MoveForm(FlaskForm):
    """The caseworker moves one occurrence: another day, start and end."""

    seen = SeenField()
    day = DateField(_l("New date"), validators=[DataRequired(message=_l("Choose a date."))])
    start, end = start_and_end()
    save_anyway = BooleanField(_l("Save anyway"))
    submit = SubmitField(_l("Move this time"))

    def __init__(self, time_zone: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._time_zone = time_zone

    validate_day = FamilyTimeForm.validate_day

    def fill_from(self, entry) -> None:
        zone = ZoneInfo(self._time_zone)
        self.day.data = entry.starts_at.astimezone(zone).date()
        self.start.data = entry.starts_at.astimezone(zone).time()
        self.end.data = entry.ends_at.astimezone(zone).time()
class RecordRangeForm(FlaskForm):
    """The court record's dates, read from the address (GET): nothing is changed, so no CSRF
    token, and the record of a range can be opened again from its link. A date left out
    takes its default; `first` and `last` are the range to show (the defaults when a date
    is wrong, with the message beside it)."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])
    submit = SubmitField(_l("Show"))

    def __init__(self, formdata, default: tuple[date, date]):
        super().__init__(formdata=formdata)
        self.default = default
        self.first, self.last = default
        if not formdata:  # the page as first opened shows its dates in the fields
            self.start.data, self.end.data = default

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            for field in (self.start, self.end):
                if field.errors:
                    field.errors[:] = [_l("Choose a date, for example 2026-09-01.")]
            return False
        first = self.start.data or self.default[0]
        last = self.end.data or self.default[1]
        for field, day in ((self.start, first), (self.end, last)):
            if not EARLIEST <= day <= LATEST:
                field.errors.append(_l("Choose a date between the years 2000 and 2099."))
                return False
        if first > last:
            self.end.errors.append(_l("The “To” date must be on or after the “From” date."))
            return False
        if (last - first).days > MAX_RECORD_DAYS:
            self.end.errors.append(_l("Choose at most two years at a time."))
            return False
        self.first, self.last = first, last
        for field, day in ((self.start, first), (self.end, last)):
            if field.data is None:  # a date left out shows the one used
                field.data, field.raw_data = day, None
        return True
class LevelForm(FlaskForm):
    """The caseworker approves one parent for a family-time level; several on one page, so
    each is built with `prefix` and the parent's name in its labels."""

    level = SelectField(_l("Approved for"),
                        choices=[SelectChoice(level.value, LEVEL_NAMES[level]) for level in Level],
                        validators=[DataRequired(message=_l("Choose a level."))])
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(message=_l("Please write a reason. The parent "
                                                          "reads it.")), Length(max=500)],
        description=_l("The parent reads this with their new level. Use calm, plain words."))
    submit = SubmitField(_l("Save the level"))

    def __init__(self, name: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.label.text = _l("%(name)s is approved for", name=name)
        self.reason.label.text = _l("Reason for %(name)s", name=name)
