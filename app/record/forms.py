"""The record's filter: a GET form, so a narrowed record is a link one can keep or share.

Bad values (a kind we do not know, a date that cannot be read) are never a 500 and never a
dead end: the part is left out, the rest still narrows the record, and the field says why.
"""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField

from app.record.filters import BY_KEY, KINDS, RecordFilter

# Far enough for any real record, near enough that a day after it is still a date.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9000, 1, 1)


class DayField(DateField):
    """A date field whose unreadable input gets our words, not WTForms' English."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None  # an empty box (the form sends from=&to=) means "any day"
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_("We could not read this date, so it was not used. "
                               "Please pick a day, like 2026-03-14.")) from None


class RecordFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET that changes nothing: a link must work on its own

    kind = SelectField(_l("Show"), validate_choice=False)
    first_day = DayField(_l("From"), name="from")
    last_day = DayField(_l("To"), name="to")
    submit = SubmitField(_l("Show these"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _("Everything"))] + [(k.key, str(k.label)) for k in KINDS]

    def to_filter(self, time_zone: str) -> RecordFilter:
        """What can be used of what was asked; each unusable part says why on its field."""
        self.validate()  # fills `errors`; every check below leaves bad parts out
        kind = BY_KEY.get(self.kind.data or "")
        if self.kind.data and kind is None:
            self.kind.errors = [_("We do not know this kind of line, so everything is shown.")]
            self.kind.data = ""
        days = []
        for field in (self.first_day, self.last_day):
            day = field.data if not field.errors else None
            if day is not None and not FIRST_DAY <= day <= LAST_DAY:
                field.errors = [_("This date is too far away, so it was not used.")]
                day = None
            days.append(day)
        first, last = days
        if first and last and first > last:
            self.last_day.errors = [_("The last day is before the first day, so the days "
                                      "were not used.")]
            first = last = None
        return RecordFilter(kind=kind, first_day=first, last_day=last, time_zone=time_zone)

    @property
    def has_problems(self) -> bool:
        return any(field.errors for field in (self.kind, self.first_day, self.last_day))
