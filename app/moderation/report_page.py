"""The page where a member reports a shared item to the caseworker: the same steps for every
kind that reports from a page of its own (photos, events, "about me", family time). Messages
report in place in the thread (htmx), so they keep their own view over the same service.

Who may report, once per person, and a hide while the form was open are decided in
`app.moderation.reports`; this only turns its answers into what the person sees.
"""

from flask import abort, flash, redirect, render_template
from flask_babel import lazy_gettext as _l

from app.access import FamilyScope
from app.moderation import reports
from app.moderation.forms import ReportForm
from app.moderation.services import NotAllowed

THANKS = _l("Thank you. Your caseworker will look at it.")


def report_page(item, scope: FamilyScope, /, *, template: str, back_url: str, gone_url: str,
                **context):
    """GET: the form. POST: the report, saved once; back to the item's page (`back_url`), or,
    when it was hidden meanwhile, to where its page was listed (`gone_url`).

    403 for someone who may see the item but not report it (its author, the caseworker, or a
    member reading a placeholder): the item is no secret to them, the action is (docs/security.md,
    "Refusals"). The caller has already answered 404 for an item they may not see.
    """
    if reports.my_report(item, scope) is not None:  # a second tap, or the form sent twice
        flash(reports.ALREADY, "info")
        return redirect(back_url, code=303)
    if not reports.may_report(item, scope):
        abort(403)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            reports.report(item, scope, form.reason.data)
        except reports.AlreadyReported:  # the other tap got there first
            flash(reports.ALREADY, "info")
            return redirect(back_url, code=303)
        except NotAllowed:  # hidden while the form was open: its page is gone too
            flash(reports.NO_LONGER_SHARED, "info")
            return redirect(gone_url, code=303)
        flash(THANKS, "success")
        return redirect(back_url, code=303)
    return render_template(template, form=form, back_url=back_url, **context)
