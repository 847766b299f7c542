"""Notifications: each person's list of what is new, and the channels that tell them.

Features call `app.notifications.notify` in their services (the moderation service does, for
every approve, decline, hide and take-back) and never pick channels or words. The list page and
the bell read `reading`; the worker (`delivery`, run by the job queue in `jobs`) sends email,
asking "may see" again at the moment of sending. docs/notifications.md has the whole picture.
"""

from flask import Blueprint

bp = Blueprint("notifications", __name__)


@bp.record_once
def _bell(state) -> None:
    # The header's bell is on every signed-in page, so its count is app-wide (one query).
    from flask_login import current_user

    from app.notifications import jobs
    from app.notifications.reading import unread_count
    from app.notifications.words import detailed

    state.app.jinja_env.globals["notification_sentence"] = detailed

    jobs.init_app(state.app)

    @state.app.context_processor
    def notifications_context():
        def unread_notifications() -> int:
            return unread_count(current_user) if current_user.is_authenticated else 0

        return {"unread_notifications": unread_notifications}


from app.notifications import routes  # noqa: E402, F401
