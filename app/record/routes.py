"""Route for the family record page and its "show older" fragment."""

from flask import request

from app.access import family_scope
from app.htmx import render_page_or_fragment
from app.ids import id_arg
from app.models import Role
from app.record import bp, services


@bp.route("")
def index(family_id: int):
    scope = family_scope(family_id, roles={Role.CASEWORKER})
    page = services.record_page(scope, before=request.args.get("before", type=id_arg))
    return render_page_or_fragment("record/index.html", "record/_lines.html", page=page)
