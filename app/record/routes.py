"""Route for the family record page: its filter, and its "show older" fragment."""

from flask import request

from app.access import family_scope
from app.htmx import render_page_or_fragment
from app.ids import id_arg
from app.models import Role
from app.record import bp, services
from app.record.forms import RecordFilterForm


@bp.route("")
def index(family_id: int):
    before = request.args.get("before", type=id_arg)
    # An admin may read it too: family_scope records their view (not its htmx pieces).
    scope = family_scope(family_id, roles={Role.CASEWORKER})
    form = RecordFilterForm(request.args)
    narrowed = form.to_filter(scope.family.time_zone)
    page = services.record_page(scope, before=before, narrowed=narrowed)
    context = dict(page=page, form=form, narrowed=narrowed, record_family=scope.family)
    # "Show older" asks for more lines; the filter form asks for the results alone (the list
    # and what was left out of the filter). Without htmx, both get the whole page.
    fragment = "record/_lines.html" if before is not None else "record/_results.html"
    return render_page_or_fragment("record/index.html", fragment, **context)
