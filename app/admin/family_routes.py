"""Admin routes for families: the list of every family, and choosing a family's caseworker.

Like every admin page, each starts with `admin_required()` (404 for everyone else).
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.access import admin_required
from app.admin import bp
from app.admin import families as services
from app.admin.forms import AssignCaseworkerForm
from app.extensions import db
from app.htmx import render_page_or_fragment
from app.ids import id_arg
from app.limits import per_person
from app.models import Family, User


@bp.route("/families")
def families():
    admin_required()
    query = request.args.get("q", "")[:100]
    page = services.families_page(query, before=request.args.get("before", type=id_arg))
    return render_page_or_fragment("admin/families.html", "admin/_family_lines.html",
                                   page=page, query=query)


@bp.route("/families/<int:family_id>/caseworker", methods=["GET", "POST"])
@per_person("ADMIN_CHANGE_LIMIT_PER_PERSON")
def family_caseworker(family_id: int):
    admin_required()
    family = db.session.get(Family, family_id)
    if family is None:
        abort(404)
    people = services.assignable_caseworkers()
    current = services.caseworkers_of([family.id]).get(family.id, [])
    form = AssignCaseworkerForm(
        [SelectChoice(p.id, f"{p.display_name} ({p.sign_in_name})") for p in people])
    if request.method == "GET":
        form.seen.data = str(family.caseworker_version)
        if current:
            form.caseworker.data = current[0].id
    if form.validate_on_submit():
        chosen = db.session.get(User, form.caseworker.data)
        try:
            services.assign_caseworker(family, chosen, actor=current_user,
                                       reason=form.reason.data,
                                       seen_version=form.seen_version)
        except services.Stale:
            # Show who it is now, and let the next Save count from here.
            db.session.refresh(family)
            current = services.caseworkers_of([family.id]).get(family.id, [])
            form.seen.data = str(family.caseworker_version)
            form.caseworker.errors.append(_("Someone else changed the caseworker while this "
                                            "page was open, so nothing was changed. Check "
                                            "who it is now, then choose again."))
        except services.NoChange:
            form.caseworker.errors.append(_("%(name)s is already the caseworker. Choose someone "
                                            "else to change it.", name=chosen.name))
        except services.InAnotherRole:
            form.caseworker.errors.append(_("%(name)s belongs to this family in another role, "
                                            "so they cannot be its caseworker.",
                                            name=chosen.name))
        else:
            flash(_("%(name)s is now the caseworker of %(family)s.", name=chosen.name,
                    family=family.name), "success")
            return redirect(url_for("admin.families", q=family.name), code=303)
    return render_template("admin/family_caseworker.html", target=family, current=current,
                           form=form)
