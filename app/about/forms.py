"""Forms for writing a section of "about me" and for a caseworker's reason."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.models.about import TEXT_MAX


class SectionForm(FlaskForm):
    # The label is the section's prompt about the child, set by the view.
    text = TextAreaField(
        validators=[
            DataRequired(message=_l("Please write something first.")),
            Length(max=TEXT_MAX, message=_l("Please keep it under %(max)d characters.",
                                            max=TEXT_MAX)),
        ],
        description=_l("Write it the way you would tell a new babysitter."),
    )
    # The version the form was opened on (0: none yet): a save from an older one is shown
    # beside what is saved now instead of replacing it (services.write).
    based_on = HiddenField()
    submit = SubmitField(_l("Save"))

