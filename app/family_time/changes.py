"""Routes for changing family time that is already planned: a parent or resource parent asks
to change one time (or a series from that time on), a make-up time for one that did not
happen, and the caseworker moves one time or changes "this and following". Each shows
overlapping family time first ("Save anyway"); the rules live in services."""

from dataclasses import replace

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.access import family_scope
from app.extensions import db
from app.family_time import bp, labels, services
from app.family_time.forms import (
    WHICH_FOLLOWING,
    ChangeForm,
    FamilyTimeForm,
    MakeUpForm,
    MoveForm,
)
from app.family_time.routes import (
    WRITERS,
    _entry,
    _item_or_404,
    _names_of,
    _overlapping,
    _show_url,
)
from app.limits import per_person
from app.models import Role
from app.moderation import NotAllowed

# An occurrence that has not happened yet can be changed; one that did not happen, made up.
MISSED = frozenset({services.Status.CANCELLED, services.Status.PARENT_DID_NOT_COME,
                    services.Status.CHILD_DID_NOT_COME})


def _planned(scope, family_time_id: int):
    """The approved family time and its occurrence (?day=), or 404."""
    item = _item_or_404(scope, family_time_id)
    if not item.is_visible:
        abort(404)
    entry = _entry(scope, item)
    if entry.replaced_by_id is not None:
        abort(404)  # its change is the time to look at now
    return item, entry


def _gives_up(item, day, following: bool):
    """The occurrences a change frees: they do not count as overlapping it."""
    return lambda entry: entry.kind == "family_time" and entry.item_id == item.id and (
        entry.occurrence_date == day or (following and entry.occurrence_date > day))


def _form_page(scope, item, entry, form, overlapping, refusal, **words):
    return render_template(
        "family_time/form.html", form=form, overlapping=overlapping, refusal=refusal,
        item=item, entry=entry, back_url=_show_url(item, entry), names_of=_names_of(scope),
        **labels.words(), **words)


def _try(action):
    """Run a service write: (result, None), or (None, the refusal's words) with nothing kept."""
    try:
        return action(), None
    except services.Refused as refused:
        db.session.rollback()  # the service may have begun an occurrence row: none stays
        return None, refused.message
    except NotAllowed:
        abort(404)


@bp.route("/<int:family_time_id>/change", methods=["GET", "POST"])
@per_person("EVENT_WRITE_LIMIT_PER_PERSON")
def ask_to_change(family_id: int, family_time_id: int):
    scope = family_scope(family_id, roles=services.PROPOSERS)
    item, entry = _planned(scope, family_time_id)
    day = entry.occurrence_date
    form = ChangeForm(scope)
    if not form.is_submitted():
        form.fill_from(item, entry.starts_at, entry.ends_at)
    overlapping, refusal = [], None
    if form.validate_on_submit():
        following = item.is_series and form.which.data == WHICH_FOLLOWING
        details = form.details()
        if following:
            details = replace(details, every_weeks=item.every_weeks,
                              last_date=form.last_date.data or item.last_date)
        overlapping = _overlapping(scope, details, _gives_up(item, day, following))
        if not overlapping or form.save_anyway.data:
            overlapping = []
            change, refusal = _try(lambda: services.ask_to_change(scope, item, details, day))
            if change is not None:
                flash(_("Your request is sent. Your caseworker will answer it."), "success")
                return redirect(url_for("family_time.show", family_id=family_id,
                                        family_time_id=change.id), code=303)
    return _form_page(scope, item, entry, form, overlapping, refusal,
                      heading=_("Ask to change this family time"),
                      lead=_("Your caseworker looks at your request first. Until then the "
                             "time stays as it is."),
                      show_which=item.is_series, show_repeat=False,
                      show_last_date=item.is_series)


@bp.route("/<int:family_time_id>/make-up", methods=["GET", "POST"])
@per_person("EVENT_WRITE_LIMIT_PER_PERSON")
def make_up(family_id: int, family_time_id: int):
    scope = family_scope(family_id, roles=WRITERS)
    item, entry = _planned(scope, family_time_id)
    form = MakeUpForm(scope)
    if not form.is_submitted():
        form.fill_from(item, entry.starts_at, entry.ends_at)
        form.day.data = None  # a new day is the point
    overlapping, refusal = [], None
    if form.validate_on_submit():
        details = form.details()
        overlapping = _overlapping(scope, details)
        if not overlapping or form.save_anyway.data:
            overlapping = []
            new, refusal = _try(lambda: services.make_up(scope, item, entry.occurrence_date,
                                                         details))
            if new is not None:
                if new.is_pending:
                    flash(_("Your request is sent. Your caseworker will answer it."),
                          "success")
                else:
                    flash(_("The make-up time is added. Everyone in the family can see it."),
                          "success")
                return redirect(url_for("family_time.show", family_id=family_id,
                                        family_time_id=new.id), code=303)
    return _form_page(scope, item, entry, form, overlapping, refusal,
                      heading=_("Plan a make-up time"),
                      lead=_("A new time, for the family time that did not happen."),
                      show_repeat=False, show_last_date=False)


@bp.route("/<int:family_time_id>/move", methods=["GET", "POST"])
@per_person("EVENT_WRITE_LIMIT_PER_PERSON")
def move(family_id: int, family_time_id: int):
    scope = family_scope(family_id, roles={Role.CASEWORKER})
    item, entry = _planned(scope, family_time_id)
    form = MoveForm(scope.family.time_zone)
    if not form.is_submitted():
        form.fill_from(entry)
        form.seen.data = services.occurrence_version(item, entry.occurrence_date)
    overlapping, refusal = [], None
    if form.validate_on_submit():
        details = services.FamilyTimeDetails(
            child_ids=[child.id for child in item.children], day=form.day.data,
            start=form.start.data, end=form.end.data)
        overlapping = _overlapping(scope, details,
                                   _gives_up(item, entry.occurrence_date, False))
        if not overlapping or form.save_anyway.data:
            overlapping = []
            _done, refusal = _try(lambda: services.move_occurrence(
                scope, item, entry.occurrence_date, form.day.data, form.start.data,
                form.end.data, seen=form.seen.data))
            if refusal is None:
                flash(_("The time is moved. Everyone in the family can see the new time."),
                      "success")
                return redirect(_show_url(item, entry), code=303)
    return render_template("family_time/move.html", form=form, item=item, entry=entry,
                           overlapping=overlapping, refusal=refusal,
                           back_url=_show_url(item, entry), names_of=_names_of(scope),
                           **labels.words())


@bp.route("/<int:family_time_id>/following", methods=["GET", "POST"])
@per_person("EVENT_WRITE_LIMIT_PER_PERSON")
def change_following(family_id: int, family_time_id: int):
    scope = family_scope(family_id, roles={Role.CASEWORKER})
    item, entry = _planned(scope, family_time_id)
    if not item.is_series:
        abort(404)
    day = entry.occurrence_date
    form = FamilyTimeForm(scope)
    if not form.is_submitted():
        form.fill_from(item, entry.starts_at, entry.ends_at)
    overlapping, refusal = [], None
    if form.validate_on_submit():
        details = form.details()
        overlapping = _overlapping(scope, details, _gives_up(item, day, True))
        if not overlapping or form.save_anyway.data:
            overlapping = []
            new, refusal = _try(lambda: services.change_following(scope, item, day, details))
            if new is not None:
                flash(_("The times from this one on are changed. Everyone in the family can "
                        "see them."), "success")
                return redirect(url_for("family_time.show", family_id=family_id,
                                        family_time_id=new.id), code=303)
    return _form_page(scope, item, entry, form, overlapping, refusal,
                      heading=_("Change this time and the later ones"),
                      lead=_("The times before this one stay as they are."),
                      show_confirm_by=False)
