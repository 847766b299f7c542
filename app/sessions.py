"""Signed-in sessions that the server can end: versioned per user, with idle and absolute limits.

The session itself is Flask's signed cookie. Flask-Login stores `User.get_id()` in it, which
carries the user's `session_version`; bumping that number ends every session the user has.
"""

import time

from flask import (
    after_this_request,
    current_app,
    flash,
    make_response,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from app.extensions import db, login_manager
from app.models import User
from app.models.feeds import CalendarFeedToken, end_feeds

# Touch the session cookie at most this often, so not every request rewrites it.
SEEN_AT_RESOLUTION_SECONDS = 60


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(enforce_session_limits)
    app.before_request(enforce_password_change)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _sep, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or not user.is_active:
        return None
    return user


def start_session(user: User) -> None:
    """Sign in on a brand-new session, so nothing from before sign-in carries over."""
    session.clear()
    # Callers may pass `current_user`; stored as is, the proxy would end up pointing at itself.
    real_user = user._get_current_object() if hasattr(user, "_get_current_object") else user
    login_user(real_user)
    session.permanent = True
    now = time.time()
    session["started_at"] = now
    session["seen_at"] = now


def end_all_sessions(user: User, *, calendar_too: bool = True) -> None:
    """Make every existing session of this user invalid (the caller commits).

    The calendar address ends with them (`app/models/feeds.py`): it answers without a
    session, so a password change or an admin's "sign out" must not leave it working.
    `calendar_too=False` only where the reason is not that the account is in other hands.
    """
    user.session_version += 1
    if calendar_too:
        end_feeds(CalendarFeedToken.user_id == user.id)


# Sent whenever this browser's session ends (sign-out, the idle limit, "sign out everyone"):
# the next person on a shared phone must not find the children's photos or pages in its cache
# or storage. Not "cookies": the session cookie is already cleared, and the sign-in page's
# message travels in it.
CLEAR_SITE_DATA = '"cache", "storage"'


def forget_this_browser() -> None:
    """Clear this browser's session only; `auth.services.sign_out` ends every device's."""
    logout_user()
    session.clear()

    @after_this_request
    def clear_site_data(response):
        response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


def idle_limit_seconds(user: User) -> float:
    config = current_app.config
    staff = user.is_admin or user.is_staff
    key = "SESSION_IDLE_TIMEOUT_STAFF" if staff else "SESSION_IDLE_TIMEOUT_MEMBERS"
    return config[key].total_seconds()


def _go_to(endpoint: str):
    if request.headers.get("HX-Request"):
        # A redirect would be followed inside the XHR and swapped into a piece of the page.
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url_for(endpoint)
        return response
    return redirect(url_for(endpoint))


def _signed_out_response():
    """Say why, and send the person to sign in, rather than showing a page they cannot see."""
    forget_this_browser()
    flash(
        _("You were signed out to keep your family's information safe. Please sign in again."),
        "info",
    )
    return _go_to("auth.sign_in")


def background(view):
    """Mark a view a page calls by itself (the message poll): it is not the person being there.

    Without this a thread left open on a shared phone would keep the session alive forever and
    the idle limit would never sign it out.
    """
    view.is_background_request = True
    return view


def _is_background_request() -> bool:
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "is_background_request", False)


def enforce_session_limits():
    if request.endpoint == "static" or "_user_id" not in session:
        return None
    if not current_user.is_authenticated:
        # Ended elsewhere (signed out on another device, a password change, a pause).
        return _signed_out_response()
    now = time.time()
    started = session.get("started_at", 0)
    seen = session.get("seen_at", 0)
    absolute = current_app.config["SESSION_ABSOLUTE_LIFETIME"].total_seconds()
    if now - started > absolute or now - seen > idle_limit_seconds(current_user):
        return _signed_out_response()
    if now - seen > SEEN_AT_RESOLUTION_SECONDS and not _is_background_request():
        session["seen_at"] = now
    return None


# Pages a person who must choose a new password can still reach.
PASSWORD_CHANGE_ALLOWED = {"static", "auth.change_password", "auth.sign_out", "auth.language"}


def enforce_password_change():
    """A password someone else chose (a caseworker's first one) is changed before anything else."""
    if request.endpoint in PASSWORD_CHANGE_ALLOWED or not current_user.is_authenticated:
        return None
    if not current_user.must_change_password:
        return None
    flash(_("Please choose your own password before you go on."), "info")
    return _go_to("auth.change_password")
