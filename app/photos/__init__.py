"""Photos: a family shares pictures of the child's life, cleaned of every hidden detail."""

from flask import Blueprint

bp = Blueprint("photos", __name__, url_prefix="/families/<int:family_id>/photos")

from app.photos import routes  # noqa: E402, F401
