"""Forms of the message thread: writing or correcting a message, reporting one."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.models.reports import REASON_MAX


def one_line_break(value):
    """Browsers send a line break as CRLF but count it as one character in `maxlength`: store
    and count it as one too, so a box that let the text in never refuses it."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class MessageForm(FlaskForm):
    text = TextAreaField(_l("Your message"), filters=[one_line_break], validators=[DataRequired(
        message=_l("Please write a message first."))])
    submit = SubmitField(_l("Send"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_length = current_app.config["MESSAGE_MAX_LENGTH"]
        self.text.render_kw = {"maxlength": self.max_length, "rows": 3}

    def validate_text(self, field) -> None:
        text = (field.data or "").strip()
        if not text:
            raise ValidationError(_l("Please write a message first."))
        if len(text) > self.max_length:
            raise ValidationError(_l(
                "This message is %(count)d characters long. Please keep it to %(limit)d "
                "or send it in two parts.", count=len(text), limit=self.max_length))


class CorrectionForm(MessageForm):
    submit = SubmitField(_l("Save the correction"))


class ReportForm(FlaskForm):
    reason = TextAreaField(
        _l("What worries you about this message?"),
        validators=[DataRequired(message=_l("Please say what worries you.")),
                    Length(max=REASON_MAX, message=_l(
                        "Please keep it to %(max)d characters.", max=REASON_MAX))],
        description=_l("Only your caseworker will read this."),
        render_kw={"maxlength": REASON_MAX, "rows": 3},
    )
    submit = SubmitField(_l("Send to my caseworker"))
