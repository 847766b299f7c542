"""Routes for the family-time calendar: the agenda (today, this week, later), the month grid,
one time, proposing or creating family time, approving or declining a request, cancelling,
and recording what happened. Rules live in services; these only read forms and show answers."""

from datetime import date, datetime, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from app.access import family_scope
from app.extensions import db
from app.family_time import bp, labels, levels, privacy, services
from app.family_time.forms import CancelForm, FamilyTimeForm, OutcomeForm
from app.family_time.month import first_weekday, month_grid, month_name, weekday_names
from app.family_time.related import related
from app.forms import EmptyForm
from app.htmx import is_htmx_fragment_request, render_page_or_fragment
from app.i18n import today_in
from app.limits import per_person
from app.models import Outcome, Role
from app.models.calendar import MAX_SERIES_DAYS, local_occurrences, local_to_utc
from app.models.types import utcnow
from app.moderation import NotAllowed, reports
from app.moderation.forms import ReasonForm
from app.moderation.report_page import report_page
from app.notifications.reading import read_on_screen

# How far the agenda may be moved from today: enough for a case, not an unbounded crawl.
FURTHEST = timedelta(days=3 * 366)
WRITERS = services.PROPOSERS | {Role.CASEWORKER}


def _day(value: str | None, today: date) -> date | None:
    """A date from the query string, or None when missing, malformed or out of range."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if abs(day - today) <= FURTHEST else None


def _month(value: str | None, today: date) -> date | None:
    """The first day of a month given as "2026-11", or None when missing, malformed or far."""
    try:
        first = datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return None
    return first if abs(first - today) <= FURTHEST else None


def _names_of(scope):
    """child ids → their names, for the templates (the family's children are loaded once)."""
    names = {child.id: child.name for child in scope.family.children}
    return lambda ids: [names[child_id] for child_id in ids if child_id in names]


def _item_or_404(scope, family_time_id: int):
    item = services.load_family_time(scope, family_time_id)
    if item is None:
        abort(404)
    return item


def _entry(scope, item):
    today = today_in(scope.family.time_zone)
    return services.entry_for(scope, item, _day(request.args.get("day"), today))


def _show_url(item, entry) -> str:
    return url_for("family_time.show", family_id=item.family_id, family_time_id=item.id,
                   day=entry.occurrence_date.isoformat())


@bp.route("")
def agenda(family_id: int):
    scope = family_scope(family_id)
    today = today_in(scope.family.time_zone)
    first = _day(request.args.get("from"), today) or today
    view = services.agenda(scope, first, today)
    return render_page_or_fragment(
        "family_time/agenda.html", "family_time/_agenda.html", view=view,
        names_of=_names_of(scope), action_form=EmptyForm(), reason_form=ReasonForm(),
        reads_levels=levels.reads_all_levels(scope), **labels.words(),
    )


@bp.route("/month")
def month(family_id: int):
    """The month grid for wide screens (on a phone it folds into a list of days)."""
    scope = family_scope(family_id)
    today = today_in(scope.family.time_zone)
    first = _month(request.args.get("month"), today) or today.replace(day=1)
    locale = get_locale()
    week_starts = first_weekday(locale.language, scope.family.time_zone)
    view = month_grid(scope, first, today, week_starts)
    return render_page_or_fragment(
        "family_time/month.html", "family_time/_month.html", view=view,
        caption=month_name(locale, view.first), weekdays=weekday_names(locale, week_starts),
        names_of=_names_of(scope), reads_levels=levels.reads_all_levels(scope),
        **labels.words(),
    )


def _show_context(scope, item, entry, **more) -> dict:
    row = item.exception(entry.occurrence_date) if entry.occurrence_date else None
    return dict(item=item, entry=entry, row=row, names_of=_names_of(scope),
                action_form=EmptyForm(), reason_form=ReasonForm(),
                may_record=services.may_record(scope, item),
                may_cancel=privacy.may_cancel(scope, item),
                may_make_up=scope.membership.role in WRITERS,
                may_ask_change=scope.membership.role in services.PROPOSERS,
                sees_supervisor=privacy.sees_supervisor(scope, item),
                sees_notes=privacy.sees_notes(scope, item),
                has_started=entry.starts_at <= utcnow(), **labels.words(), **more)


@bp.route("/<int:family_time_id>")
def show(family_id: int, family_time_id: int):
    scope = family_scope(family_id)
    services.expire_overdue(scope.family.id)  # a request past its date says so at once
    item = _item_or_404(scope, family_time_id)
    entry = _entry(scope, item)
    linked = related(scope, item, entry.occurrence_date, entry.replaced_by_id)
    read_on_screen(scope, "family_time", [item.id])
    return render_template("family_time/show.html",
                           **_show_context(scope, item, entry, related=linked,
                                           report_state=reports.report_state(item, scope)))


@bp.route("/<int:family_time_id>/report", methods=["GET", "POST"])
def report(family_id: int, family_time_id: int):
    """A member tells the caseworker a planned family time worries them (once each)."""
    scope = family_scope(family_id)
    item = _item_or_404(scope, family_time_id)
    entry = _entry(scope, item)
    return report_page(item, scope, template="family_time/report.html", item=item,
                       entry=entry, heading=_("Report a family time"),
                       back_url=_show_url(item, entry),
                       gone_url=url_for("family_time.agenda", family_id=family_id),
                       names_of=_names_of(scope), **labels.words())


# --- proposing (parents, resource parents) and creating (the caseworker) ------------------

def _overlapping(scope, details, skip=None):
    """Family time of the same children at any of the new occurrences, to show first.
    `skip(entry)` leaves out what the change itself gives up (the time being moved)."""
    zone = scope.family.time_zone
    last = details.last_date or details.day
    if (last - details.day).days > MAX_SERIES_DAYS:
        return []  # the forms refuse it first; the service says why if one ever gets here
    days = local_occurrences(details.day, last, details.every_weeks)
    spans = []
    for day in days:
        start = local_to_utc(day, details.start, zone)
        end_day = day + timedelta(days=1) if details.end <= details.start else day
        spans.append((start, local_to_utc(end_day, details.end, zone)))
    found = services.overlaps(scope, spans[0][0], spans[-1][1], details.child_ids)
    return [entry for entry in found
            if any(entry.starts_at < end and entry.ends_at > start for start, end in spans)
            and not (skip and skip(entry))]


@bp.route("/new", methods=["GET", "POST"])
@per_person("EVENT_WRITE_LIMIT_PER_PERSON")
def create(family_id: int):
    scope = family_scope(family_id, roles=WRITERS)
    form = FamilyTimeForm(scope)
    if request.method == "GET":
        if len(scope.family.children) == 1:
            form.children.data = [scope.family.children[0].id]
        if scope.membership.role is Role.PARENT:
            form.parents.data = [scope.membership.id]
        elif scope.membership.role is Role.RESOURCE_PARENT:
            form.host.data = str(scope.membership.id)
    overlapping, refusal = [], None
    if form.validate_on_submit():
        details = form.details()
        overlapping = _overlapping(scope, details)
        if not overlapping or form.save_anyway.data:
            try:
                item = services.create_family_time(scope, details)
            except services.Refused as refused:
                refusal, overlapping = refused.message, []
            else:
                if item.is_pending:
                    flash(_("Your request is sent. Your caseworker will answer it."), "success")
                else:
                    flash(_("The family time is added. Everyone in the family can see it."),
                          "success")
                return redirect(url_for("family_time.show", family_id=family_id,
                                        family_time_id=item.id), code=303)
    return render_template("family_time/form.html", form=form, overlapping=overlapping,
                           refusal=refusal, names_of=_names_of(scope), **labels.words())


# --- approve and decline, in place with htmx, or as pages -------------------------------

def _answered(scope, item, message: str, category: str):
    """htmx: the review block again, with the message; otherwise back to the page."""
    entry = _entry(scope, item)
    if is_htmx_fragment_request():
        return render_template("family_time/_review.html", **_show_context(
            scope, item, entry, message=message, message_category=category))
    flash(message, category)
    return redirect(_show_url(item, entry), code=303)


def _caseworker_item(family_id: int, family_time_id: int):
    scope = family_scope(family_id)
    item = _item_or_404(scope, family_time_id)
    if not scope.is_caseworker:
        abort(403)
    return scope, item


@bp.route("/<int:family_time_id>/approve", methods=["POST"])
def approve(family_id: int, family_time_id: int):
    scope, item = _caseworker_item(family_id, family_time_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.approve(scope, item)
    except services.Refused as refused:
        return _answered(scope, item, str(refused.message), "error")
    except NotAllowed:
        return _answered(scope, item, _("This request has changed. Here is how it is now."),
                         "info")
    return _answered(scope, item, _("Approved. Everyone in the family can see it now."),
                     "success")


@bp.route("/<int:family_time_id>/decline", methods=["GET", "POST"])
def decline(family_id: int, family_time_id: int):
    scope, item = _caseworker_item(family_id, family_time_id)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            services.decline(scope, item, form.reason.data)
        except services.Refused as refused:
            return _answered(scope, item, str(refused.message), "error")
        except NotAllowed:
            return _answered(scope, item,
                             _("This request has changed. Here is how it is now."), "info")
        return _answered(scope, item, _("Not approved. The person who asked can read your "
                                        "reason."), "success")
    if request.method == "POST" and is_htmx_fragment_request():
        return _answered(scope, item, _("Please say why, in a few calm words. The person who "
                                        "asked sees it."), "error")
    entry = _entry(scope, item)
    return render_template("family_time/reason.html", form=form, item=item,
                           entry=entry, back_url=_show_url(item, entry),
                           heading=_("Do not approve this family time"),
                           names_of=_names_of(scope), **labels.words())


# --- cancel, and what happened ----------------------------------------------------------

@bp.route("/<int:family_time_id>/cancel", methods=["GET", "POST"])
@per_person("EVENT_WRITE_LIMIT_PER_PERSON")
def cancel(family_id: int, family_time_id: int):
    scope = family_scope(family_id)
    item = _item_or_404(scope, family_time_id)
    entry = _entry(scope, item)
    form = CancelForm()
    if not form.is_submitted():
        form.seen.data = services.occurrence_version(item, entry.occurrence_date)
    refusal = None
    if not privacy.may_cancel(scope, item):
        # Someone not in this family time (a parent partner, the other parent): said calmly,
        # no form; the service refuses it too, whoever calls.
        return render_template("family_time/cancel.html", form=None, item=item, entry=entry,
                               refusal=services.NOT_YOURS_TO_CANCEL,
                               back_url=_show_url(item, entry), names_of=_names_of(scope),
                               **labels.words()), 403
    if form.validate_on_submit():
        try:
            services.cancel(scope, item, form.reason.data, entry.occurrence_date,
                            seen=form.seen.data)
        except services.Refused as refused:
            db.session.rollback()  # the service may have begun an occurrence row: none stays
            refusal = refused.message
        except NotAllowed:
            abort(404)
        else:
            flash(_("The family time is cancelled. Everyone in the family can see why."),
                  "success")
            return redirect(_show_url(item, entry), code=303)
    return render_template("family_time/cancel.html", form=form, item=item, entry=entry,
                           refusal=refusal, back_url=_show_url(item, entry),
                           names_of=_names_of(scope), **labels.words())


@bp.route("/<int:family_time_id>/outcome", methods=["GET", "POST"])
@per_person("EVENT_WRITE_LIMIT_PER_PERSON")
def outcome(family_id: int, family_time_id: int):
    scope = family_scope(family_id)
    item = _item_or_404(scope, family_time_id)
    if not services.may_record(scope, item):
        abort(403)
    entry = _entry(scope, item)
    form = OutcomeForm()
    if not form.is_submitted():
        form.seen.data = services.occurrence_version(item, entry.occurrence_date)
    refusal = None
    if form.validate_on_submit():
        try:
            services.record_outcome(scope, item, entry.occurrence_date,
                                    Outcome(form.outcome.data), note=form.note.data or "",
                                    seen=form.seen.data)
        except services.Refused as refused:
            db.session.rollback()  # the service may have begun an occurrence row: none stays
            refusal = refused.message
        except NotAllowed:
            abort(404)
        else:
            flash(_("Thank you. What happened is saved."), "success")
            return redirect(_show_url(item, entry), code=303)
    return render_template("family_time/outcome.html", form=form, item=item, entry=entry,
                           refusal=refusal, back_url=_show_url(item, entry),
                           names_of=_names_of(scope), **labels.words())
