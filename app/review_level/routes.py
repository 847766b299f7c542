"""The page where the family's caseworker changes its review level."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.access import family_scope
from app.limits import per_person
from app.models import ReviewLevel, Role
from app.review_level import bp, services
from app.review_level.forms import ReviewLevelForm


@bp.route("", methods=["GET", "POST"])
@per_person("MEMBER_ACTION_LIMIT_PER_PERSON")
def change(family_id: int):
    scope = family_scope(family_id, roles={Role.CASEWORKER})
    form = ReviewLevelForm(scope.family.review_level)
    if form.validate_on_submit():
        try:
            services.change_level(scope, ReviewLevel(form.level.data), form.reason.data)
        except services.NotAllowed:
            flash(_("Someone changed this a moment ago. Please look again."), "error")
            return redirect(url_for("review_level.change", family_id=family_id), code=303)
        if scope.family.review_level is ReviewLevel.OPEN:
            flash(_("Done. Things the family shares now go out right away."), "success")
        else:
            flash(_("Done. You now read what the family shares before others see it."),
                  "success")
        return redirect(url_for("families.family_home", family_id=family_id), code=303)
    return render_template("review_level/change.html", form=form)
