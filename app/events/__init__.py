"""School, health and family events about the children, and who is coming to each."""

from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/families/<int:family_id>/events")


@bp.record_once
def _template_words(state) -> None:
    # The family home (another blueprint) shows events too, so the words are app-wide.
    from app.events import labels

    labels.init_app(state.app)


from app.events import routes  # noqa: E402, F401
