"""Routes for the family-time record for court: the page (plain words, a table, print-ready)
and the same rows as a CSV file. Every active member reads it; the caseworker brings it to
court. Each CSV downloaded is written to the family record (see `court_record.py`); the page
once per person, range and day, so changing the dates or reloading does not bury the record
under identical lines."""

from flask import Response, redirect, render_template, request, session, url_for

from app.access import family_scope
from app.family_time import bp, labels
from app.family_time.court_csv import court_csv, filename
from app.family_time.court_record import (
    court_record,
    default_range,
    private_columns,
    rows,
    summary,
)
from app.family_time.forms import RecordRangeForm
from app.i18n import today_in


def _range_form(scope) -> tuple[RecordRangeForm, bool]:
    """The form, and whether the dates asked for (if any) are good."""
    form = RecordRangeForm(request.args, default_range(scope))
    return form, form.validate() if request.args else True


# The session remembers the last few ranges looked at; the cookie stays small.
VIEWS_REMEMBERED = 20


def _first_look_today(scope, first, last) -> bool:
    """Whether this person has not opened this family's record for these dates today (in
    this session); remembers it. A new session or a new day writes the view again."""
    today = today_in(scope.family.time_zone)
    key = f"{scope.family.id}:{first.isoformat()}:{last.isoformat()}:{today.isoformat()}"
    seen = list(session.get("court_views", []))
    if key in seen:
        return False
    session["court_views"] = [*seen, key][-VIEWS_REMEMBERED:]
    return True


@bp.route("/record")
def court_page(family_id: int):
    scope = family_scope(family_id)
    form, _good = _range_form(scope)  # wrong dates: the message, and the default range
    audited = "viewed" if _first_look_today(scope, form.first, form.last) else ""
    court = court_record(scope, form.first, form.last, audited_as=audited)
    table = rows(scope, court)
    with_supervision, with_notes = private_columns(scope, table)
    return render_template(
        "family_time/court.html", form=form, court=court, lines=summary(court),
        rows=table, with_supervision=with_supervision, with_notes=with_notes,
        printed_on=today_in(scope.family.time_zone),
        csv_args={"start": court.first.isoformat(), "end": court.last.isoformat()},
        **labels.words())


@bp.route("/record.csv")
def court_export(family_id: int):
    scope = family_scope(family_id)
    form, good = _range_form(scope)
    if not good:  # a file cannot show why: the page says it, beside the dates
        return redirect(url_for("family_time.court_page", family_id=family_id,
                                **request.args.to_dict()), code=303)
    court = court_record(scope, form.first, form.last, audited_as="exported")
    response = Response(court_csv(scope, court), mimetype="text/csv")
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(court)}"'
    # A record of a family's life: no shared cache keeps it.
    response.headers["Cache-Control"] = "private, no-store"
    return response
