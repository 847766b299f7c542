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


class ReportForm(FlaskForm):
    """A member tells the caseworker what worries them about a shared photo or event."""

    reason = TextAreaField(
        _l("What worries you about this?"),
        validators=[DataRequired(message=_l("Please say what worries you.")),
                    Length(max=500, message=_l("Please keep it to %(max)d characters.",
                                               max=500))],
        description=_l("Only your caseworker will read this."),
        render_kw={"maxlength": 500, "rows": 3},
    )
    submit = SubmitField(_l("Send to my caseworker"))
