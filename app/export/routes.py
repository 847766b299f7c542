"""The export page (what the ZIP holds, one choice) and the download itself."""

from flask import Response, render_template, stream_with_context
from flask_login import current_user

from app.access import family_scope
from app.export import bp, files, services
from app.export.forms import ExportForm
from app.limits import per_person
from app.models import Role


@bp.route("", methods=["GET", "POST"])
@per_person("EXPORT_LIMIT_PER_PERSON")
def index(family_id: int):
    form = ExportForm()
    # An admin may export too: opening the page is their recorded view, and the download
    # writes its own line naming them.
    scope = family_scope(family_id, roles={Role.CASEWORKER})
    if form.validate_on_submit():
        name, chunks = services.export_family(scope, current_user._get_current_object(),
                                              leave_out_private=form.leave_out_private.data)
        # The ZIP is read after this view returns, when the request's database session is
        # closed: `chunks` holds ids and plain values and reads with a session of its own.
        # stream_with_context keeps the request (and its `g`) there while it does.
        return Response(stream_with_context(chunks), mimetype="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return render_template("export/index.html", form=form, files=files.file_list(),
                           export_family=scope.family)
