"""The notifications list, opening one, the settings page, and unsubscribe links."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import admin_required
from app.extensions import csrf, db
from app.forms import EmptyForm
from app.ids import id_arg
from app.notifications import bp, choices, reading, tokens
from app.notifications.forms import CHANNEL_LABELS, GROUP_LABELS, field_name, settings_form
from app.notifications.subjects import link_of, visible


@bp.route("/notifications")
@login_required
def index():
    before = request.args.get("before", type=id_arg)
    lines, next_before = reading.page(current_user, before)
    return render_template("notifications/index.html", lines=lines, next_before=next_before,
                           newest=lines[0][0].id if lines else None, form=EmptyForm(),
                           link_of=link_of)


@bp.route("/notifications/<int:notification_id>")
@login_required
def open_one(notification_id: int):
    """Opening a line marks it read and goes to what it is about, if the person may still
    see it; otherwise back to the list, which no longer shows it."""
    notification = reading.mark_read(current_user, notification_id)
    if notification is None:
        abort(404)
    subject = visible(current_user.id, [notification]).get(notification.id)
    if subject is None:
        flash(_("That is no longer there."), "info")
        return redirect(url_for("notifications.index"), code=303)
    endpoint, values = link_of(notification, subject)
    return redirect(url_for(endpoint, **values), code=303)


@bp.route("/notifications/read", methods=["POST"])
@login_required
def mark_all_read():
    up_to = request.form.get("up_to", type=id_arg)
    if EmptyForm().validate_on_submit() and up_to is not None:
        reading.mark_all_read(current_user, up_to)
        flash(_("Marked as read."), "success")
    return redirect(url_for("notifications.index"), code=303)


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def settings():
    groups = choices.groups_for(current_user)
    channels = choices.channels_for(current_user)
    current = choices.settings_of(current_user.id)
    chosen = choices.choices_of(current_user.id)
    data = {"quiet_hours": current.quiet_hours, "quiet_start": current.quiet_start,
            "quiet_end": current.quiet_end, "summary_at": current.summary_at,
            "summary_only": current.summary_only, "show_details": current.show_details}
    for channel in channels:
        for group in groups:
            data[field_name(group, channel)] = choices.mode_for(
                current_user.id, group, channel, chosen).value
    form = settings_form(groups, channels, data=None if request.method == "POST" else data)
    if form.validate_on_submit():
        choices.save(current_user.id, form, groups, channels)
        db.session.commit()
        flash(_("Your notification choices are saved."), "success")
        return redirect(url_for("notifications.settings"), code=303)
    questions = [(CHANNEL_LABELS[channel], [form[field_name(group, channel)] for group in groups])
                 for channel in channels]
    return render_template("notifications/settings.html", form=form, questions=questions,
                           labels=GROUP_LABELS)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: the mail program posts "List-Unsubscribe=One-Click" with no page
def unsubscribe(token: str):
    """A link in an email: works signed out. GET shows a button (mail scanners open links,
    and must not turn anything off); POST, from that button or the mail program's one-click,
    turns off what that email was about, once."""
    found = tokens.read(token)
    if found is None:
        abort(404)
    user_id, channel, versions = found
    if request.method == "GET":
        return render_template("notifications/unsubscribe.html", token=token,
                               groups=[GROUP_LABELS[g] for g in versions], done=None)
    changed = [group for group, version in versions.items()
               if choices.turn_off_once(user_id, group, channel, version)]
    db.session.commit()
    return render_template("notifications/unsubscribe.html", token=token,
                           groups=[GROUP_LABELS[g] for g in versions], done=bool(changed))


@bp.route("/admin/notifications")
def failed():
    """For admins: what could not be sent after the last try, and why. Never what it said."""
    admin_required()
    page = reading.failed_page(before=request.args.get("before", type=id_arg))
    return render_template("notifications/failed.html", page=page)
