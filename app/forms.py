"""Form pieces every blueprint uses: the password rules and the button-only form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from app import passwords


class EmptyForm(FlaskForm):
    """A POST with only a button still needs a CSRF token."""


class NotCommonPassword:
    def __call__(self, form, field) -> None:
        if field.data and passwords.is_common(field.data):
            raise ValidationError(
                _l("This password is too easy to guess. Please choose a different one.")
            )


def new_password_field(label=None) -> PasswordField:
    return PasswordField(
        label or _l("Password"),
        validators=[
            DataRequired(),
            Length(
                min=passwords.MIN_LENGTH,
                max=passwords.MAX_LENGTH,
                message=_l(
                    "Use between %(min)d and %(max)d characters.",
                    min=passwords.MIN_LENGTH,
                    max=passwords.MAX_LENGTH,
                ),
            ),
            NotCommonPassword(),
        ],
        description=_l("At least 8 characters. A few words you will remember work well."),
        render_kw={"autocomplete": "new-password"},
    )


def confirm_password_field(other: str = "password") -> PasswordField:
    return PasswordField(
        _l("Type the password again"),
        validators=[
            DataRequired(),
            EqualTo(other, message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
