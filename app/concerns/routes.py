"""Routes for concerns: the list, raising one, reading one, and the caseworker's steps."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.access import family_scope
from app.concerns import bp, labels, services
from app.concerns.forms import ConcernForm, ResolveForm, StepForm
from app.forms import EmptyForm
from app.limits import per_person
from app.models import Role, StepKind

CASEWORKER = {Role.CASEWORKER}


@bp.context_processor
def concern_words():
    return labels.words()


@bp.route("/concerns")
def index(family_id: int):
    scope = family_scope(family_id, roles=services.READERS)
    return render_template("concerns/index.html", concerns=services.concerns_of(scope),
                           may_raise=services.may_raise(scope))


@bp.route("/concerns/new", methods=["GET", "POST"])
@per_person("CONCERN_LIMIT_PER_PERSON")
def new(family_id: int):
    scope = family_scope(family_id, roles=services.RAISERS)
    form = ConcernForm()
    if form.validate_on_submit():
        concern = services.raise_concern(scope, form.what_happened.data,
                                         form.what_would_help.data, form.shared)
        flash(_("Thank you. Your caseworker will read this and tell you what happens next."),
              "success")
        return redirect(url_for("concerns.show", family_id=family_id, concern_id=concern.id),
                        code=303)
    return render_template("concerns/new.html", form=form)


def _concern_or_404(scope, concern_id: int):
    concern = services.concern_or_none(scope, concern_id)
    if concern is None:
        abort(404)
    return concern


@bp.route("/concerns/<int:concern_id>")
def show(family_id: int, concern_id: int):
    scope = family_scope(family_id, roles=services.READERS)
    concern = _concern_or_404(scope, concern_id)
    return render_template("concerns/show.html", concern=concern,
                           steps=services.story(scope, concern), action_form=EmptyForm())


def _back(concern):
    return redirect(url_for("concerns.show", family_id=concern.family_id,
                            concern_id=concern.id), code=303)


@bp.route("/concerns/<int:concern_id>/steps/new", methods=["GET", "POST"])
@per_person("CONCERN_LIMIT_PER_PERSON")
def add_step(family_id: int, concern_id: int):
    scope = family_scope(family_id, roles=CASEWORKER)
    concern = _concern_or_404(scope, concern_id)
    if not concern.is_open:
        flash(_("This concern is closed. Open it again to add a step."), "info")
        return _back(concern)
    form = StepForm(scope.family.time_zone)
    if form.validate_on_submit():
        try:
            services.add_step(scope, concern, StepKind(form.kind.data), form.happened_on.data,
                              form.note.data, form.note_for_family)
        except services.Closed:
            flash(_("This concern is closed. Open it again to add a step."), "info")
        else:
            flash(_("The step is saved."), "success")
        return _back(concern)
    return render_template("concerns/step.html", concern=concern, form=form)


@bp.route("/concerns/<int:concern_id>/resolve", methods=["GET", "POST"])
@per_person("CONCERN_LIMIT_PER_PERSON")
def resolve(family_id: int, concern_id: int):
    scope = family_scope(family_id, roles=CASEWORKER)
    concern = _concern_or_404(scope, concern_id)
    form = ResolveForm()
    if concern.is_open and form.validate_on_submit():
        _try(services.resolve, scope, concern, form.resolution.data,
             done=_("Closed. The family can read how it was resolved."))
        return _back(concern)
    if not concern.is_open:
        return _back(concern)
    return render_template("concerns/resolve.html", concern=concern, form=form)


@bp.route("/concerns/<int:concern_id>/reopen", methods=["POST"])
@per_person("CONCERN_LIMIT_PER_PERSON")
def reopen(family_id: int, concern_id: int):
    scope = family_scope(family_id, roles=CASEWORKER)
    concern = _concern_or_404(scope, concern_id)
    if EmptyForm().validate_on_submit():
        _try(services.reopen, scope, concern, done=_("Opened again."))
    else:  # a form kept open too long (its token no longer matches): say so, change nothing
        flash(_("Nothing was changed: this page was open too long. Please try again."),
              "error")
    return _back(concern)


def _try(change, *args, done: str) -> None:
    try:
        change(*args)
    except services.AlreadyDone:
        flash(_("Someone else already acted on this. Here is how things are now."), "info")
    else:
        flash(done, "success")
