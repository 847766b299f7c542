"""Routes of the message thread: the page, older pages, the poll, sending, correcting, taking
back, reporting, the caseworker's review and a message's versions."""

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import moderation
from app.access import family_scope
from app.forms import EmptyForm
from app.htmx import is_htmx_fragment_request, render_page_or_fragment
from app.ids import id_arg
from app.limits import per_person
from app.messages import bp, services
from app.messages.forms import CorrectionForm, MessageForm, ReportForm
from app.moderation import reports
from app.moderation.forms import ReasonForm
from app.sessions import background

LIMIT = "MESSAGE_WRITE_LIMIT_PER_PERSON"
# A stale page (another tab, the caseworker, the clock) asked for a change that no longer fits.
CHANGED = _l("This message has changed. Here is how it is now.")


@bp.after_request
def _depends_on_htmx(response):
    """Most thread URLs answer a piece of the page to htmx and a page (or redirect) otherwise."""
    response.vary.add("HX-Request")
    return response


def _message_or_404(scope, message_id: int):
    message = services.load_message(scope, message_id)
    if message is None:
        abort(404)
    return message


def _thread_url(family_id: int, message_id: int | None = None) -> str:
    anchor = f"m{message_id}" if message_id else None
    return url_for("messages.thread", family_id=family_id, _anchor=anchor)


def _context(scope, thread, **more):
    return {"thread": thread, "action_form": EmptyForm(),
            "poll_seconds": current_app.config["MESSAGE_POLL_SECONDS"],
            "version": scope.family.thread_version, **more}


# One rule for reading (GET) and sending (POST): the limit counts only the POSTs.
@bp.route("", methods=["GET", "POST"])
@per_person(LIMIT)
def thread(family_id: int):
    scope = family_scope(family_id)
    if request.method == "POST":
        return _send(scope)
    before = request.args.get("before", type=id_arg)
    if before is not None:
        # An older page: htmx puts it above what is shown; without JavaScript it is a page.
        older = services.older(scope, before)
        services.mark_read(scope, older.messages)  # only what it shows (messages/reading.py)
        return render_page_or_fragment("messages/thread.html", "messages/_older.html",
                                       **_context(scope, older, form=MessageForm(),
                                                  showing_older=True))
    latest = services.latest(scope)
    # Before rendering, so the nav's unread count already counts what this page shows as read.
    services.mark_read(scope, latest.messages)
    return render_template("messages/thread.html",
                           **_context(scope, latest, form=MessageForm(), showing_older=False))


@bp.route("/poll")
@background
def poll(family_id: int):
    """"Anything new?" every few seconds from an open thread.

    Nothing new costs the two queries every family page makes (the signed-in person and the
    family scope) and renders nothing: the family row carries the thread's version.
    """
    # Refused like every family URL (404); static/js/messages.js then stops the polling.
    scope = family_scope(family_id)
    if request.args.get("v", "") == str(scope.family.thread_version):
        return "", 204
    since = request.args.get("since", type=id_arg)
    latest = services.latest(scope, since)
    services.mark_read(scope, latest.messages)
    response = make_response(render_template("messages/_latest.html",
                                             **_context(scope, latest)))
    response.headers["Cache-Control"] = "no-store"
    return response


def _send(scope):
    family_id = scope.family.id
    form = MessageForm()
    if form.validate_on_submit():
        message = services.send(scope, form.text.data)
        if not is_htmx_fragment_request():
            if message.is_pending:
                flash(_("Your message is saved. Others will see it when your caseworker "
                        "reads it."), "success")
            return redirect(_thread_url(family_id, message.id), code=303)
        form = MessageForm(formdata=None)
        form.text.render_kw["autofocus"] = True  # the box came back empty: write the next one
        just_sent = True
    else:
        just_sent = False
        if not is_htmx_fragment_request():
            latest = services.latest(scope)
            return render_template("messages/thread.html",
                                   **_context(scope, latest, form=form, showing_older=False)), 422
    latest = services.latest(scope, request.form.get("since", type=id_arg))
    services.mark_read(scope, latest.messages)  # the answer shows what others wrote meanwhile too
    return render_template("messages/_live.html",
                           **_context(scope, latest, form=form, just_sent=just_sent))


@bp.route("/<int:message_id>")
def show(family_id: int, message_id: int):
    """One message: htmx puts it back in place (after "Cancel"); a browser goes to the thread."""
    scope = family_scope(family_id)
    return _one_message(scope, _message_or_404(scope, message_id))


def _one_message(scope, message, notice: str = "", category: str = "info"):
    """The message as it is now, with what just happened: htmx swaps it in place (the notice is
    read out there); a browser goes back to it in the thread, with the notice on top."""
    if is_htmx_fragment_request():
        thread = services.single(scope, message)
        return render_template("messages/_message.html",
                               **_context(scope, thread, message=message, notice=notice))
    if notice:
        flash(notice, category)
    return redirect(_thread_url(scope.family.id, message.id), code=303)


def _gone(scope, message, notice: str):
    """The message is no longer this reader's to see: htmx swaps it for the notice alone (never
    its text); a browser goes back to the thread, with the notice on top."""
    if is_htmx_fragment_request():
        return render_template("messages/_gone.html", message=message, notice=notice)
    flash(notice, "info")
    return redirect(_thread_url(scope.family.id), code=303)


@bp.route("/<int:message_id>/edit", methods=["GET", "POST"])
@per_person(LIMIT)
def edit(family_id: int, message_id: int):
    scope = family_scope(family_id)
    message = _message_or_404(scope, message_id)
    if message.author_id != scope.membership.user_id:
        abort(403)
    if not services.may_correct(message, scope):
        return _one_message(scope, message, _("The time to correct this message is over. "
                                              "You can send a new message instead."))
    form = CorrectionForm(obj=message, prefix=f"m{message.id}")
    if form.validate_on_submit():
        try:
            changed = services.correct(message, scope, form.text.data)
        except moderation.NotAllowed:
            return _one_message(scope, message, CHANGED)
        if not changed:
            return _one_message(scope, message, _("Nothing was changed."))
        if message.is_pending and not scope.is_caseworker:
            return _one_message(scope, message, _("Your correction is saved. Others will see "
                                                  "it when your caseworker reads it."),
                                "success")
        return _one_message(scope, message, _("Your correction is saved."), "success")
    template = ("messages/_edit.html" if is_htmx_fragment_request() else "messages/edit.html")
    return render_template(template, form=form, message=message)


@bp.route("/<int:message_id>/withdraw", methods=["GET", "POST"])
@per_person(LIMIT)
def withdraw(family_id: int, message_id: int):
    """Taking a message back cannot be undone, so it is asked once more."""
    scope = family_scope(family_id)
    message = _message_or_404(scope, message_id)
    if message.author_id != scope.membership.user_id:
        abort(403)  # they read the message; taking it back is its author's (docs/security.md)
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            moderation.withdraw(message, scope)
        except moderation.NotAllowed:
            return _one_message(scope, message, CHANGED)
        return _one_message(scope, message, _("Your message is taken back."), "success")
    if not services.may_withdraw(message, scope):
        return _one_message(scope, message)
    template = ("messages/_withdraw.html" if is_htmx_fragment_request()
                else "messages/withdraw.html")
    return render_template(template, form=form, message=message)


@bp.route("/<int:message_id>/report", methods=["GET", "POST"])
@per_person(LIMIT)
def report(family_id: int, message_id: int):
    scope = family_scope(family_id)
    message = _message_or_404(scope, message_id)
    if not services.may_report(message, scope):
        abort(403)
    if services.reported_by(message, scope):  # a second tap, or the form sent twice
        return _one_message(scope, message, reports.ALREADY, "info")
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.report(message, scope, form.reason.data)
        except reports.AlreadyReported:  # the other tap got there first
            return _one_message(scope, message, reports.ALREADY, "info")
        except moderation.NotAllowed:  # hidden while the form was open: never show it again
            return _gone(scope, message, reports.NO_LONGER_SHARED)
        return _one_message(scope, message, _("Thank you. Your caseworker will look at it."),
                            "success")
    template = "messages/_report.html" if is_htmx_fragment_request() else "messages/report.html"
    return render_template(template, form=form, message=message)


@bp.route("/<int:message_id>/history")
def history(family_id: int, message_id: int):
    scope = family_scope(family_id)
    message = _message_or_404(scope, message_id)
    if not scope.is_caseworker:
        abort(404)
    return render_template("messages/history.html", message=message,
                           revisions=services.history(message, scope))


# --- The caseworker's review, through the one moderation service -----------------------------

def _caseworker_message(family_id: int, message_id: int):
    scope = family_scope(family_id)
    message = _message_or_404(scope, message_id)
    if not scope.is_caseworker:
        abort(403)  # as every kind: they read it, moderating it is not theirs
    return scope, message


def _moderated(scope, message, action, success: str):
    try:
        action()
        flash(success, "success")
    except moderation.NotAllowed:
        flash(CHANGED, "info")
    return redirect(_thread_url(scope.family.id, message.id), code=303)


@bp.route("/<int:message_id>/approve", methods=["POST"])
def approve(family_id: int, message_id: int):
    scope, message = _caseworker_message(family_id, message_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    # Approve the words the caseworker read: a correction since then must be read first.
    seen = request.form.get("seen", "")
    now_reads = message.edited_at.isoformat() if message.edited_at else ""
    if seen != now_reads:
        flash(CHANGED, "info")
        return redirect(_thread_url(scope.family.id, message.id), code=303)
    return _moderated(scope, message,
                      lambda: moderation.approve(message, scope,
                                                 unchanged={"edited_at": message.edited_at}),
                      _("The message is approved. The family can read it now."))


@bp.route("/<int:message_id>/decline", methods=["GET", "POST"])
def decline(family_id: int, message_id: int):
    return _with_reason(family_id, message_id, moderation.decline,
                        heading=_("Do not share this message"),
                        success=_("The message is not shared. The person who wrote it can "
                                  "read your reason."))


@bp.route("/<int:message_id>/hide", methods=["GET", "POST"])
def hide(family_id: int, message_id: int):
    return _with_reason(family_id, message_id, moderation.hide,
                        heading=_("Hide this message"),
                        success=_("The message is hidden. It stays in the family record."))


def _with_reason(family_id: int, message_id: int, action, *, heading, success):
    scope, message = _caseworker_message(family_id, message_id)
    form = ReasonForm()
    if form.validate_on_submit():
        return _moderated(scope, message, lambda: action(message, scope, form.reason.data),
                          success)
    return render_template("messages/reason.html", form=form, message=message,
                           heading=heading, back_url=_thread_url(family_id, message.id))
