"""Sign-in, account and language forms."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from app.forms import confirm_password_field, new_password_field
from app.i18n import html_lang


def language_choices() -> list[SelectChoice]:
    # Each language in its own name, so a reader finds theirs without reading English.
    return [
        SelectChoice(code, name, render_kw={"lang": html_lang(code)})
        for code, name in current_app.config["LANGUAGES"].items()
    ]


class SignInForm(FlaskForm):
    identifier = StringField(
        _l("Email or username"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Sign in"))


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=[])
    next = HiddenField()
    submit = SubmitField(_l("Change language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = language_choices()


class PersonalForm(FlaskForm):
    """What a person says about themselves: on joining, and later on their account page."""

    display_name = StringField(
        _l("Your full name"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("Your caseworker uses this to know who you are."),
        render_kw={"autocomplete": "name"},
    )
    preferred_name = StringField(
        _l("The name you like to be called (optional)"),
        validators=[Length(max=80)],
        description=_l("This is the name others in your family see."),
        render_kw={"autocomplete": "nickname"},
    )
    locale = SelectField(_l("Language"), choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = language_choices()


class ProfileForm(PersonalForm):
    submit = SubmitField(_l("Save"))


class ReadReceiptsForm(FlaskForm):
    read_receipts = BooleanField(
        _l("Show when I have read messages"),
        description=_l("When this is off, others do not see that you read their messages, "
                       "and you do not see when they read yours."),
    )
    submit = SubmitField(_l("Save"))


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Your password now"),
        validators=[DataRequired(), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password_field(_l("New password"))
    confirm = confirm_password_field()
    submit = SubmitField(_l("Change password"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._user = user
        self.current_password_verified = False

    def validate_current_password(self, field) -> None:
        from app.passwords import verify_password

        if not verify_password(self._user.password_hash, field.data or ""):
            raise ValidationError(_l("That is not your password now."))
        self.current_password_verified = True

    def validate_password(self, field) -> None:
        # Compared only once the current one is proved (fields validate in order), so this
        # check is no way round the count of wrong current passwords. A first password an
        # admin chose and saw must really be replaced (ASVS 6.4.1).
        if self.current_password_verified and field.data == self.current_password.data:
            raise ValidationError(_l("Please choose a new password, not the one you have now."))

    def password_context_words(self) -> list[str]:
        user = self._user
        return [user.display_name, user.preferred_name, user.email or "", user.username or ""]
