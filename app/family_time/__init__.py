"""The shared family-time calendar: proposals, approval, series, what happened, levels.

The rules and the API the pages call are in `services.py` (see its docstring); `levels.py`
holds each parent's family-time level, `agenda.py` the agenda reads;
`court_record.py`, `court_csv.py` and the routes in `court.py` the family-time record for court.
"""

from flask import Blueprint

bp = Blueprint("family_time", __name__, url_prefix="/families/<int:family_id>/calendar")

from app.family_time import changes, court, routes  # noqa: E402, F401
