"""Forms for raising a concern and for the caseworker's steps, resolution and reopening."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.concerns.labels import KIND_CHOICES
from app.i18n import today_in
from app.models.concerns import NOTE_MAX, TEXT_MAX

PRIVATE, SHARED = "private", "shared"
STAFF, FAMILY = "staff", "family"
# A step written up later is fine; one from years back is most likely a typo in the year.
OLDEST_STEP = timedelta(days=366)


def _length(limit: int) -> Length:
    return Length(max=limit, message=_l("Please keep it under %(max)d characters.", max=limit))


class ConcernForm(FlaskForm):
    what_happened = TextAreaField(
        _l("What is not working?"),
        validators=[DataRequired(message=_l("Please tell us what happened.")),
                    _length(TEXT_MAX)],
        description=_l("Say what happened, in your own words."),
    )
    what_would_help = TextAreaField(
        _l("What would help? (optional)"),
        validators=[Optional(), _length(TEXT_MAX)],
        description=_l("For example: a call with the caseworker, a meeting, a change of plan."),
    )
    who_reads = RadioField(
        _l("Who can read this?"),
        choices=[
            SelectChoice(PRIVATE, _l("Only my caseworker")),
            SelectChoice(SHARED, _l("My caseworker, and the other parents and caregivers "
                                    "in this family")),
        ],
        default=PRIVATE,
        validators=[DataRequired(message=_l("Please choose who can read this."))],
    )
    submit = SubmitField(_l("Tell my caseworker"))

    @property
    def shared(self) -> bool:
        return self.who_reads.data == SHARED


class StepForm(FlaskForm):
    kind = RadioField(
        _l("What did you do?"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_CHOICES.items()],
        validators=[DataRequired(message=_l("Please choose what you did."))],
    )
    happened_on = DateField(_l("Date"),
                            validators=[DataRequired(message=_l("Choose a date."))])
    note = TextAreaField(
        _l("Short note"),
        validators=[DataRequired(message=_l("Please write a short note.")), _length(NOTE_MAX)],
    )
    note_for = RadioField(
        _l("Who can read the note?"),
        choices=[
            SelectChoice(STAFF, _l("Staff only (a private note)")),
            SelectChoice(FAMILY, _l("The family members who can see this concern")),
        ],
        default=STAFF,
        validators=[DataRequired(message=_l("Please choose who can read the note."))],
        description=_l("The family always sees what kind of step it was and its date."),
    )
    submit = SubmitField(_l("Save the step"))

    def __init__(self, time_zone: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._today = today_in(time_zone)
        if self.happened_on.data is None and not self.is_submitted():
            self.happened_on.data = self._today

    def validate_happened_on(self, field) -> None:
        if field.data > self._today:
            raise ValidationError(_l("Please choose today or a day before."))
        if field.data < self._today - OLDEST_STEP:
            raise ValidationError(_l("Please choose a date within the last year."))

    @property
    def note_for_family(self) -> bool:
        return self.note_for.data == FAMILY


class ResolveForm(FlaskForm):
    resolution = TextAreaField(
        _l("How was it resolved?"),
        validators=[DataRequired(message=_l("Please say how it was resolved.")),
                    _length(TEXT_MAX)],
        description=_l("Everyone who can see this concern will read it. Use calm, plain words."),
    )
    submit = SubmitField(_l("Close the concern"))
