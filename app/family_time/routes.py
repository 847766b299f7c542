"""Routes for the family-time calendar: the agenda (today, this week, later) and one time."""

from datetime import date, timedelta

from flask import abort, render_template, request

from app.access import family_scope
from app.family_time import bp, labels, services
from app.htmx import render_page_or_fragment
from app.i18n import today_in

# How far the agenda may be moved from today: enough for a case, not an unbounded crawl.
FURTHEST = timedelta(days=3 * 366)


def _day(value: str | None, today: date) -> date | None:
    """A date from the query string, or None when missing, malformed or out of range."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if abs(day - today) <= FURTHEST else None


def _names_of(scope):
    """child ids → their names, for the templates (the family's children are loaded once)."""
    names = {child.id: child.name for child in scope.family.children}
    return lambda ids: [names[child_id] for child_id in ids if child_id in names]


@bp.route("")
def agenda(family_id: int):
    scope = family_scope(family_id)
    today = today_in(scope.family.time_zone)
    first = _day(request.args.get("from"), today) or today
    view = services.agenda(scope, first, today)
    return render_page_or_fragment(
        "family_time/agenda.html", "family_time/_agenda.html", view=view,
        names_of=_names_of(scope), **labels.words(),
    )


@bp.route("/<int:family_time_id>")
def show(family_id: int, family_time_id: int):
    scope = family_scope(family_id)
    item = services.load_family_time(scope, family_time_id)
    if item is None:
        abort(404)
    today = today_in(scope.family.time_zone)
    entry = services.entry_for(scope, item, _day(request.args.get("day"), today))
    return render_template("family_time/show.html", item=item, entry=entry,
                           names_of=_names_of(scope), **labels.words())
