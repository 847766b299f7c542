"""Routes for admins: the staff list and creating caseworkers."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import admin_required
from app.admin import bp, services
from app.admin.forms import CaseworkerForm
from app.limits import per_person


@bp.route("")
@login_required
def index():
    admin_required()
    return render_template("admin/index.html", staff=services.staff_list())


@bp.route("/caseworkers/new", methods=["GET", "POST"])
@per_person("CREATE_STAFF_LIMIT_PER_PERSON")
@login_required
def new_caseworker():
    admin_required()
    form = CaseworkerForm()
    if form.validate_on_submit():
        user = services.create_caseworker(
            actor=current_user,
            email=form.email.data,
            display_name=form.display_name.data,
            preferred_name=form.preferred_name.data,
            password=form.password.data,
        )
        flash(_("%(name)s can now sign in as a caseworker.", name=user.name), "success")
        return redirect(url_for("admin.index"), code=303)
    return render_template("admin/new_caseworker.html", form=form)
