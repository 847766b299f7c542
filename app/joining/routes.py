"""Routes for typing an invitation code and accepting an invitation."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app import codes
from app.auth import services as accounts
from app.extensions import db, limiter
from app.forms import EmptyForm
from app.i18n import remember_language
from app.joining import bp, services
from app.joining.forms import CodeForm, NewAccountForm
from app.joining.services import InvitationProblem
from app.labels import role_label


def _lookup_failed(response) -> bool:
    return response.status_code in (404, 410)


join_limit = limiter.limit(
    lambda: current_app.config["JOIN_LIMIT_PER_ADDRESS"],
    deduct_when=_lookup_failed,
    scope="join-address",
)


def problem_page(problem: InvitationProblem):
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
            _("You do not need this invitation. Go to your families to continue."),
            409,
        ),
    }
    title, message, status = messages[problem]
    return render_template("joining/problem.html", title=title, message=message), status


@bp.route("", methods=["GET", "POST"])
@join_limit
def enter_code():
    form = CodeForm()
    if form.validate_on_submit():
        lookup = services.look_up(form.code.data)
        if lookup.ok or lookup.problem is InvitationProblem.ALREADY_MEMBER:
            code = codes.format_code(codes.normalize_code(form.code.data))
            return redirect(url_for("joining.accept", code=code), code=303)
        return problem_page(lookup.problem)
    return render_template("joining/enter_code.html", form=form)


@bp.route("/<code>", methods=["GET", "POST"])
@join_limit
def accept(code: str):
    user = current_user if current_user.is_authenticated else None
    lookup = services.look_up(code, for_user=user)
    if not lookup.ok:
        return problem_page(lookup.problem)
    invitation = lookup.invitation
    role = role_label(invitation.role, invitation.is_kin)
    if user is not None:
        form = EmptyForm()
        if form.validate_on_submit():
            return _accept_and_continue(invitation, user)
        return render_template(
            "joining/accept_signed_in.html", invitation=invitation, role=role, form=form
        )
    # Start from the language the page is shown in, so a Spanish reader keeps Spanish.
    form = NewAccountForm(locale=str(get_locale()))
    if form.validate_on_submit():
        new_user = accounts.create_user(
            email=form.email.data or None,
            username=form.username.data or None,
            password=form.password.data,
            display_name=form.display_name.data,
            preferred_name=form.preferred_name.data,
            locale=form.locale.data,
        )
        db.session.flush()
        return _accept_and_continue(invitation, new_user, sign_in=True)
    return render_template("joining/accept.html", invitation=invitation, role=role, form=form)


def _accept_and_continue(invitation, user, *, sign_in: bool = False):
    try:
        services.accept(invitation, user)
    except services.InvitationAlreadyUsed:
        # Rolled back: a new account made for this invitation is not kept either.
        return problem_page(InvitationProblem.USED)
    if sign_in:
        accounts.sign_in(user)
    flash(_("Thank you. Your caseworker will check who you are and approve you soon."), "success")
    return remember_language(redirect(url_for("families.list_families"), code=303), user.locale)
