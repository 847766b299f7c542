"""The caseworker's work with the people of one family: invitations and approvals."""

from flask import Blueprint

bp = Blueprint("members", __name__, url_prefix="/families/<int:family_id>")

from app.members import routes  # noqa: E402, F401
