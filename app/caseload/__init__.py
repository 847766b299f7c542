"""The caseworker's console: the caseload dashboard, one review queue and reports."""

from flask import Blueprint

bp = Blueprint("caseload", __name__)

from app.caseload import routes  # noqa: E402, F401
