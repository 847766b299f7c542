"""Forms every kind of shared item uses for moderation: the reason for declining or hiding."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("The person who shared it will see this. Use calm, plain words."),
    )
    submit = SubmitField(_l("Confirm"))
