"""Routes for signing in and out, the account page and the language chooser."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required

from app.auth import bp, services
from app.auth.forms import LanguageForm, PasswordChangeForm, ProfileForm, SignInForm
from app.extensions import limiter
from app.forms import EmptyForm
from app.i18n import LANGUAGE_COOKIE
from app.sessions import sign_out_here
from app.urls import safe_next


def _failed_sign_in(response) -> bool:
    # Only failed tries count, so a person who signs in and out often is never locked out.
    return response.status_code != 303


def _account_key() -> str:
    return "account:" + services.normalize_identifier(request.form.get("identifier", ""))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["SIGN_IN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_failed_sign_in,
    scope="sign-in-address",
)
@limiter.limit(
    lambda: current_app.config["SIGN_IN_LIMIT_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed_sign_in,
    scope="sign-in-account",
)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("families.home"))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.identifier.data, form.password.data)
        if user is not None:
            services.sign_in(user)
            return redirect(safe_next(request.args.get("next")), code=303)
        form.password.errors.append(
            _("That email or username and password do not match. Please try again.")
        )
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    form = EmptyForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        services.sign_out(current_user)
    sign_out_here()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.sign_in"), code=303)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(
            current_user,
            display_name=form.display_name.data,
            preferred_name=form.preferred_name.data,
            locale=form.locale.data,
        )
        refresh()  # show the confirmation in the language just chosen
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("auth.account"), code=303)
    return render_template("auth/account.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm(current_user)
    if form.validate_on_submit():
        services.change_password(current_user, form.password.data)
        flash(_("Your password is changed. You are signed out on your other devices."), "success")
        return redirect(url_for("auth.account"), code=303)
    return render_template("auth/password.html", form=form)


@bp.route("/language", methods=["GET", "POST"])
def language():
    form = LanguageForm(next=request.args.get("next"))
    if form.validate_on_submit():
        response = redirect(safe_next(form.next.data), code=303)
        response.set_cookie(
            LANGUAGE_COOKIE,
            form.locale.data,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
        if current_user.is_authenticated:
            services.set_locale(current_user, form.locale.data)
        return response
    return render_template("auth/language.html", form=form)
