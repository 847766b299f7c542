"""The form a caseworker uses to change the family's review level, with their reason."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from app.models import ReviewLevel

LEVEL_CHOICES = [
    SelectChoice(ReviewLevel.REVIEWED.value,
                 _l("Reviewed: you read messages, photos and events before the family sees them")),
    SelectChoice(ReviewLevel.OPEN.value,
                 _l("Open: things are shared right away. You can still read them and hide one")),
]


class ReviewLevelForm(FlaskForm):
    level = RadioField(_l("How sharing works in this family"), choices=LEVEL_CHOICES,
                       validators=[InputRequired(message=_l("Choose one."))])
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("Kept in the family record. Use calm, plain words."),
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, current: ReviewLevel, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        if self.level.data is None:
            self.level.data = current.value

    def validate_level(self, field) -> None:
        if field.data == self.current.value:
            raise ValidationError(_l("The family already works this way. Choose the other way "
                                     "to change it."))
