"""The one route of machine translation: a text's translation, as a page or as the piece of a
page that htmx swaps in under the original.

POST asks for it (from the kept rows, else the service) and, without JavaScript, sends the
reader on to the GET page, which shows only what is kept: a reload never calls the service.
`?original=1` gives the button again (htmx: "Hide the translation").
"""

from flask import abort, g, redirect, render_template, request, url_for
from markupsafe import Markup

from app.access import family_scope
from app.forms import EmptyForm
from app.htmx import is_htmx_fragment_request, render_page_or_fragment
from app.i18n import html_lang, text_direction
from app.limits import per_person
from app.machine_translation import bp, service, services, texts
from app.machine_translation.services import Shown


@bp.route("/<kind>/<int:item_id>", methods=["GET", "POST"])
@per_person("MACHINE_TRANSLATION_LIMIT_PER_PERSON")
def show(family_id: int, kind: str, item_id: int):
    scope = family_scope(family_id)
    unit = texts.find(scope, kind, item_id)
    if not services.offered(unit, scope):
        abort(404)  # off, not for this reader, or already in their language
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        shown = services.translation(unit, scope)
        if not shown.failed and not is_htmx_fragment_request():
            return redirect(url_for(".show", family_id=family_id, kind=kind, item_id=item_id),
                            303)
    elif request.args.get("original"):
        shown = Shown(unit)
    else:
        shown = services.kept_only(unit, scope)
    return render_page_or_fragment("machine_translation/page.html",
                                   "machine_translation/_translation.html", **_context(shown))


def translation_control(kind: str, item) -> Markup:
    """The button under a text a page shows (the page read `item` through "may see"), or
    nothing when it is not offered to this reader."""
    scope = g.get("family_scope")
    if scope is None or not service.is_on():
        return Markup("")
    known = texts.KINDS.get(kind)  # e.g. a family time's reason: not (yet) translated
    unit = texts.unit_of(known, item, scope) if known is not None else None
    if not services.offered(unit, scope):
        return Markup("")
    # An autoescaped template's output: every value in it is escaped by Jinja.
    return Markup(render_template("machine_translation/_translation.html",  # noqa: S704
                                  **_context(Shown(unit))))


def _context(shown: Shown) -> dict:
    target = services.reader_locale()
    unit = shown.unit
    return {
        "shown": shown, "unit": unit,
        "url": url_for("machine_translation.show", family_id=unit.item.family_id,
                       kind=unit.kind.name, item_id=unit.item.id),
        "reader_lang": html_lang(target), "reader_dir": text_direction(target),
        "writer_lang": html_lang(unit.writer.locale),
        "language_name": language_name(target),
    }


def language_name(locale: str) -> str:
    """The reader's language in its own words, as a sentence uses it ("español")."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(locale).get_display_name(locale) or locale
    except (UnknownLocaleError, ValueError):
        return locale
