"""A resource parent's address and phone: kept on their membership, shared only if they choose."""

from flask import Blueprint

bp = Blueprint("contact", __name__, url_prefix="/families/<int:family_id>")

from app.contact import routes  # noqa: E402, F401
