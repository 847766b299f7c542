"""Forms for joining a family with an invitation code."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from app.auth.forms import PersonalForm
from app.auth.services import identifier_taken
from app.forms import confirm_password_field, new_password_field

USERNAME_PATTERN = re.compile(r"^[a-zA-Z0-9._-]{3,40}$")


class CodeForm(FlaskForm):
    code = StringField(
        _l("Invitation code"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("12 letters and numbers, for example HK7M-9QXR-C4TW."),
        render_kw={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Continue"))


class NewAccountForm(PersonalForm):
    # Said plainly: this person may already have an account from another family.
    IDENTIFIER_TAKEN = _l("Someone already uses this email or username. If it is you, sign in "
                          "first, then open the invitation again.")

    email = EmailField(
        _l("Email (optional)"),
        validators=[Optional(), Email(message=_l("This does not look like an email address.")),
                    Length(max=254)],
        description=_l("No email? Leave it empty and choose a username below."),
        render_kw={"autocomplete": "email"},
    )
    username = StringField(
        _l("Username (if you have no email)"),
        validators=[Optional(), Length(max=40)],
        description=_l("3 to 40 letters, numbers, dots or dashes. You use it to sign in."),
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = new_password_field()
    confirm = confirm_password_field()
    submit = SubmitField(_l("Join the family"))

    def password_context_words(self) -> list[str]:
        """The joiner's own words, which their password must not be built from."""
        fields = (self.display_name, self.preferred_name, self.email, self.username)
        return [field.data or "" for field in fields]

    def validate_username(self, field) -> None:
        if field.data and not USERNAME_PATTERN.match(field.data):
            raise ValidationError(
                _l("Use 3 to 40 letters, numbers, dots, dashes or underscores, with no spaces.")
            )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.email.data and not self.username.data:
            # Checked here: Optional() on both fields skips their own validators when empty.
            self.username.errors.append(_l("Please give an email or choose a username."))
            return False
        if identifier_taken(self.email.data, self.username.data):
            self.username.errors.append(self.IDENTIFIER_TAKEN)
            return False
        return True
