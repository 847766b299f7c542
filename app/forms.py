"""Form pieces every blueprint uses: the password rules and the button-only form."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from app import passwords
from app.security_events import log_security_event

# WTForms' own messages that Hearth's fields and validators can give, written here so that
# `flask translate extract` puts them in the catalogs; app/i18n.py (WTFormsMessages) reads
# them from there at run time. The English is WTForms' (it asks for these exact words).
# Never called: the extractor reads the calls, and WTForms fills in the numbers itself.
WTFORMS_OWN_MESSAGES = (
    lambda: _("This field is required."),
    lambda: _("Not a valid choice."),
    lambda: _("Invalid Choice: could not coerce."),
    lambda: _("Invalid choice(s): one or more data inputs could not be coerced."),
    lambda: _("Not a valid date value."),
    lambda: _("Not a valid time value."),
    lambda n: ngettext("Field cannot be longer than %(max)d character.",
                       "Field cannot be longer than %(max)d characters.", n),
)


class EmptyForm(FlaskForm):
    """A POST with only a button still needs a CSRF token."""


def refuse_weak_password(rule: str, form, field, message) -> None:
    """Every weak new password refused is a security event: which form, field and rule only."""
    log_security_event("password.refused_weak", form=type(form).__name__, field=field.name,
                       rule=rule)
    raise ValidationError(message)


class PasswordLength(Length):
    def __call__(self, form, field) -> None:
        try:
            super().__call__(form, field)
        except ValidationError as refused:
            refuse_weak_password("length", form, field, refused.args[0])


class NotCommonPassword:
    def __call__(self, form, field) -> None:
        if field.data and passwords.is_common(field.data):
            refuse_weak_password("common", form, field, _l(
                "This password is too easy to guess. Please choose a different one."))


class NotBuiltFromContext:
    """Refuses passwords made of "hearth", the agency's name or the person's own words.

    A form that knows whose password it is defines `password_context_words()` (their names,
    email and username); the rule itself is in `app.passwords.is_built_from_context`.
    """

    message = _l("This password is too easy to guess: it uses a name. "
                 "Please choose different words.")

    def __call__(self, form, field) -> None:
        words_of = getattr(form, "password_context_words", None)
        words = list(words_of()) if callable(words_of) else []
        if field.data and passwords.is_built_from_context(field.data, words):
            refuse_weak_password("personal", form, field, self.message)


def new_password_field(label=None) -> PasswordField:
    return PasswordField(
        label or _l("Password"),
        validators=[
            DataRequired(),
            PasswordLength(
                min=passwords.MIN_LENGTH,
                max=passwords.MAX_LENGTH,
                message=_l(
                    "Use between %(min)d and %(max)d characters.",
                    min=passwords.MIN_LENGTH,
                    max=passwords.MAX_LENGTH,
                ),
            ),
            NotCommonPassword(),
            NotBuiltFromContext(),
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
