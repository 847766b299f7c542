"""How much the caseworker reviews before things are shared: the family's review level."""

from flask import Blueprint

bp = Blueprint("review_level", __name__, url_prefix="/families/<int:family_id>/review-level")

from app.review_level import routes  # noqa: E402, F401
