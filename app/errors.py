"""Friendly error pages that reveal nothing about what exists."""

from flask import current_app, g, make_response, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from app.extensions import db
from app.htmx import is_htmx_fragment_request
from app.i18n import locale_without_account, text_direction
from app.security_events import log_security_event


def init_app(app) -> None:
    app.register_error_handler(CSRFError, csrf_error)
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, error_page)


def csrf_error(error):
    log_security_event("csrf.failed", reason=error.description)
    page = render_template(
        "errors/error.html",
        code=400,
        title=_("This form has expired"),
        message=_("Please go back, reload the page and try again."),
    )
    return _reload_if_fragment(make_response(page, 400))


def error_page(error):
    """The friendly page for any error, in the reader's language.

    The session is rolled back first: after a failed write it refuses every query until then,
    and the page reads through it (the signed-in person, their family's name). If the page
    still cannot be made (the database itself is down), a plain one that reads nothing from
    the database says the same."""
    _roll_back()
    code = getattr(error, "code", 500) or 500
    if code in (403, 404):
        log_refusal(code)
    if code == 429:
        limit = getattr(error, "limit", None)  # Flask-Limiter's; our sign-in limits abort(429)
        log_security_event("request.rate_limited", limit=str(limit.limit) if limit else None)
    try:
        return _friendly(code)
    except Exception:  # the page about an error must not be one itself
        current_app.logger.exception("The error page could not be made; sending the plain one")
        _roll_back()
        locale = locale_without_account()
        with force_locale(locale):
            return _friendly(code, plain_locale=locale)


def _roll_back() -> None:
    try:
        db.session.rollback()
    except Exception:  # a connection that is gone cannot be rolled back
        current_app.logger.exception("Rolling back before the error page failed")


def _words(code: int) -> tuple[str, str]:
    titles = {
        400: (_("Something was wrong with that request"), _("Please go back and try again.")),
        403: (
            _("You cannot do this here"),
            _("Your role in this family does not allow it. Ask your caseworker if you need it."),
        ),
        404: (
            _("We could not find that page"),
            _("It may have moved, or you may need to sign in to see it."),
        ),
        405: (_("Something was wrong with that request"), _("Please go back and try again.")),
        413: (_("That file is too big"), _("Please choose a smaller file.")),
        429: (
            _("Too many tries"),
            _("For your safety, please wait a few minutes before you try again."),
        ),
        500: (
            _("Something went wrong on our side"),
            _("Nothing you did caused this. Please try again in a few minutes."),
        ),
    }
    return titles.get(code, titles[500])


def _friendly(code: int, plain_locale: str | None = None):
    title, message = _words(code)
    # The plain page skips the context processors too: they read the signed-in person.
    render = render_template if plain_locale is None else _render_alone
    if code >= 500 and is_htmx_fragment_request():
        # Reloading would lose what the person typed and say nothing: the page shows a notice
        # in its message area (every page has one, in base.html) and scrolls to it. The htmx
        # configuration in base.html lets an error's answer be swapped.
        response = make_response(render("errors/_notice.html", title=title, message=message),
                                 code)
        response.headers["HX-Retarget"] = ".flashes"
        response.headers["HX-Reswap"] = "innerHTML show:top"
        response.headers["HX-Reselect"] = ".flash"
        return response
    if plain_locale is not None:
        page = render("errors/plain.html", title=title, message=message, locale=plain_locale,
                      direction=text_direction(plain_locale))
    else:
        page = render_template("errors/error.html", code=code, title=title, message=message)
    return _reload_if_fragment(make_response(page, code))


def _render_alone(name: str, **context) -> str:
    return current_app.jinja_env.get_template(name).render(**context)


def log_refusal(code: int) -> None:
    """A signed-in person refused by a page that exists: another family's photo, concern or
    message in their own family's address, a member trying /admin or /caseload, a role check.

    Probing shows up in the log as a run of these. The path (with its ids) is in every line;
    nothing the person typed is. Addresses that match no page are not logged (scanners ask for
    thousands), nor signed-out requests (calendar apps fetching an ended address every hour).
    The family-scope helper logs its own refusals with the family id (`g.refusal_logged`).
    """
    if g.get("refusal_logged") or request.url_rule is None:
        return
    try:
        signed_in = current_user.is_authenticated
    except Exception:  # refused before the person was loaded (a broken session cookie)
        return
    if signed_in:
        log_security_event("access.refused", status=code, endpoint=request.endpoint)
        g.refusal_logged = True


def _reload_if_fragment(response):
    """An error page must not be swapped into a row: have htmx reload the whole page instead."""
    if is_htmx_fragment_request():
        response.headers["HX-Refresh"] = "true"
    return response
