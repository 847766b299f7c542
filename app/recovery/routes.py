"""Routes for giving a password-reset code (caseworker, admin) and using it (signed out)."""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import admin_required, family_row_or_404, family_scope
from app.auth import services as accounts
from app.auth import throttle
from app.extensions import db, limiter
from app.forms import EmptyForm, NotBuiltFromContext
from app.i18n import remember_language
from app.limits import per_person
from app.models import Membership, Role, User
from app.recovery import bp, services
from app.recovery.forms import ResetForm
from app.security_events import log_security_event

CASEWORKER = {Role.CASEWORKER}


def _code_failed(response) -> bool:
    return g.get("reset_code_failed", False)


# Per address, only failed codes count: an office or shelter shares one address.
reset_limit = limiter.limit(
    lambda: current_app.config["RESET_LIMIT_PER_ADDRESS"],
    deduct_when=_code_failed,
    scope="reset-address",
)


@bp.app_template_global()
def can_help_set_password(membership: Membership) -> bool:
    """Whether the People page shows the "Help … set a new password" button for this person."""
    if not current_user.is_authenticated:
        return False
    # Asked once per row: the people of other families are looked up once per page.
    cached = g.setdefault("people_in_others_families", {})
    if membership.family_id not in cached:
        cached[membership.family_id] = services.people_in_others_families(
            membership.family_id, current_user
        )
    return services.caseworker_may_help(
        membership, current_user, in_others_families=cached[membership.family_id]
    )


@bp.route(
    "/families/<int:family_id>/people/<int:membership_id>/password-code", methods=["GET", "POST"]
)
@per_person("MEMBER_ACTION_LIMIT_PER_PERSON")
def member_code(family_id: int, membership_id: int):
    scope = family_scope(family_id, roles=CASEWORKER)
    membership = family_row_or_404(Membership, membership_id, scope)
    if not services.caseworker_may_help(membership, current_user):
        abort(403)
    back = url_for("members.people", family_id=family_id)
    return _confirm_or_issue(membership.user, back, lambda: services.issue_for_member(
        membership, current_user))


@bp.route("/admin/people/<int:user_id>/password-code", methods=["GET", "POST"])
@per_person("MEMBER_ACTION_LIMIT_PER_PERSON")
def staff_code(user_id: int):
    admin_required()
    user = db.get_or_404(User, user_id)
    if not services.admin_may_help(user, current_user):
        abort(403)
    back = url_for("admin.index")
    return _confirm_or_issue(user, back, lambda: services.issue_by_admin(user, current_user))


def _confirm_or_issue(person: User, back: str, issue):
    form = EmptyForm()
    if form.validate_on_submit():
        # The code is the body of this POST's answer (sent with no-store), never a redirect to
        # a page that would have to keep it in the session cookie.
        issued = issue()
        return render_template(
            "recovery/code_ready.html", person=person, issued=issued, back=back
        )
    return render_template("recovery/confirm.html", person=person, form=form, back=back)


@bp.route("/forgot-password", methods=["GET", "POST"])
@reset_limit
def forgot_password():
    if current_user.is_authenticated:
        return redirect(url_for("families.home"))
    form = ResetForm()
    if request.method == "POST" and not services.count_try(form.identifier.data):
        abort(429)
    if form.validate_on_submit():
        try:
            user = services.set_new_password(
                form.identifier.data, form.code.data, form.password.data
            )
        except services.PasswordUsesName:
            # Checked once the code is right (the form cannot know whose name it is before).
            log_security_event("password.refused_weak", form=type(form).__name__,
                               field=form.password.name, rule="personal")
            form.password.errors.append(NotBuiltFromContext.message)
            return render_template("recovery/forgot_password.html", form=form)
        if user is None:
            g.reset_code_failed = True
            # One message whatever went wrong. The sign-in name stays (it is no secret, and
            # retyping an email on a phone is a chore); the code and passwords are not sent back.
            retry = ResetForm(formdata=None, identifier=form.identifier.data)
            return render_template(
                "recovery/forgot_password.html", form=retry, code_failed=True
            )
        services.forget_tries(form.identifier.data)
        throttle.forget_account_tries(user.id)
        accounts.sign_in(user)
        flash(_("Your password is changed. You are signed out everywhere else."), "success")
        response = redirect(url_for("families.home"), code=303)
        # Proved who they are, as with a right password: this browser gets through a daily
        # ceiling that strangers spent (else they would be shut out again after signing out).
        throttle.remember_device(response, user.id)
        return remember_language(response, user.locale)
    return render_template("recovery/forgot_password.html", form=form)
