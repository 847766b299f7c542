"""Routes for the child's "about me": the sections, writing one, earlier versions, review."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import moderation
from app.about import bp, services
from app.about.forms import SectionForm
from app.about.sections import BY_KEY, KEYS_PATTERN
from app.access import family_row_or_404, family_scope
from app.forms import EmptyForm
from app.htmx import render_page_or_fragment
from app.ids import id_arg
from app.limits import per_person
from app.models import Child
from app.moderation import reports
from app.moderation.forms import ReasonForm
from app.moderation.report_page import report_page

SECTION = f"<{KEYS_PATTERN}:section>"


@bp.route("/about")
def index(family_id: int):
    """One child: their sections straight away. Several: one card each."""
    scope = family_scope(family_id)
    children = scope.family.children
    if len(children) == 1:
        return _child_page(scope, children[0])
    return render_template("about/index.html", children=children)


@bp.route("/children/<int:child_id>/about")
def child(family_id: int, child_id: int):
    scope = family_scope(family_id)
    return _child_page(scope, family_row_or_404(Child, child_id, scope))


def _child_page(scope, child: Child):
    views = services.sections_of(scope, child)
    page = render_template(
        "about/child.html", child=child, views=views, may_write=services.may_write(scope),
        action_form=EmptyForm(),
        report_states=reports.report_states([view.shown for view in views], scope),
    )
    # After rendering: the commit expires the loaded versions, which the page would reload.
    services.mark_about_seen(scope, child, [v for view in views for v in (view.shown, *view.newer)])
    return page


@bp.route(f"/children/<int:child_id>/about/{SECTION}", methods=["GET", "POST"])
@per_person("ABOUT_WRITE_LIMIT_PER_PERSON")
def write(family_id: int, child_id: int, section: str):
    scope = family_scope(family_id, roles=services.WRITERS)
    child = family_row_or_404(Child, child_id, scope)
    view = services.section_of(scope, child, section)
    form = SectionForm()
    if request.method == "GET":
        if view.latest is not None:
            form.text.data = view.latest.text  # start from the text they know
        form.based_on.data = str(view.latest.id if view.latest is not None else 0)
    form.text.label.text = view.section.prompt_for(child.name)
    conflict = None
    if form.validate_on_submit():
        try:
            version = services.write(scope, child, section, form.text.data,
                                     _version_arg(form.based_on.data))
        except services.NothingChanged:
            form.text.errors = [_("This is the same as before. Change something, or go back.")]
        except services.WrittenMeanwhile as meanwhile:
            # Both side by side; the form keeps their words and now carries the version saved
            # meanwhile, so "Save mine instead" saves over it, knowingly.
            conflict = meanwhile
            current = meanwhile.current
            form.based_on.data = str(current.id if current is not None else 0)
            form.submit.label.text = _("Save mine instead")
        else:
            if version.is_visible:
                flash(_("Saved. The family can read it now."), "success")
            else:
                flash(_("Saved. Your caseworker will read it before the family sees it."),
                      "success")
            return redirect(url_for("about.child", family_id=family_id, child_id=child.id),
                            code=303)
    return render_template("about/write.html", child=child, view=view, form=form,
                           conflict=conflict), 409 if conflict else 200


def _version_arg(value) -> int:
    """The form's version: a made-up one counts as "changed since" (-1 matches nothing)."""
    try:
        return id_arg(value or "")
    except ValueError:
        return -1


@bp.route(f"/children/<int:child_id>/about/{SECTION}/history")
def history(family_id: int, child_id: int, section: str):
    scope = family_scope(family_id)
    child = family_row_or_404(Child, child_id, scope)
    page = services.history(scope, child, section,
                            before=request.args.get("before", type=id_arg))
    return render_page_or_fragment(
        "about/history.html", "about/_versions.html",
        child=child, section=BY_KEY[section], page=page, action_form=EmptyForm(),
    )


def _version_or_404(scope, version_id: int):
    version = services.version_or_none(scope, version_id)
    if version is None:
        abort(404)
    return version


def _caseworker_version(family_id: int, version_id: int):
    """A version the caseworker moderates: 404 for one this reader may not see, 403 for one
    they see but may not moderate, in this order as for every kind (docs/security.md)."""
    scope = family_scope(family_id)
    version = _version_or_404(scope, version_id)
    if not scope.is_caseworker:
        abort(403)
    return scope, version


def _back_to(version):
    return redirect(url_for("about.child", family_id=version.family_id,
                            child_id=version.child_id), code=303)


def _done(ok: bool, message: str) -> None:
    if ok:
        flash(message, "success")
    else:
        flash(_("Someone else already acted on this. Here is how things are now."), "info")


@bp.route("/about/versions/<int:version_id>/approve", methods=["POST"])
def approve(family_id: int, version_id: int):
    scope, version = _caseworker_version(family_id, version_id)
    if EmptyForm().validate_on_submit():
        _done(_try(services.approve, scope, version), _("Approved. The family can read it now."))
    return _back_to(version)


@bp.route("/about/versions/<int:version_id>/withdraw", methods=["POST"])
def withdraw(family_id: int, version_id: int):
    scope = family_scope(family_id)
    version = _version_or_404(scope, version_id)
    if version.author_id != scope.membership.user_id:
        abort(403)  # they read it; taking it back is its author's (docs/security.md)
    if EmptyForm().validate_on_submit():
        _done(_try(services.withdraw, scope, version),
              _("Taken back. The family sees the version before it."))
    return _back_to(version)


@bp.route("/about/versions/<int:version_id>/report", methods=["GET", "POST"])
def report(family_id: int, version_id: int):
    """A member tells the caseworker a shared part of "about me" worries them (once each)."""
    scope = family_scope(family_id)
    version = _version_or_404(scope, version_id)
    child_page = url_for("about.child", family_id=family_id, child_id=version.child_id)
    return report_page(version, scope, template="about/report.html", version=version,
                       section=BY_KEY.get(version.section),
                       heading=_("Report a part of “about me”"),
                       back_url=f"{child_page}#section-{version.section}", gone_url=child_page)


@bp.route("/about/versions/<int:version_id>/decline", methods=["GET", "POST"])
def decline(family_id: int, version_id: int):
    return _with_reason(family_id, version_id, services.decline,
                        _("Do not share this change"),
                        _("Not shared. The person who wrote it can read your reason."))


@bp.route("/about/versions/<int:version_id>/hide", methods=["GET", "POST"])
def hide(family_id: int, version_id: int):
    return _with_reason(family_id, version_id, services.hide, _("Hide this version"),
                        _("Hidden. The person who wrote it can read your reason."))


def _with_reason(family_id: int, version_id: int, change, heading: str, done: str):
    """Decline a waiting change or hide a shared one, with a reason the author reads."""
    scope, version = _caseworker_version(family_id, version_id)
    form = ReasonForm()
    if form.validate_on_submit():
        _done(_try(change, scope, version, form.reason.data), done)
        return _back_to(version)
    return render_template("about/reason.html", version=version, form=form, heading=heading,
                           section=BY_KEY.get(version.section))


def _try(change, *args) -> bool:
    try:
        change(*args)
    except moderation.NotAllowed:
        return False
    return True
