"""Forms of the review queue: the note kept when the caseworker will talk with the family, and
the confirmation of "share all". Decline and hide use `app.moderation.forms.ReasonForm`."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.caseload.reports import NOTE_MAX


class TalkForm(FlaskForm):
    note = TextAreaField(
        _l("Note for staff"),
        validators=[DataRequired(), Length(max=NOTE_MAX)],
        description=_l("What you will talk about with the family. Only staff read this."),
    )
    submit = SubmitField(_l("Save"))


class BulkForm(FlaskForm):
    # The items shown on the confirmation page: nothing that arrived later is shared unread.
    items = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Share them all"))
