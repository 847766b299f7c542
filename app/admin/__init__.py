"""Pages for admins: the agency staff who run the install."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from app.admin import family_routes, routes  # noqa: E402, F401
