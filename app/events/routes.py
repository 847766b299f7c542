"""Routes for events: the lists, one event's page, adding, changing, answering, moderating."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import moderation
from app.access import family_scope
from app.events import bp, edits, services
from app.events.forms import AnswerForm, EventForm
from app.forms import EmptyForm
from app.htmx import is_htmx_fragment_request, render_page_or_fragment
from app.limits import per_person
from app.models import Answer
from app.moderation import reports
from app.moderation.forms import ReasonForm
from app.moderation.report_page import report_page
from app.notifications.reading import read_on_screen


def _event_or_404(scope, event_id: int):
    event = services.load_event(scope, event_id)
    if event is None:
        abort(404)
    return event


@bp.route("")
def index(family_id: int):
    scope = family_scope(family_id)
    cursor = request.args.get("after")
    seen = services.seen_before(scope)
    page = services.upcoming_page(scope, cursor)
    # The first page also shows what is new but not in the list (weeks away, or over).
    elsewhere = ([] if cursor or is_htmx_fragment_request()
                 else services.new_elsewhere(scope, seen, page.items))
    return _list_page(scope, page, "upcoming", seen, elsewhere)


@bp.route("/past")
def past(family_id: int):
    scope = family_scope(family_id)
    seen = services.seen_before(scope)
    page = services.past_page(scope, request.args.get("after"))
    return _list_page(scope, page, "past", seen, [])


def _list_page(scope, page, showing: str, seen: int, elsewhere: list):
    response = render_page_or_fragment(
        "events/index.html", "events/_list.html", page=page, showing=showing,
        new_elsewhere=elsewhere, is_new=lambda event: services.is_new(event, scope, seen),
        may_create=services.may_create(scope), action_form=EmptyForm(),
        reason_form=ReasonForm(),
    )
    # After rendering (the commit expires the rows shown): only what this page showed.
    services.mark_events_seen(scope, seen, page.items + elsewhere)
    return response


@bp.route("/new", methods=["GET", "POST"])
@per_person("EVENT_WRITE_LIMIT_PER_PERSON")
def create(family_id: int):
    scope = family_scope(family_id, roles=services.CREATORS)
    form = EventForm(scope.family.children, scope.family.time_zone)
    if request.method == "GET" and len(scope.family.children) == 1:
        form.children.data = [scope.family.children[0].id]
    if form.validate_on_submit():
        event = services.create_event(scope, form.details())
        if event.is_pending:
            flash(_("The event is saved. Others will see it when your caseworker approves it."),
                  "success")
        else:
            flash(_("The event is added."), "success")
        return redirect(url_for("events.show", family_id=family_id, event_id=event.id), code=303)
    return render_template("events/form.html", form=form, event=None)


@bp.route("/<int:event_id>")
def show(family_id: int, event_id: int):
    scope = family_scope(family_id)
    event = _event_or_404(scope, event_id)
    # The author sees their own change (waiting, or why it was not shared); the caseworker
    # sees a change that waits for them. Everyone reads the event as last approved.
    change = (edits.waiting_edit(event, scope) if scope.is_caseworker
              else edits.my_last_edit(event, scope))
    if change is not None and not (change.is_pending or change.state.value == "declined"):
        change = None
    changed_view = (edits.view(event, {**edits.columns_of(event), **change.values},
                               scope.family.children) if change is not None else None)
    read_on_screen(scope, "event", [event.id])
    return render_template(
        "events/show.html", event=event, coming=services.who_is_coming(event, scope),
        answer_form=AnswerForm(), action_form=EmptyForm(), reason_form=ReasonForm(),
        may_edit=services.may_edit(event, scope),
        report_state=reports.report_state(event, scope),
        change=change, changed_view=changed_view,
    )


@bp.route("/<int:event_id>/report", methods=["GET", "POST"])
def report(family_id: int, event_id: int):
    """A member tells the caseworker a shared event worries them (once per event)."""
    scope = family_scope(family_id)
    event = _event_or_404(scope, event_id)
    return report_page(event, scope, template="events/report.html", event=event,
                       heading=_("Report an event"),
                       back_url=url_for("events.show", family_id=family_id, event_id=event.id),
                       gone_url=url_for("events.index", family_id=family_id))


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@per_person("EVENT_WRITE_LIMIT_PER_PERSON")
def edit(family_id: int, event_id: int):
    scope = family_scope(family_id)
    event = _event_or_404(scope, event_id)
    if not services.may_edit(event, scope):
        abort(403)
    form = EventForm(scope.family.children, scope.family.time_zone)
    back = url_for("events.show", family_id=family_id, event_id=event.id)
    if request.method == "GET":
        start = edits.starting_point(event, scope)
        form.fill_from(edits.view(event, start.columns, scope.family.children),
                       scope.family.time_zone)
        form.version.data = start.version
    conflict = None
    if form.validate_on_submit():
        try:
            result = edits.edit_event(event, scope, form.details(), form.version.data or "")
        except edits.EditConflict as changed:
            conflict = _conflict(scope, event_id, changed.start, form)
        except moderation.NotAllowed:  # hidden or taken back while the form was open
            flash(_("This event has changed. Here is how it is now."), "info")
            return redirect(back, code=303)
        else:
            if result.waiting:
                flash(_("Your change is saved. Your caseworker will read it before the family "
                        "sees it."), "success")
            elif result.taken_back:
                flash(_("Your waiting change is taken back. The event stays as the family "
                        "sees it."), "success")
            elif result:
                flash(_("Your changes are saved."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(back, code=303)
    status = 409 if conflict else 200
    return render_template("events/form.html", form=form, event=event, conflict=conflict,
                           back_url=back), status


def _conflict(scope, event_id: int, start, form) -> dict:
    """What the page shows when someone saved a change after this form was opened: what is
    saved now and what this person wrote, field by field, and the form again with their
    words and the new version, so "Save mine" saves over what is there now."""
    event = _event_or_404(scope, event_id)
    mine = edits.columns_from(form.details(), scope.family.time_zone,
                              services.family_children(scope, form.children.data))
    form.version.data = start.version
    form.submit.label.text = _("Save mine instead")
    return {
        "fields": edits.changed_fields(start.columns, mine),
        "saved": edits.view(event, start.columns, scope.family.children),
        "mine": edits.view(event, mine, scope.family.children),
    }


@bp.route("/<int:event_id>/changes/<int:edit_id>/withdraw", methods=["POST"])
def withdraw_change(family_id: int, event_id: int, edit_id: int):
    """The author takes back their change that waits for review; the event stays as shared."""
    scope = family_scope(family_id)
    event = _event_or_404(scope, event_id)
    change = edits.waiting_for(scope, edit_id)
    if change is None or change.item_id != event.id or change.author_id != scope.membership.user_id:
        abort(404)
    if EmptyForm().validate_on_submit():
        _moderated(event, lambda e: edits.withdraw_edit(scope, change),
                   _("Your change is taken back. The event stays as the family sees it."))
    return redirect(url_for("events.show", family_id=family_id, event_id=event.id), code=303)


@bp.route("/<int:event_id>/answer", methods=["POST"])
def answer(family_id: int, event_id: int):
    scope = family_scope(family_id)
    event = _event_or_404(scope, event_id)
    form = AnswerForm()
    saved = False
    if form.validate_on_submit() and event.is_visible:
        services.answer(event, scope, Answer(form.answer.data))
        saved = True
    if is_htmx_fragment_request():
        # The answers block replaces itself; the message in it is read out by screen readers.
        return render_template(
            "events/_answers.html", event=event, coming=services.who_is_coming(event, scope),
            answer_form=AnswerForm(), just_answered=saved,
        )
    if saved:
        flash(_("Your answer is saved."), "success")
    return redirect(url_for("events.show", family_id=family_id, event_id=event.id), code=303)


# --- Moderation: each calls the one service; a stale page says so instead of failing --------

def _moderated(event, action, success: str, *args):
    try:
        action(event, *args)
        flash(success, "success")
    except moderation.NotAllowed:
        flash(_("This event has changed. Here is how it is now."), "info")
    return redirect(url_for("events.show", family_id=event.family_id, event_id=event.id),
                    code=303)


@bp.route("/<int:event_id>/approve", methods=["POST"])
def approve(family_id: int, event_id: int):
    scope = family_scope(family_id)
    event = _event_or_404(scope, event_id)
    if not scope.is_caseworker:
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    # The version read on the page, when it sends one (events/_moderation.html does).
    seen = request.form.get("seen", type=int)
    return _moderated(event, lambda e: moderation.approve(
        e, scope, unchanged={"edits": seen} if seen is not None else None),
        _("The event is approved. The family can see it now."))


@bp.route("/<int:event_id>/withdraw", methods=["GET", "POST"])
def withdraw(family_id: int, event_id: int):
    """Taking an event back cannot be undone, so it is asked once more on a page of its own."""
    scope = family_scope(family_id)
    event = _event_or_404(scope, event_id)
    if event.author_id != scope.membership.user_id:
        abort(403)
    form = EmptyForm()
    if form.validate_on_submit():
        _moderated(event, lambda e: moderation.withdraw(e, scope),
                   _("The event is taken back. Others no longer see it."))
        # A taken-back event is not the author's to see any more (moderation.may_see): its
        # page would answer "not found", so they go back to the list.
        return redirect(url_for("events.index", family_id=family_id), code=303)
    return render_template("events/withdraw.html", form=form, event=event)


@bp.route("/<int:event_id>/decline", methods=["GET", "POST"])
def decline(family_id: int, event_id: int):
    return _with_reason(family_id, event_id, moderation.decline,
                        heading=_("Do not share this event"),
                        explanation=_("The person who added it will see your reason."),
                        success=_("The event is not shared. The person who added it can "
                                  "read your reason."))


@bp.route("/<int:event_id>/hide", methods=["GET", "POST"])
def hide(family_id: int, event_id: int):
    return _with_reason(family_id, event_id, moderation.hide,
                        heading=_("Hide this event"),
                        explanation=_("Nobody in the family will see it any more. The person "
                                      "who added it will see your reason."),
                        success=_("The event is hidden. It stays in the family record."))


def _with_reason(family_id: int, event_id: int, action, *, heading, explanation, success):
    scope = family_scope(family_id)
    event = _event_or_404(scope, event_id)
    if not scope.is_caseworker:
        abort(403)
    form = ReasonForm()
    if form.validate_on_submit():
        return _moderated(event, lambda e: action(e, scope, form.reason.data), success)
    return render_template("events/reason.html", form=form, event=event, heading=heading,
                           explanation=explanation)
