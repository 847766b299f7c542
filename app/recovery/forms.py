"""The form a signed-out person fills in to set a new password with a code."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

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
        """Only what was typed. The person's own words are checked once the code is right
        (services.set_new_password): refusing their name here would tell anyone without a code
        that the account exists and whose it is."""
        return [self.identifier.data] if self.identifier.data else []
