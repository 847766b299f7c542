"""The resource parent's own page for their address and phone."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.access import family_scope
from app.contact import bp, services
from app.contact.forms import HIDDEN, SHARED, ContactForm
from app.limits import per_person


@bp.route("/my-contact", methods=["GET", "POST"])
@per_person("CONTACT_EDIT_LIMIT_PER_PERSON")
def edit(family_id: int):
    scope = family_scope(family_id, roles=services.OWNERS)
    membership = scope.membership
    form = ContactForm()
    if request.method == "GET":
        form.address.data = membership.address
        form.phone.data = membership.phone
        form.share.data = SHARED if membership.share_contact else HIDDEN
    if form.validate_on_submit():
        if services.save_contact(scope, form.address.data, form.phone.data,
                                 form.share.data == SHARED):
            flash(_("Saved."), "success")
        return redirect(url_for("families.family_home", family_id=family_id), code=303)
    return render_template("contact/edit.html", form=form)
