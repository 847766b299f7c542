"""Opening an invitation and asking to join a family."""

from flask import Blueprint

bp = Blueprint("joining", __name__, url_prefix="/join")

from app.joining import routes  # noqa: E402, F401
