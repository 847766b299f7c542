"""Routes for the home page, the family list, creating a family and its home page."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import family_scope, staff_required
from app.concerns import services as concerns
from app.families import bp, services
from app.families.forms import ChildForm, FamilyForm
from app.family_time import services as family_time
from app.limits import per_person
from app.models import MembershipStatus, Role


@bp.route("/")
def home():
    """Send each person where they most likely want to be."""
    if not current_user.is_authenticated:
        return render_template("families/welcome.html")
    memberships = services.memberships_of(current_user)
    active = [m for m in memberships if m.status is MembershipStatus.ACTIVE]
    staff = current_user.is_staff or current_user.is_admin
    if len(active) == 1 and not staff and len(memberships) == 1:
        return redirect(url_for("families.family_home", family_id=active[0].family_id))
    if current_user.is_staff and any(m.role is Role.CASEWORKER for m in active):
        # A caseworker's day starts with what waits for them across their caseload.
        return redirect(url_for("caseload.dashboard"))
    if current_user.is_admin and not active:
        return redirect(url_for("admin.index"))
    return redirect(url_for("families.list_families"))


@bp.route("/families")
@login_required
def list_families():
    memberships = services.memberships_of(current_user)
    by_status = {status: [] for status in MembershipStatus}
    for membership in memberships:
        by_status[membership.status].append(membership)
    return render_template(
        "families/list.html",
        active=by_status[MembershipStatus.ACTIVE],
        pending=by_status[MembershipStatus.PENDING],
        paused=by_status[MembershipStatus.SUSPENDED],
        # Said plainly, with the caseworker's reason: not silently dropped from the list.
        declined=by_status[MembershipStatus.DECLINED],
        ended=by_status[MembershipStatus.ENDED],
        can_create=current_user.is_staff,
    )


@bp.route("/families/new", methods=["GET", "POST"])
@per_person("CREATE_FAMILY_LIMIT_PER_PERSON")
def create_family():
    # 404 for everyone but staff, signed out too, like the caseload (not "please sign in").
    staff_required()
    form = FamilyForm()
    if form.validate_on_submit():
        family = services.create_family(
            actor=current_user,
            name=form.name.data,
            time_zone=form.time_zone.data,
            child_name=form.child_name.data,
            child_birth_date=form.birth_date.data,
        )
        flash(_("The family is created. Now invite the people in the child's life."), "success")
        return redirect(url_for("members.people", family_id=family.id), code=303)
    return render_template("families/new.html", form=form)


@bp.route("/families/<int:family_id>")
def family_home(family_id: int):
    scope = family_scope(family_id)
    return render_template(
        "families/home.html",
        members=services.active_members(scope.family.id),
        children=scope.family.children,
        home=services.family_home(scope),
        next_family_time=family_time.next_family_time(scope),
        waiting=services.waiting_count(scope.family.id) if scope.is_caseworker else 0,
        open_concerns=(concerns.open_counts([family_id]).get(family_id, 0)
                       if scope.is_caseworker else 0),
    )


@bp.route("/families/<int:family_id>/children/new", methods=["GET", "POST"])
@per_person("ADD_CHILD_LIMIT_PER_PERSON")
def add_child(family_id: int):
    scope = family_scope(family_id, roles={Role.CASEWORKER})
    form = ChildForm(scope.family.time_zone)
    if form.validate_on_submit():
        services.add_child(scope.family, current_user, form.child_name.data, form.birth_date.data)
        flash(_("The child is added."), "success")
        return redirect(url_for("families.family_home", family_id=family_id), code=303)
    return render_template("families/add_child.html", form=form)
