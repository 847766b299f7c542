"""A family's whole record as one ZIP download, for its caseworker or an admin."""

from flask import Blueprint

bp = Blueprint("export", __name__, url_prefix="/families/<int:family_id>/export")

from app.export import routes  # noqa: E402, F401
