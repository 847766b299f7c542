"""The family's message thread: one conversation per family, kept as a record."""

from flask import Blueprint

bp = Blueprint("messages", __name__, url_prefix="/families/<int:family_id>/messages")


@bp.record_once
def _nav_count(state) -> None:
    # The navigation on every family page shows the unread count, so it is app-wide.
    from flask import g
    from flask_login import current_user

    from app.messages.services import unread_by_family, unread_count
    from app.rich_text import render_text

    # What people wrote, escaped, with https links (the glossary will explain words here).
    state.app.jinja_env.globals["render_text"] = render_text

    @state.app.context_processor
    def unread_messages_context():
        def unread_messages() -> int:
            scope = g.get("family_scope")
            return unread_count(scope) if scope is not None else 0

        def unread_messages_by_family() -> dict[int, int]:
            # "My families": one grouped query for all of them.
            return unread_by_family(current_user.id) if current_user.is_authenticated else {}

        return {"unread_messages": unread_messages,
                "unread_messages_by_family": unread_messages_by_family}


from app.messages import routes  # noqa: E402, F401
