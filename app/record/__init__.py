"""The family record: who did what and when, for the family's caseworker."""

from flask import Blueprint

bp = Blueprint("record", __name__, url_prefix="/families/<int:family_id>/record")

from app.record import routes  # noqa: E402, F401
