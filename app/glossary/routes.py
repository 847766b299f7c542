"""Routes: the glossary page, the hints while writing, and the admin pages that edit terms."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from limits import parse

from app.access import admin_required
from app.extensions import limiter
from app.glossary import bp, services
from app.glossary.forms import HintsForm, term_form
from app.htmx import render_page_or_fragment
from app.limits import per_person, person_key

SEARCH_MAX_CHARS = 100


@bp.route("/glossary")
@login_required
def index():
    query = request.args.get("q", "")[:SEARCH_MAX_CHARS].strip()
    return render_page_or_fragment(
        "glossary/index.html", "glossary/_results.html",
        query=query, entries=services.entries(query),
    )


@bp.route("/glossary/hints", methods=["POST"])
@login_required
def hints():
    """Called by the composer while a person writes. The text is checked and forgotten: it is
    never stored or logged. Over the limit, or for a text longer than any message, the answer
    is simply "no hints" (204): an error page would make htmx reload the page and lose what
    the person was writing."""
    if not _hints_allowed():
        return "", 204
    form = HintsForm()
    if not form.validate_on_submit():  # longer than any message: nothing to say about it
        return "", 204
    found = services.hints_for(form.text.data or "")
    return render_page_or_fragment("glossary/hints.html", "glossary/_hints.html", hints=found)


def _hints_allowed() -> bool:
    item = parse(current_app.config["GLOSSARY_HINTS_LIMIT_PER_PERSON"])
    return limiter.limiter.hit(item, "glossary_hints", person_key())


# --- Admin: edit the terms (404 for everyone else, like every admin page) ---------------------

@bp.route("/admin/glossary")
def admin_list():
    admin_required()
    return render_template("glossary/admin_list.html", terms=services.all_terms())


@bp.route("/admin/glossary/<key>", methods=["GET", "POST"])
@per_person("ADMIN_CHANGE_LIMIT_PER_PERSON")
def admin_edit(key: str):
    admin_required()
    term = services.term_or_none(key[:80])
    if term is None:
        abort(404)
    form = term_form(current_app.config["LANGUAGES"])
    if request.method == "GET":
        form.fill_from(term)
    if form.validate_on_submit():
        change = form.change()
        taken = services.forms_used_elsewhere(term, change)
        if taken:
            form.acronyms.errors = [*form.acronyms.errors, _(
                "Another term already uses: %(forms)s. Each way of writing a word can belong "
                "to one term only.", forms=", ".join(taken))]
        elif services.edit_term(term, change, actor=current_user):
            flash(_("The term is saved. It is explained with the new words everywhere now."),
                  "success")
            return redirect(url_for("glossary.admin_list"), code=303)
        else:
            flash(_("Nothing was changed."), "info")
            return redirect(url_for("glossary.admin_list"), code=303)
    return render_template("glossary/admin_edit.html", form=form, term=term)

