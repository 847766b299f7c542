"""Concerns: "Something is not working" — a clear process for resolving conflict."""

from flask import Blueprint

bp = Blueprint("concerns", __name__, url_prefix="/families/<int:family_id>")

from app.concerns import routes  # noqa: E402, F401
