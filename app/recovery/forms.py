"""The form a signed-out person fills in to set a new password with a code."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.auth.services import find_user
from app.forms import confirm_password_field, new_password_field


class ResetForm(FlaskForm):
    identifier = StringField(
        _l("Email or username"),
        validators=[DataRequired(), Length(max=254)],
        description=_l("The one you use to sign in."),
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("12 letters and numbers, for example HK7M-9QXR-C4TW."),
        render_kw={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"},
    )
    password = new_password_field(_l("New password"))
    confirm = confirm_password_field()
    submit = SubmitField(_l("Set my new password"))

    def password_context_words(self) -> list[str]:
        """The person's own words, which a new password should not be built from."""
        user = find_user(self.identifier.data or "")
        if user is None:
            # Only what was typed: refusing a name only for real accounts would tell who has one.
            return [self.identifier.data] if self.identifier.data else []
        words = [user.display_name, user.preferred_name, user.email, user.username]
        return [word for word in words if word]
