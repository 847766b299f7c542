"""Routes for the people page: invite, approve, decline, pause and restore members."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import family_row_or_404, family_scope
from app.forms import EmptyForm
from app.htmx import is_htmx_fragment_request
from app.joining import services as joining
from app.limits import per_person
from app.members import bp, services
from app.members.forms import InvitationForm, ReasonForm, SuspendForm
from app.models import Invitation, Membership, MembershipStatus, Role

CASEWORKER = {Role.CASEWORKER}


@bp.route("/people")
def people(family_id: int):
    scope = family_scope(family_id, roles=CASEWORKER)
    return render_template(
        "members/people.html",
        people=services.people_of(scope.family.id),
        invitations=services.open_invitations(scope.family.id),
        action_form=EmptyForm(),
    )


@bp.route("/people/<int:membership_id>/approve", methods=["POST"])
def approve(family_id: int, membership_id: int):
    scope = family_scope(family_id, roles=CASEWORKER)
    membership = family_row_or_404(Membership, membership_id, scope)
    done = EmptyForm().validate_on_submit() and _apply(services.approve, membership, current_user)
    if is_htmx_fragment_request():
        # The Approve button swaps its own row; without JavaScript the form posts and redirects.
        # When another caseworker acted first, the row shows how things are now, and says so.
        return render_template(
            "members/_person.html", person=membership, action_form=EmptyForm(),
            just_approved=done, status_changed=not done,
        )
    _flash_result(done, _("%(name)s is approved and can now see the family.",
                          name=membership.user.name))
    return redirect(url_for("members.people", family_id=family_id), code=303)


@bp.route("/people/<int:membership_id>/decline", methods=["GET", "POST"])
@per_person("MEMBER_ACTION_LIMIT_PER_PERSON")
def decline(family_id: int, membership_id: int):
    scope = family_scope(family_id, roles=CASEWORKER)
    membership = family_row_or_404(Membership, membership_id, scope)
    form = ReasonForm()
    if form.validate_on_submit():
        done = _apply(services.decline, membership, current_user, form.reason.data)
        _flash_result(done, _("%(name)s was not approved.", name=membership.user.name))
        return redirect(url_for("members.people", family_id=family_id), code=303)
    return render_template(
        "members/reason.html", form=form, person=membership,
        heading=_("Do not approve %(name)s", name=membership.user.name),
        # The reason is shown to them on their families page: the caseworker must know that.
        explanation=_("%(name)s will see this reason when they sign in.",
                      name=membership.user.name),
    )


@bp.route("/people/<int:membership_id>/suspend", methods=["GET", "POST"])
@per_person("MEMBER_ACTION_LIMIT_PER_PERSON")
def suspend(family_id: int, membership_id: int):
    scope = family_scope(family_id, roles=CASEWORKER)
    membership = family_row_or_404(Membership, membership_id, scope)
    form = SuspendForm(scope.family.time_zone)
    if form.validate_on_submit():
        until = _end_of_day(form.until.data, scope.family.time_zone) if form.until.data else None
        done = _apply(services.suspend, membership, current_user, form.reason.data, until)
        _flash_result(done, _("%(name)s is paused and sees nothing of this family now.",
                              name=membership.user.name))
        return redirect(url_for("members.people", family_id=family_id), code=303)
    return render_template(
        "members/reason.html", form=form, person=membership,
        heading=_("Pause %(name)s", name=membership.user.name),
        explanation=_("While paused, they keep their account but see nothing of this family."),
    )


@bp.route("/people/<int:membership_id>/restore", methods=["GET", "POST"])
@per_person("MEMBER_ACTION_LIMIT_PER_PERSON")
def restore(family_id: int, membership_id: int):
    """Lifting a pause (maybe a no-contact order) is asked once more, with its reason in view."""
    scope = family_scope(family_id, roles=CASEWORKER)
    membership = family_row_or_404(Membership, membership_id, scope)
    form = EmptyForm()
    if form.validate_on_submit():
        done = _apply(services.restore, membership, current_user)
        _flash_result(done, _("%(name)s can see the family again.", name=membership.user.name))
        return redirect(url_for("members.people", family_id=family_id), code=303)
    services.lift_due_suspensions([membership])  # a pause whose date has come is over already
    if membership.status is not MembershipStatus.SUSPENDED:
        _say_status_changed()
        return redirect(url_for("members.people", family_id=family_id), code=303)
    return render_template("members/restore.html", person=membership, form=form)


@bp.route("/invitations/new", methods=["GET", "POST"])
@per_person("INVITE_LIMIT_PER_PERSON")
def invite(family_id: int):
    scope = family_scope(family_id, roles=CASEWORKER)
    form = InvitationForm()
    if form.validate_on_submit():
        role, is_kin = form.role_and_kin
        issued = joining.create_invitation(
            family_id=scope.family.id,
            actor=current_user,
            role=role,
            invitee_name=form.invitee_name.data,
            relationship_label=form.relationship_label.data,
            is_kin=is_kin,
        )
        return _invitation_ready(scope.family, issued)
    return render_template("members/invite.html", form=form)


def _invitation_ready(family, issued: joining.IssuedInvitation):
    """Show the code once, as the answer to the POST that made it.

    Not a redirect to a page that reads it back: that would need the code in the session cookie,
    which is signed but readable. Only their HMACs are kept; the page is never cached. The link
    carries its own long token; the short code is for reading out and typing.
    """
    invitation, code = issued.invitation, issued.code
    link = url_for("joining.open_link", link_token=issued.link_token, _external=True)
    sms_text = _(
        "Hello %(name)s, this is your invitation to %(family)s on Hearth: %(link)s "
        "(code %(code)s)",
        name=invitation.invitee_name, family=family.name, link=link, code=code,
    )
    response = make_response(render_template(
        "members/invitation_ready.html",
        invitation=invitation, code=code, link=link, sms_text=sms_text,
    ))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
def revoke_invitation(family_id: int, invitation_id: int):
    scope = family_scope(family_id, roles=CASEWORKER)
    invitation = family_row_or_404(Invitation, invitation_id, scope)
    if EmptyForm().validate_on_submit():
        if joining.revoke(invitation, current_user):
            flash(_("The invitation for %(name)s is cancelled. The code no longer works.",
                    name=invitation.invitee_name), "info")
        else:
            flash(_("This invitation was already used or cancelled."), "info")
    return redirect(url_for("members.people", family_id=family_id), code=303)


def _apply(action, membership: Membership, *args) -> bool:
    """Run a status change; on a stale page (a second tap, two caseworkers) say so instead."""
    try:
        action(membership, *args)
    except services.NotAllowed:
        return False
    return True


def _flash_result(done: bool, success_message: str) -> None:
    if done:
        flash(success_message, "success")
    else:
        _say_status_changed()


def _say_status_changed() -> None:
    flash(_("This person's status has changed. Here is how things are now."), "info")


def _end_of_day(day, time_zone: str) -> datetime:
    """A pause "until 3 May" lasts through 3 May in the family's time zone."""
    local = datetime.combine(day, time.max.replace(microsecond=0), tzinfo=ZoneInfo(time_zone))
    return local.astimezone(UTC)
