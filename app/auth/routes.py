"""Routes for signing in and out, the account page and the language chooser."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required

from app.auth import bp, services, throttle
from app.auth.forms import (
    LanguageForm,
    PasswordChangeForm,
    ProfileForm,
    ReadReceiptsForm,
    SignInForm,
)
from app.forms import EmptyForm
from app.i18n import remember_language
from app.models.feeds import FeedState, feed_state
from app.security_events import log_security_event
from app.sessions import forget_this_browser
from app.urls import safe_next


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("families.home"))
    form = SignInForm()
    if form.validate_on_submit():
        typed = services.normalize_identifier(form.identifier.data)
        user = services.find_user(typed)
        user_id = user.id if user else None
        # Counted before the (slow) password check, so parallel tries cannot slip past a limit.
        attempt = throttle.count_try(user_id, typed)
        if not attempt.allowed:
            log_security_event("sign_in.throttled", user_id=user_id)
            abort(429)
        if not services.check_password(user, form.password.data):
            log_security_event("sign_in.failed", user_id=user_id)
            form.password.errors.append(
                _("That email or username and password do not match. Please try again.")
            )
        elif not user.is_active:
            # Said only after the right password, so it tells a guesser nothing.
            log_security_event("sign_in.refused_deactivated", user_id=user_id)
            form.password.errors.append(
                _("This account is turned off. Please talk to your caseworker.")
            )
        else:
            throttle.forget_tries(attempt)
            services.sign_in(user)
            log_security_event("sign_in.succeeded", user_id=user_id,
                               trusted_device=attempt.trusted_device is not None)
            response = redirect(safe_next(request.args.get("next")), code=303)
            remember_language(response, user.locale)
            throttle.remember_device(response, user.id)
            return response
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    form = EmptyForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        services.sign_out(current_user)
    forget_this_browser()
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
        response = redirect(url_for("auth.account"), code=303)
        remember_language(response, current_user.locale)
        return response
    return render_template("auth/account.html", form=form,
                           receipts_form=ReadReceiptsForm(obj=current_user),
                           feed_ended=feed_state(current_user.id) is FeedState.ENDED)


@bp.route("/account/read-receipts", methods=["POST"])
@login_required
def read_receipts():
    form = ReadReceiptsForm()
    if form.validate_on_submit():
        services.set_read_receipts(current_user, form.read_receipts.data)
        if form.read_receipts.data:
            flash(_("Others can see when you have read their messages again."), "success")
        else:
            flash(_("Others no longer see when you have read their messages."), "success")
    return redirect(url_for("auth.account", _anchor="read-receipts"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm(current_user)
    if form.is_submitted():
        # The current-password check is a guess like any sign-in: counted first, the same way.
        attempt = throttle.count_try(current_user.id, "")
        if not attempt.allowed:
            log_security_event("password_change.throttled")
            abort(429)
        valid = form.validate()
        if form.current_password_verified:
            # Only a wrong current password is a guess; a new one refused as too easy is not.
            throttle.forget_tries(attempt)
        else:
            log_security_event("password_change.wrong_current_password")
        if valid:
            services.change_password(current_user, form.password.data)
            flash(
                _("Your password is changed. You are signed out on your other devices."),
                "success",
            )
            response = redirect(url_for("auth.account"), code=303)
            throttle.remember_device(response, current_user.id)  # the old pass ended with it
            return response
    return render_template("auth/password.html", form=form)


@bp.route("/language", methods=["GET", "POST"])
def language():
    form = LanguageForm(next=request.args.get("next"))
    if form.validate_on_submit():
        response = redirect(safe_next(form.next.data), code=303)
        remember_language(response, form.locale.data)
        if current_user.is_authenticated:
            services.set_locale(current_user, form.locale.data)
        return response
    return render_template("auth/language.html", form=form)
