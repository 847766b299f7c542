"""The home page, the family chooser, and each family's home."""

from flask import Blueprint

bp = Blueprint("families", __name__)

from app.families import routes  # noqa: E402, F401
