"""Routes for opening an invitation (link or typed code) and accepting it.

The secret reaches the app once: the link's 128-bit token in its URL, or the short code in the
typed form's body. The app keeps only
the invitation's id in the session and redirects to /join/accept, so the code is not left in the
browser's history, in later URLs or Referer headers, or in the (signed, readable) session cookie.
"""

from flask import current_app, flash, g, redirect, render_template, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, user_logged_in

from app.auth import services as accounts
from app.extensions import limiter
from app.forms import EmptyForm
from app.i18n import remember_language
from app.joining import bp, services
from app.joining.forms import CodeForm, NewAccountForm
from app.joining.services import InvitationProblem
from app.labels import role_label
from app.models import MembershipStatus

# The invitation this browser opened, by id: the id alone lets nobody join without the session.
OPENED_KEY = "join_invitation_id"


def _lookup_failed(response) -> bool:
    return response.status_code in (404, 410)


# Shared by the link and the typed form: guesses through either count against one budget.
join_limit = limiter.shared_limit(
    lambda: current_app.config["JOIN_LIMIT_PER_ADDRESS"],
    deduct_when=_lookup_failed,
    scope="join-address",
)


def problem_page(problem: InvitationProblem, invitation=None):
    messages = {
        InvitationProblem.NOT_FOUND: (
            _("We could not find this invitation code"),
            _("Please check the code and try again. Letters and numbers only; "
              "dashes and spaces do not matter."),
            404,
        ),
        InvitationProblem.EXPIRED: (
            _("This invitation has expired"),
            _("Invitations work for 7 days. Please ask your caseworker for a new one."),
            410,
        ),
        InvitationProblem.USED: (
            _("This invitation was already used"),
            _("Each invitation works once. If you used it, sign in. "
              "If not, please ask your caseworker for a new one."),
            410,
        ),
        InvitationProblem.REVOKED: (
            _("This invitation was cancelled"),
            _("Please ask your caseworker for a new one."),
            410,
        ),
        InvitationProblem.ALREADY_MEMBER: (
            _("You are already in this family"),
            _("You do not need this invitation."),
            409,
        ),
    }
    title, message, status = messages[problem]
    next_step = None
    if problem is InvitationProblem.ALREADY_MEMBER and invitation is not None:
        next_step = _family_link(invitation)
    return render_template(
        "joining/problem.html", title=title, message=message, next_step=next_step
    ), status


def _family_link(invitation) -> tuple[str, str]:
    """Where someone already in the family goes: its home, or their families while they wait."""
    membership = services.membership_of(current_user, invitation.family_id)
    if membership is not None and membership.status is MembershipStatus.ACTIVE:
        return (url_for("families.family_home", family_id=invitation.family_id),
                _("Go to %(family)s", family=invitation.family.name))
    return url_for("families.list_families"), _("Go to my families")


def _signed_in_user():
    return current_user if current_user.is_authenticated else None


def _open(lookup):
    """Keep the invitation's id, never its code, and go on at an address without the code."""
    if lookup.problem is not None and lookup.problem is not InvitationProblem.ALREADY_MEMBER:
        # A dead code: nothing to keep. The answer (404/410) counts towards the rate limit.
        return problem_page(lookup.problem)
    session[OPENED_KEY] = lookup.invitation.id
    return redirect(url_for("joining.accept"), code=303)


@bp.route("", methods=["GET", "POST"])
@join_limit
def enter_code():
    form = CodeForm()
    if form.validate_on_submit():
        return _open(services.look_up(form.code.data, for_user=_signed_in_user()))
    return render_template("joining/enter_code.html", form=form)


@bp.route("/<link_token>")
@join_limit
def open_link(link_token: str):
    """The link the caseworker sends: read its token once, then leave this URL at once."""
    return _open(services.look_up_link(link_token, for_user=_signed_in_user()))


@bp.route("/accept", methods=["GET", "POST"])
def accept():
    user = _signed_in_user()
    invitation_id = session.get(OPENED_KEY)
    if invitation_id is None:
        flash(_("Please type your invitation code, or open the link you were sent again."),
              "info")
        return redirect(url_for("joining.enter_code"), code=303)
    lookup = services.look_up_by_id(invitation_id, for_user=user)
    if not lookup.ok:
        session.pop(OPENED_KEY, None)
        return problem_page(lookup.problem, lookup.invitation)
    invitation = lookup.invitation
    role = role_label(invitation.role, invitation.is_kin)
    if user is not None:
        form = EmptyForm()
        if form.validate_on_submit():
            return _accept_and_continue(invitation, user)
        return render_template(
            "joining/accept_signed_in.html", invitation=invitation, role=role, form=form
        )
    form = NewAccountForm()
    if form.validate_on_submit():
        try:
            membership = services.join_with_new_account(
                invitation,
                email=form.email.data or None,
                username=form.username.data or None,
                password=form.password.data,
                display_name=form.display_name.data,
                preferred_name=form.preferred_name.data,
                # The language this page is in (the browser's, or one chosen at its top):
                # what the person has read Hearth in so far, and will read it in from now.
                locale=str(get_locale()),
            )
        except services.IdentifierTaken:
            form.username.errors.append(NewAccountForm.IDENTIFIER_TAKEN)
        except services.InvitationAlreadyUsed:
            # Rolled back: the new account made for this invitation is not kept either.
            session.pop(OPENED_KEY, None)
            return problem_page(InvitationProblem.USED)
        else:
            return _continue(membership.user, sign_in=True)
    return render_template("joining/accept.html", invitation=invitation, role=role, form=form)


def _accept_and_continue(invitation, user):
    try:
        services.accept(invitation, user)
    except services.InvitationAlreadyUsed:
        session.pop(OPENED_KEY, None)
        return problem_page(InvitationProblem.USED)
    return _continue(user)


def _continue(user, *, sign_in: bool = False):
    if sign_in:
        accounts.sign_in(user)
    session.pop(OPENED_KEY, None)  # after sign-in, which would carry it over
    flash(_("Thank you. Your caseworker will check who you are and approve you soon."), "success")
    return remember_language(redirect(url_for("families.list_families"), code=303), user.locale)


# "I already have an account" leads through sign-in, which starts a brand-new session: carry the
# opened invitation across, so the person lands back on it instead of having to open it again.
@bp.before_app_request
def _note_opened_invitation() -> None:
    g.opened_invitation_id = session.get(OPENED_KEY)


@user_logged_in.connect
def _keep_opened_invitation(_app, user, **_extra) -> None:
    opened = g.get("opened_invitation_id")
    if opened is not None:
        session[OPENED_KEY] = opened
