"""The child's "about me": sections the parents fill in, each change a new shared version."""

from flask import Blueprint

bp = Blueprint("about", __name__, url_prefix="/families/<int:family_id>")

from app.about import routes  # noqa: E402, F401
