"""Routes of the caseworker's console: the dashboard and its counts, the review queue (all
families or one), acting on one card, resolving reports, and "share all" for one family.

Each action works as a plain form (POST → 303 back to the queue, the answer on top) and, with
htmx, swaps the card for the answer so the caseworker moves on to the next card in place.
"""

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.about.sections import BY_KEY
from app.access import family_scope, staff_required
from app.caseload import bp, queue, reports, services
from app.caseload.forms import BulkForm, TalkForm
from app.caseload.kinds import KIND_KEYS, KINDS
from app.family_time import labels as family_time_labels
from app.forms import EmptyForm
from app.htmx import is_htmx_fragment_request, render_page_or_fragment
from app.models import Role
from app.moderation.forms import ReasonForm
from app.sessions import background

ITEM = "/families/<int:family_id>/queue/<any({}):kind>/<int:item_id>".format(
    ", ".join(KIND_KEYS))


def _card_words() -> dict:
    """What the card templates need besides the card: forms and the words of each feature."""
    return {"action_form": EmptyForm(), "about_sections": BY_KEY,
            **family_time_labels.words()}


# --- Dashboard --------------------------------------------------------------------------------

@bp.route("/caseload")
def dashboard():
    staff_required()
    return render_page_or_fragment("caseload/dashboard.html", "caseload/_families.html",
                                   families=services.caseload_counts(current_user))


@bp.route("/caseload/counts")
@background  # the page asks by itself: a dashboard left open must still sign out when idle
def counts():
    """The dashboard's families and counts alone: htmx asks every minute (the page has the
    same list, so without JavaScript a reload does the same)."""
    staff_required()
    if not is_htmx_fragment_request():
        return redirect(url_for("caseload.dashboard"), code=303)
    response = make_response(render_template(
        "caseload/_families.html", families=services.caseload_counts(current_user)))
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("HX-Request")
    return response


# --- The queue --------------------------------------------------------------------------------

def _queue(scopes, *, family=None):
    page = queue.queue_page(scopes, request.args.get("after"))
    here = (url_for("caseload.family_queue", family_id=family.id) if family
            else url_for("caseload.queue_all"))
    return render_page_or_fragment("caseload/queue.html", "caseload/_page.html", page=page,
                                   one_family=family, here=here, **_card_words())


@bp.route("/caseload/queue")
def queue_all():
    staff_required()
    return _queue(services.caseload_scopes(current_user))


@bp.route("/families/<int:family_id>/queue")
def family_queue(family_id: int):
    scope = family_scope(family_id, roles={Role.CASEWORKER})
    return _queue([scope], family=scope.family)


# --- Acting on one card -----------------------------------------------------------------------

def _item(family_id: int, kind: str, item_id: int):
    scope = family_scope(family_id, roles={Role.CASEWORKER})
    item_kind = KINDS[kind]
    item = queue.load_item(scope, item_kind, item_id)
    if item is None:
        abort(404)
    return scope, item_kind, item


def _back_url(family_id: int) -> str:
    """Back to the queue the button was on: all families or this one (only these two)."""
    allowed = (url_for("caseload.queue_all"), url_for("caseload.family_queue",
                                                      family_id=family_id))
    wanted = request.values.get("next", "")
    return wanted if wanted in allowed else allowed[1]


def _answered(scope, kind, item, answer: queue.Answer):
    """htmx: the card becomes the answer (or comes back as it is now, when the action did not
    happen); a plain form: back to the queue with the answer on top."""
    if is_htmx_fragment_request():
        if answer.done:
            return render_template("caseload/_answer.html", answer=answer,
                                   dom_id=f"q-{kind.key}-{item.id}")
        return render_template("caseload/_card.html", card=queue.card_for(scope, kind, item),
                               notice=answer, here=_back_url(scope.family.id),
                               **_card_words())
    flash(answer.message, answer.category)
    return redirect(_back_url(scope.family.id), code=303)


def _with_text(scope, kind, item, form, act, heading: str):
    """Decline, hide and "talk with the family" need a few words. Without them: the card
    again with the problem (htmx), or a page with the form and the item (no JavaScript)."""
    if form.validate_on_submit():
        return _answered(scope, kind, item, act(form))
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and is_htmx_fragment_request():
        problem = queue.Answer(_("Please write a few words first."), "error", False)
        return render_template("caseload/_card.html", card=queue.card_for(scope, kind, item),
                               notice=problem, here=_back_url(scope.family.id),
                               **_card_words()), status
    return render_template("caseload/reason.html", form=form, heading=heading,
                           card=queue.card_for(scope, kind, item),
                           back_url=_back_url(scope.family.id), **_card_words()), status


@bp.route(f"{ITEM}/approve", methods=["POST"])
def approve(family_id: int, kind: str, item_id: int):
    scope, item_kind, item = _item(family_id, kind, item_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return _answered(scope, item_kind, item,
                     queue.approve(scope, item_kind, item, request.form.get("seen", "")))


@bp.route(f"{ITEM}/decline", methods=["GET", "POST"])
def decline(family_id: int, kind: str, item_id: int):
    scope, item_kind, item = _item(family_id, kind, item_id)
    return _with_text(scope, item_kind, item, ReasonForm(),
                      lambda form: queue.decline(scope, item_kind, item, form.reason.data),
                      heading=_("Do not share this"))


@bp.route(f"{ITEM}/hide", methods=["GET", "POST"])
def hide(family_id: int, kind: str, item_id: int):
    """Hide a shared item; its open reports are resolved with it."""
    scope, item_kind, item = _item(family_id, kind, item_id)
    if item_kind.hide is None:
        abort(404)
    return _with_text(scope, item_kind, item, ReasonForm(),
                      lambda form: reports.hide(scope, item_kind, item, form.reason.data),
                      heading=_("Hide this"))


@bp.route(f"{ITEM}/keep", methods=["POST"])
def keep(family_id: int, kind: str, item_id: int):
    """A report is read and the item stays as it is."""
    scope, item_kind, item = _item(family_id, kind, item_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return _answered(scope, item_kind, item, reports.keep(scope, item_kind, item))


@bp.route(f"{ITEM}/talk", methods=["GET", "POST"])
def talk(family_id: int, kind: str, item_id: int):
    """A report the caseworker will talk through with the family, with a note for staff."""
    scope, item_kind, item = _item(family_id, kind, item_id)
    return _with_text(scope, item_kind, item, TalkForm(),
                      lambda form: reports.talk(scope, item_kind, item, form.note.data),
                      heading=_("Talk with the family"))


# --- Share all of one family's waiting items --------------------------------------------------

@bp.route("/families/<int:family_id>/queue/share-all", methods=["GET", "POST"])
def share_all(family_id: int):
    scope = family_scope(family_id, roles={Role.CASEWORKER})
    form = BulkForm()
    back = url_for("caseload.family_queue", family_id=family_id)
    if form.validate_on_submit():
        result = queue.approve_all(scope, form.items.data)
        message = ngettext("%(num)d item is shared with the family.",
                           "%(num)d items are shared with the family.", result.shared)
        if result.skipped:
            message = " ".join([message, ngettext(
                "%(num)d had changed meanwhile and was left as it is.",
                "%(num)d had changed meanwhile and were left as they are.", result.skipped)])
        flash(message, "success")
        return redirect(back, code=303)
    cards = queue.bulk_cards(scope)
    form.items.data = queue.bulk_token(cards)
    return render_template("caseload/share_all.html", form=form, cards=cards, back_url=back,
                           **_card_words())
