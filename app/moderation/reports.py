"""Reporting any shared item to the caseworker: who may, once per person, and what the
reporter is told afterwards. (Messages file theirs with `add` from app/messages, which also
moves the thread's version; photos, events, "about me" and family time use `report`, through
the page in app/moderation/report_page.py.)

Once per person holds under a double tap: a unique index refuses the second row, and the
person is told they already reported it (`AlreadyReported`). An item hidden while the form
was open is refused as no longer shared (`NotAllowed`): hiding closes open reports, so a
report saved after it would stay open on an item nobody can see.

The reporter only ever learns whether their caseworker looked at it: never the outcome, the
note kept for staff, or who else reported. The caseworker resolves reports in app/caseload.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.access import FamilyScope
from app.extensions import db
from app.models.audit import record
from app.models.reports import Report
from app.moderation.services import NotAllowed, may_see

# What `report_state` answers, for the item's page.
CANNOT, CAN, WAITING, LOOKED_AT = "", "can", "waiting", "looked_at"

# What the reporter is told when a report is not saved: calm, and never why it was hidden.
ALREADY = _l("You already told your caseworker about this.")
NO_LONGER_SHARED = _l("This is no longer shared.")


class AlreadyReported(NotAllowed):
    """This person already reported this item (perhaps a moment ago, from a second tap)."""


def may_report(item, scope: FamilyScope) -> bool:
    """Any member but the author and the caseworker (who hides it instead), while it is shared."""
    return (item.family_id == scope.family.id and item.is_visible
            and item.author_id != scope.membership.user_id and not scope.is_caseworker)


def my_report(item, scope: FamilyScope) -> Report | None:
    return db.session.scalar(
        select(Report).where(Report.family_id == scope.family.id,
                             Report.item_kind == item.audit_name, Report.item_id == item.id,
                             Report.reporter_id == scope.membership.user_id)
    )


def report_state(item, scope: FamilyScope) -> str:
    return _state(item, scope, my_report(item, scope))


def report_states(items, scope: FamilyScope) -> dict[int, str]:
    """`report_state` of several items of one kind, in one query (a page that lists them)."""
    items = [item for item in items if item is not None]
    if not items:
        return {}
    mine = {row.item_id: row for row in db.session.scalars(
        select(Report).where(Report.family_id == scope.family.id,
                             Report.item_kind == items[0].audit_name,
                             Report.item_id.in_([item.id for item in items]),
                             Report.reporter_id == scope.membership.user_id))}
    return {item.id: _state(item, scope, mine.get(item.id)) for item in items}


def _state(item, scope: FamilyScope, mine: Report | None) -> str:
    if mine is not None:
        if mine.is_open:
            return WAITING
        return LOOKED_AT if mine.looked_at else CANNOT
    return CAN if may_report(item, scope) else CANNOT


def report(item, scope: FamilyScope, reason: str) -> Report:
    """One report per person and item: a second one (a form sent twice) is refused."""
    row = add(item, scope, reason)
    db.session.commit()
    return row


def add(item, scope: FamilyScope, reason: str) -> Report:
    """Save the report and its audit event; the caller commits (a message also moves its
    thread in the same transaction). Raises `AlreadyReported`, or `NotAllowed` when the item
    is not (or no longer) shared with this person; either way nothing is saved."""
    if my_report(item, scope) is not None:
        raise AlreadyReported("this person already reported this item")
    if not may_report(item, scope) or not _still_shared(item, scope):
        raise NotAllowed("this item cannot be reported by this person")
    row = Report(family_id=scope.family.id, item_kind=item.audit_name, item_id=item.id,
                 reporter_id=scope.membership.user_id, reason=reason.strip())
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:  # the same person's other tap saved theirs first
        db.session.rollback()
        raise AlreadyReported("this person already reported this item") from None
    record(f"{item.audit_name}.reported", actor=scope.membership.user,
           family_id=scope.family.id, subject=item, report_id=row.id, reason=row.reason)
    return row


def _still_shared(item, scope: FamilyScope) -> bool:
    """Read again, locked until this transaction ends (PostgreSQL; SQLite writes one at a
    time anyway): a hide either finished first (refused here) or waits for the report and
    then closes it with the others."""
    model = type(item)
    return db.session.scalar(
        may_see(model, scope, shared_only=True).where(model.id == item.id)
        .with_only_columns(model.id).with_for_update()
    ) is not None
