"""Forms: the hints check while writing, and an admin's change to one term."""


from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations
from wtforms import Form, FormField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.glossary.loading import is_acronym
from app.glossary.services import HINTS_MAX_CHARS, TermChange
from app.models.glossary import NAME_MAX, TEXT_MAX


class HintsForm(FlaskForm):
    """What the composer sends while a person writes (htmx, with the CSRF header)."""

    text = TextAreaField(validators=[Length(max=HINTS_MAX_CHARS)])


def _forms_list(text: str) -> list[str]:
    """One form per line (commas are allowed inside a form, e.g. "trabajador(a), social")."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


class TermTextForm(Form):
    """One language of a term (a sub-form: the CSRF token is on the outer form)."""

    class Meta:
        def get_translations(self, form):
            return translations  # WTForms' messages in the reader's language, as in FlaskForm

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=NAME_MAX)])
    also = TextAreaField(
        _l("Other ways to write it (optional)"),
        description=_l("One per line. A plural ending (s, es) and any letter case are found "
                       "anyway. Avoid everyday words."),
    )
    definition = TextAreaField(
        _l("What it means"), validators=[DataRequired(), Length(max=TEXT_MAX)],
        description=_l("Short sentences and common words, for a parent, not a lawyer."),
    )
    for_you = TextAreaField(
        _l("What this means for you"), validators=[DataRequired(), Length(max=TEXT_MAX)],
        description=_l("One or two sentences to a parent or caregiver: what they can do or ask."),
    )

    def validate_also(self, field) -> None:
        if any(len(form) > NAME_MAX for form in _forms_list(field.data)):
            raise ValidationError(_l("Each line can have at most %(max)d characters.",
                                     max=NAME_MAX))


def term_form(languages: dict[str, str], **kwargs) -> FlaskForm:
    """The edit form, with one section per shipped language."""

    class TermForm(FlaskForm):
        acronyms = StringField(
            _l("Short forms (optional)"), validators=[Length(max=200)],
            description=_l("In capitals, separated by commas, like: GAL, CASA. They are found "
                           "only when written in capitals."),
        )
        submit = SubmitField(_l("Save the term"))

        def validate_acronyms(self, field) -> None:
            if not all(is_acronym(a) for a in self.acronym_list()):
                raise ValidationError(_l("Write short forms in capitals, like GAL."))

        def acronym_list(self) -> list[str]:
            return [" ".join(a.split()) for a in (self.acronyms.data or "").split(",")
                    if a.strip()]

        def change(self) -> TermChange:
            texts = {}
            for locale in self.locales:
                sub = getattr(self, f"text_{locale}").form
                texts[locale] = {
                    "name": " ".join(sub.name.data.split()),
                    "also": _forms_list(sub.also.data),
                    "definition": " ".join(sub.definition.data.split()),
                    "for_you": " ".join(sub.for_you.data.split()),
                }
            return TermChange(acronyms=self.acronym_list(), texts=texts)

        def fill_from(self, term) -> None:
            self.acronyms.data = ", ".join(term.acronyms)
            for locale in self.locales:
                text = term.text_for(locale)
                if text is None:
                    continue
                sub = getattr(self, f"text_{locale}").form
                sub.name.data = text.name
                sub.also.data = "\n".join(text.also)
                sub.definition.data = text.definition
                sub.for_you.data = text.for_you

    TermForm.locales = list(languages)
    for locale, language in languages.items():
        setattr(TermForm, f"text_{locale}", FormField(TermTextForm, label=language))
    return TermForm(**kwargs)
