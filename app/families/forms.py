"""Forms for creating a family and adding a child."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.families.services import all_time_zones
from app.i18n import today_in


def not_in_future(form, field) -> None:
    if field.data and field.data > today_in(form.family_time_zone()):
        raise ValidationError(_l("This date is in the future."))


class ChildFields:
    child_name = StringField(
        _l("Child's first name"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("The name the child likes to be called."),
    )
    birth_date = DateField(
        _l("Birthday (optional)"), validators=[Optional(), not_in_future]
    )


class FamilyForm(ChildFields, FlaskForm):
    name = StringField(
        _l("Family name"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("For example: The Rivera family. Everyone in the family sees it."),
    )
    time_zone = SelectField(_l("Time zone"), choices=[], default="America/New_York")
    submit = SubmitField(_l("Create family"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = [SelectChoice(tz, tz.replace("_", " ")) for tz in all_time_zones()]

    def family_time_zone(self) -> str:
        valid = self.time_zone.data in {c.value for c in self.time_zone.choices}
        return self.time_zone.data if valid else "UTC"


class ChildForm(ChildFields, FlaskForm):
    submit = SubmitField(_l("Add child"))

    def __init__(self, time_zone: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._time_zone = time_zone

    def family_time_zone(self) -> str:
        return self._time_zone
