"""Forms for adding and changing an event, answering it, and giving a moderation reason."""

from datetime import timedelta
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.events.labels import KIND_GROUPS, KIND_LABELS
from app.events.services import EventDetails
from app.i18n import today_in
from app.models import Answer, EventKind

# Far enough back to note last month's report card, far enough ahead for next school year.
DAYS_BACK = 366
DAYS_AHEAD = 3 * 366


class EventForm(FlaskForm):
    title = StringField(
        _l("What is it?"), validators=[DataRequired(), Length(max=120)],
        description=_l("A short name, like: School play."),
    )
    kind = SelectField(_l("Kind of event"), choices=[], validators=[DataRequired()])
    children = SelectMultipleField(_l("Which children is it about?"), coerce=int,
                                   validate_choice=False)
    day = DateField(_l("Date"), validators=[DataRequired(message=_l("Choose a date."))])
    all_day = BooleanField(_l("All day"), description=_l("No set time, like a birthday."))
    start = TimeField(_l("Starts at"), validators=[Optional()],
                      description=_l("Leave it empty when it lasts all day."))
    end = TimeField(_l("Ends at (optional)"), validators=[Optional()])
    place = StringField(
        _l("Where (optional)"), validators=[Length(max=200)],
        description=_l("For example: Lincoln School gym. Never write the home address."),
    )
    video_link = StringField(
        _l("Video call link (optional)"), validators=[Optional(), Length(max=500)],
        description=_l("For people who join by video. It starts with https://"),
        render_kw={"inputmode": "url", "autocomplete": "off"},
    )
    notes = TextAreaField(_l("Notes (optional)"), validators=[Length(max=2000)])
    # The version of the event the form was opened on (app/events/edits.py): a save from an
    # older one is shown side by side with what is saved now instead of replacing it.
    version = HiddenField()
    submit = SubmitField(_l("Save event"))

    def __init__(self, children, time_zone: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._time_zone = time_zone
        self.kind.choices = [
            SelectChoice(kind.value, KIND_LABELS[kind], optgroup=group)
            for group, kinds in KIND_GROUPS for kind in kinds
        ]
        self.children.choices = [SelectChoice(child.id, child.name) for child in children]

    def validate_kind(self, field) -> None:
        if field.data not in {kind.value for kind in EventKind}:
            raise ValidationError(_l("Choose a kind of event from the list."))

    def validate_children(self, field) -> None:
        allowed = {choice.value for choice in field.choices}
        if not field.data or not set(field.data) <= allowed:
            raise ValidationError(_l("Choose at least one child."))

    def validate_day(self, field) -> None:
        today = today_in(self._time_zone)
        if not today - timedelta(days=DAYS_BACK) <= field.data <= today + timedelta(
                days=DAYS_AHEAD):
            raise ValidationError(_l("Choose a date within a year before or three years "
                                     "after today."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Optional() ends the start time's own checks when it is empty; it is needed unless
        # the event lasts all day.
        if not self.all_day.data and self.start.data is None and not self.start.errors:
            self.start.errors.append(_l("Choose a start time, or tick \"All day\"."))
            return False
        return valid

    def validate_end(self, field) -> None:
        if self.all_day.data or field.data is None or self.start.data is None:
            return
        if field.data <= self.start.data:
            raise ValidationError(_l("The end time must be after the start time."))

    def validate_video_link(self, field) -> None:
        link = (field.data or "").strip()
        parts = urlsplit(link)
        if parts.scheme.lower() != "https" or not parts.netloc or " " in link:
            raise ValidationError(_l("Use a link that starts with https:// (copy it from "
                                     "the invitation for the call)."))

    def details(self) -> EventDetails:
        return EventDetails(
            title=self.title.data, kind=EventKind(self.kind.data), child_ids=self.children.data,
            day=self.day.data, all_day=self.all_day.data,
            start=None if self.all_day.data else self.start.data,
            end=None if self.all_day.data else self.end.data,
            place=self.place.data or "", video_link=self.video_link.data or "",
            notes=self.notes.data or "",
        )

    def fill_from(self, event, time_zone: str) -> None:
        """Put an event's values in the form, in the family's time zone, for editing (the
        event itself, or the writer's own waiting change to it: `edits.view`)."""
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(time_zone)
        self.title.data = event.title
        self.kind.data = event.kind.value
        self.children.data = [child.id for child in event.children]
        self.all_day.data = event.all_day
        if event.all_day:
            self.day.data = event.local_date
        else:
            self.day.data = event.starts_at.astimezone(zone).date()
            self.start.data = event.starts_at.astimezone(zone).time()
            self.end.data = event.ends_at.astimezone(zone).time() if event.ends_at else None
        self.place.data = event.place
        self.video_link.data = event.video_link
        self.notes.data = event.notes


class AnswerForm(FlaskForm):
    """The three buttons: each sends its own value as `answer`."""

    answer = SelectField(choices=[SelectChoice(a.value) for a in Answer],
                         validators=[DataRequired()])

