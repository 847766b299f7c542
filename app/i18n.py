"""Which language and time zone each request uses, and the language chooser's cookie."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.dates import format_time as babel_format_time
from babel.lists import format_list
from flask import current_app, g, request
from flask_babel import format_date, get_locale, get_translations, to_user_timezone
from flask_login import current_user
from jinja2 import Undefined
from markupsafe import Markup, escape


def supported_locales() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """The person's saved choice, else the chooser's cookie, else the browser, else English."""
    supported = supported_locales()
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    return locale_without_account()


def locale_without_account() -> str:
    """The chooser's cookie (set at sign-in to the person's choice), else the browser, else
    English: what can be known without the database (the error page uses it when the
    database is what failed)."""
    supported = supported_locales()
    cookie = request.cookies.get(current_app.config["LANGUAGE_COOKIE_NAME"])
    if cookie in supported:
        return cookie
    return browser_language(request.accept_languages, supported) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def browser_language(accepted, supported: list[str]) -> str | None:
    """The first language the browser asks for that we have, by its quality order: an exact
    tag ("es-419" is Spanish) or the same language in another region or script. Werkzeug's own
    match finds "zh-CN" but not "zh-TW" or "zh-Hans-CN"; a reader of Traditional Chinese reads
    the Simplified pages far better than English ones. A new language needs no change here:
    its line in LANGUAGES is enough."""
    by_language = {}
    for locale in supported:
        by_language.setdefault(_primary(locale), locale)
    for tag, _quality in accepted:
        exact = tag.replace("_", "-").lower()
        for locale in supported:
            if locale.replace("_", "-").lower() == exact:
                return locale
        if found := by_language.get(_primary(tag)):
            return found
    return None


@lru_cache(maxsize=256)
def _primary(tag: str) -> str:
    """The language of a tag as Babel names it, so old and new codes meet: a phone set to
    Filipino sends "fil-PH" and Hearth's Tagalog is "tl" (both "fil" to Babel), "iw" is "he".
    A tag Babel does not know keeps its first part."""
    tag = tag.replace("_", "-")
    try:
        return Locale.parse(tag, sep="-").language
    except (ValueError, UnknownLocaleError):
        return tag.split("-")[0].lower()


@lru_cache(maxsize=32)
def html_lang(locale: str) -> str:
    """The BCP 47 tag for <html lang>: "zh_Hans" -> "zh-Hans"."""
    return locale.replace("_", "-")


@lru_cache(maxsize=32)
def text_direction(locale: str) -> str:
    """"rtl" for Arabic (and any other right-to-left language), else "ltr"."""
    return "rtl" if Locale.parse(locale).character_order == "right-to-left" else "ltr"


@dataclass(frozen=True)
class LanguageChoice:
    """One language as the chooser offers it: by its own name, marked up in its own language
    (so a screen reader says "Tiếng Việt" in Vietnamese, and Arabic is set right to left)."""

    code: str
    name: str
    tag: str
    direction: str


def language_choices() -> list[LanguageChoice]:
    return [LanguageChoice(code, name, html_lang(code), text_direction(code))
            for code, name in current_app.config["LANGUAGES"].items()]


def remember_language(response, locale: str):
    """Keep the choice in a cookie too, so pages after signing out stay in that language."""
    # Same rules as the session cookie; in production its name starts with __Host-, which the
    # browser accepts only with Secure, Path=/ and no Domain.
    response.set_cookie(
        current_app.config["LANGUAGE_COOKIE_NAME"],
        locale,
        max_age=365 * 24 * 3600,
        path="/",
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def today_in(time_zone: str) -> date:
    """The date it is now where the family lives (the server may be a day ahead in UTC)."""
    return datetime.now(ZoneInfo(time_zone)).date()


def _local(value: datetime, time_zone: str | None) -> datetime:
    return value.astimezone(ZoneInfo(time_zone)) if time_zone else to_user_timezone(value)


def format_when(value: datetime, time_zone: str | None = None) -> str:
    """A moment people can read at a glance: "Thu, Dec 3, 2026, 12:23 AM", "jue, 3 dic 2026, 0:23".

    Numeric dates ("12/3/26") mean different days to different readers, so the month is a word;
    Babel joins the date and the time the way the reader's language does. A page that shows
    several families (the caseload) names each family's zone: `value|when(family.time_zone)`.
    """
    locale = get_locale()
    local = _local(value, time_zone)
    name = str(locale)
    day = _day_words(name, local.date())
    clock = _clock_words(name, local.hour, local.minute)
    return locale.datetime_formats["medium"].format(clock, day)


# A thread shows dozens of times on a few days: Babel's skeleton matching costs more than the
# rest of a message, so each day's and each minute's words are worked out once per language.
@lru_cache(maxsize=4096)
def _day_words(locale_name: str, day: date) -> str:
    return format_skeleton("yMMMEd", datetime.combine(day, time(12)), locale=locale_name)


@lru_cache(maxsize=4096)
def _clock_words(locale_name: str, hour: int, minute: int) -> str:
    return babel_format_time(time(hour, minute), "short", locale=locale_name)


def format_clock(value: datetime, time_zone: str | None = None) -> str:
    """The time of day alone ("5:30 PM"), e.g. when something ends the day it started."""
    local = _local(value, time_zone)
    return _clock_words(str(get_locale()), local.hour, local.minute)


def format_names(items) -> str:
    """A list the way the reader's language says it: "Mia and Leo", "Mia y Leo"."""
    return format_list([str(item) for item in items], locale=get_locale())


# --- What people typed, inside the reader's page ------------------------------------------------
# A name, a title or a message may be in another script than the page: an English name in an
# Arabic sentence must not pull the punctuation around it to the wrong side, and a Spanish
# message on an English page should be read (and offered for translation) as Spanish.

def writer_lang(writer) -> str | None:
    """The BCP 47 tag of the language a person reads Hearth in (their `locale`), our best
    knowledge of the language they write; None when unknown."""
    if writer is None or isinstance(writer, Undefined):
        return None
    locale = getattr(writer, "locale", None)
    return html_lang(locale) if locale in supported_locales() else None


def isolate(value, writer=None) -> Markup:
    """Jinja filter `|bdi`: inline text someone typed (a name, a title, a reason) in its own
    <bdi>, so its direction is its own; with the writer's `lang` when `writer` is given."""
    if value is None or value == "":
        return Markup("")
    lang = writer_lang(writer)
    if lang:
        return Markup('<bdi lang="{}">{}</bdi>').format(lang, value)
    return Markup("<bdi>{}</bdi>").format(value)


def written_by(writer=None, text=True) -> Markup:
    """Attributes for an element holding a block of text a person wrote: its direction from the
    text itself, and its language from the writer's: `<p{{ written_by(message.author) }}>`.
    Give `text` when the element may show our own words instead ("(no caption)"): without
    text, no attributes."""
    if not text:
        return Markup("")
    lang = writer_lang(writer)
    if lang:
        return Markup(' dir="auto" lang="{}"').format(lang)
    return Markup(' dir="auto"')


_SLOT = re.compile(r"\x00(\d+)\x00")


def format_names_isolated(items) -> Markup:
    """Jinja filter `|names`: `format_names` with each name in its own <bdi>; the words
    between them ("and", "y", "و") are the reader's language's, escaped."""
    names = [str(item) for item in items]
    joined = format_list([f"\x00{number}\x00" for number in range(len(names))],
                         locale=get_locale())
    parts = _SLOT.split(joined)
    return Markup("").join(escape(part) if index % 2 == 0 else isolate(names[int(part)])
                           for index, part in enumerate(parts))


def sentence(translated: str, **parts) -> Markup:
    """A translated sentence with what people typed in it, each part in its own <bdi>, for
    Python code that builds page text: `sentence(_("%(name)s — %(label)s"), name=..., label=...)`.
    A part that is already Markup (a word of ours, escaped) goes in as it is."""
    return escape(translated) % {
        key: value if isinstance(value, Markup) else isolate(value) for key, value in parts.items()}


def select_timezone() -> str:
    """Family pages show times in the family's zone (set by the family-scope helper)."""
    family = g.get("family")
    return family.time_zone if family is not None else current_app.config["BABEL_DEFAULT_TIMEZONE"]


class WTFormsMessages:
    """WTForms' own messages ("This field is required.", "Not a valid choice.") in the
    reader's language, from Hearth's catalogs like every other word (app/forms.py lists them
    for the extractor). WTForms ships its own translations for a few languages only (none for
    Vietnamese, Haitian Creole or Somali) and in its own words. Flask-WTF looks for the
    translations of a request in `request.wtforms_translations` first (flask_wtf/i18n.py):
    `init_app` puts this there. tests/test_no_english_left.py sends every form empty in
    every language, so a Flask-WTF that stopped looking there would fail it."""

    def ugettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


WTFORMS_MESSAGES = WTFormsMessages()


def init_app(app) -> None:
    @app.before_request
    def form_messages_from_our_catalogs():
        request.wtforms_translations = WTFORMS_MESSAGES

    @app.context_processor
    def language_context():
        return {
            "languages": app.config["LANGUAGES"],
            "language_choices": language_choices(),
            "current_locale": str(get_locale()),
            "html_lang": html_lang(str(get_locale())),
            "text_direction": text_direction(str(get_locale())),
        }

    app.add_template_filter(format_when, "when")
    app.add_template_filter(format_clock, "clock")
    app.add_template_filter(format_names_isolated, "names")
    app.add_template_filter(isolate, "bdi")
    app.add_template_filter(html_lang, "bcp47")
    app.jinja_env.globals["written_by"] = written_by

    @app.template_filter("date")
    def date_filter(value: date | datetime, style: str = "long") -> str:
        return format_date(value, style)
