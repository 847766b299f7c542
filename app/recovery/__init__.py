"""Getting back in after a forgotten password, with a one-time code from a caseworker or admin."""

from flask import Blueprint

bp = Blueprint("recovery", __name__)

from app.recovery import routes  # noqa: E402, F401
