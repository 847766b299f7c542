"""Route for the family record page: its filter, and its "show older" fragment."""

from flask import request

from app.access import staff_scope
from app.htmx import is_htmx_fragment_request, render_page_or_fragment
from app.ids import id_arg
from app.record import bp, services
from app.record.forms import RecordFilterForm


@bp.route("")
def index(family_id: int):
    before = request.args.get("before", type=id_arg)
    # "Show older" continues the view the admin opened; only a new view is recorded.
    scope = staff_scope(family_id, audit_view=before is None and not is_htmx_fragment_request())
    form = RecordFilterForm(request.args)
    narrowed = form.to_filter(scope.family.time_zone)
    page = services.record_page(scope, before=before, narrowed=narrowed)
    context = dict(page=page, form=form, narrowed=narrowed, record_family=scope.family)
    # "Show older" asks for more lines; the filter form asks for the results alone (the list
    # and what was left out of the filter). Without htmx, both get the whole page.
    fragment = "record/_lines.html" if before is not None else "record/_results.html"
    return render_page_or_fragment("record/index.html", fragment, **context)
