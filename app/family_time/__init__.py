"""The shared family-time calendar: proposals, approval, series, what happened, levels.

The rules and the API the pages call are in `services.py` (see its docstring); `levels.py`
holds each parent's family-time level, `agenda.py` the agenda and court-record reads.
"""

from flask import Blueprint

bp = Blueprint("family_time", __name__, url_prefix="/families/<int:family_id>/calendar")

from app.family_time import changes, routes  # noqa: E402, F401
