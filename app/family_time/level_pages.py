"""Pages for family-time levels: the caseworker sets each parent's level with a reason, a parent
reads their own level and its history as progress, and those who plan family time with the
parents (the caseworker and the resource parent) read each one's current level; a parent
partner reads none. The rules are in `levels.py`."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.access import family_scope
from app.family_time import levels
from app.family_time.forms import LevelForm
from app.limits import per_person
from app.models import Level, Role
from app.moderation import NotAllowed

bp = Blueprint("family_time_levels", __name__,
               url_prefix="/families/<int:family_id>/family-time-levels")

STEPS = list(Level)


def _forms(parents, failed: LevelForm | None = None, failed_id: int | None = None) -> dict:
    """One form per parent, set to their level now; a form that failed keeps what was typed."""
    forms = {}
    for parent in parents:
        if parent.membership.id == failed_id:
            forms[parent.membership.id] = failed
            continue
        form = LevelForm(parent.membership.user.name, prefix=f"level-{parent.membership.id}",
                         formdata=None)
        form.level.data = parent.level.value
        forms[parent.membership.id] = form
    return forms


@bp.route("")
def index(family_id: int):
    scope = family_scope(family_id)
    if scope.membership.role is Role.PARENT:
        return redirect(url_for(".mine", family_id=family_id), code=303)
    if not levels.reads_all_levels(scope):  # a parent partner: a parent's progress is theirs
        abort(403)
    parents = levels.family_levels(scope)
    return render_template("family_time/levels.html", parents=parents, steps=STEPS,
                           forms=_forms(parents) if scope.is_caseworker else {})


@bp.route("/<int:membership_id>", methods=["POST"])
@per_person("MEMBER_ACTION_LIMIT_PER_PERSON")
def set_level(family_id: int, membership_id: int):
    scope = family_scope(family_id, roles={Role.CASEWORKER})
    parents = levels.family_levels(scope)
    parent = next((p for p in parents if p.membership.id == membership_id), None)
    if parent is None:
        abort(404)
    name = parent.membership.user.name
    form = LevelForm(name, prefix=f"level-{membership_id}")
    if form.validate_on_submit():
        try:
            step = levels.set_level(scope, membership_id, Level(form.level.data),
                                    form.reason.data)
        except NotAllowed:
            abort(404)
        flash(_("Saved: %(name)s is approved for family time “%(level)s”. %(name)s can read "
                "your reason.", name=name, level=levels.LEVEL_NAMES[step.level]), "success")
        return redirect(url_for(".index", family_id=family_id) + f"#parent-{membership_id}",
                        code=303)
    return render_template("family_time/levels.html", parents=parents, steps=STEPS,
                           forms=_forms(parents, form, membership_id))


@bp.route("/mine")
def mine(family_id: int):
    scope = family_scope(family_id, roles={Role.PARENT})
    mine = levels.my_level(scope)
    return render_template("family_time/my_level.html", mine=mine, steps=STEPS,
                           words=levels.LEVEL_WORDS, names=levels.LEVEL_NAMES)
