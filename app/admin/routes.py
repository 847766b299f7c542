"""Routes for admins: staff, finding any account, turning accounts off and ending sessions.

Every view starts with `admin_required()`: signed-out visitors and non-admins get 404, so
nobody learns from a sign-in redirect that these pages exist.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import admin_required
from app.admin import bp, services
from app.admin.forms import CaseworkerForm, TurnOffForm
from app.extensions import db
from app.forms import EmptyForm
from app.limits import per_person
from app.models import User
from app.sessions import forget_this_browser


def _account_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("")
def index():
    admin_required()
    return render_template("admin/index.html", staff=services.staff_list())


@bp.route("/accounts")
def accounts():
    admin_required()
    query = request.args.get("q", "")[:100]
    return render_template(
        "admin/accounts.html", query=query, results=services.find_accounts(query)
    )


@bp.route("/accounts/<int:user_id>")
def account(user_id: int):
    admin_required()
    return render_template(
        "admin/account.html", person=_account_or_404(user_id), action_form=EmptyForm()
    )


@bp.route("/accounts/<int:user_id>/turn-off", methods=["GET", "POST"])
@per_person("ADMIN_CHANGE_LIMIT_PER_PERSON")
def turn_off(user_id: int):
    admin_required()
    person = _account_or_404(user_id)
    if person.id == current_user.id:
        abort(404)  # the page offers no such button; an admin cannot lock themselves out
    form = TurnOffForm()
    if form.validate_on_submit():
        services.deactivate(person, actor=current_user, reason=form.reason.data)
        flash(_("%(name)s's account is turned off. They are signed out.", name=person.name),
              "success")
        return redirect(url_for("admin.account", user_id=person.id), code=303)
    return render_template("admin/turn_off.html", person=person, form=form)


@bp.route("/accounts/<int:user_id>/turn-on", methods=["POST"])
@per_person("ADMIN_CHANGE_LIMIT_PER_PERSON")
def turn_on(user_id: int):
    admin_required()
    person = _account_or_404(user_id)
    if EmptyForm().validate_on_submit():
        services.reactivate(person, actor=current_user)
        flash(_("%(name)s's account is turned on. They can sign in again.", name=person.name),
              "success")
    return redirect(url_for("admin.account", user_id=person.id), code=303)


@bp.route("/accounts/<int:user_id>/sign-out", methods=["GET", "POST"])
@per_person("ADMIN_CHANGE_LIMIT_PER_PERSON")
def sign_out_person(user_id: int):
    admin_required()
    person = _account_or_404(user_id)
    if person.id == current_user.id:
        abort(404)  # their own: the Sign out button does this
    form = EmptyForm()
    if form.validate_on_submit():
        services.end_sessions(person, actor=current_user)
        flash(_("%(name)s is signed out on every device.", name=person.name), "success")
        return redirect(url_for("admin.account", user_id=person.id), code=303)
    return render_template("admin/sign_out_person.html", person=person, form=form)


@bp.route("/sign-out-everyone", methods=["GET", "POST"])
@per_person("ADMIN_CHANGE_LIMIT_PER_PERSON")
def sign_out_everyone():
    admin_required()
    form = EmptyForm()
    if form.validate_on_submit():
        services.end_everyones_sessions(actor=current_user)
        forget_this_browser()
        flash(_("Everyone is signed out, you too. Please sign in again."), "info")
        return redirect(url_for("auth.sign_in"), code=303)
    return render_template("admin/sign_out_everyone.html", form=form)


@bp.route("/caseworkers/new", methods=["GET", "POST"])
@per_person("CREATE_STAFF_LIMIT_PER_PERSON")
def new_caseworker():
    admin_required()
    form = CaseworkerForm()
    if form.validate_on_submit():
        user = services.create_caseworker(
            actor=current_user,
            email=form.email.data,
            display_name=form.display_name.data,
            preferred_name=form.preferred_name.data,
            password=form.password.data,
        )
        flash(
            _("%(name)s can now sign in as a caseworker. They will choose their own password "
              "when they first sign in.", name=user.name),
            "success",
        )
        return redirect(url_for("admin.index"), code=303)
    return render_template("admin/new_caseworker.html", form=form)
