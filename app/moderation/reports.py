"""Reporting any shared item to the caseworker: who may, once per person, and what the
reporter is told afterwards. (Messages keep their own flow in app/messages, which also moves
the thread's version; photos and events use this.)

The reporter only ever learns whether their caseworker looked at it: never the outcome, the
note kept for staff, or who else reported. The caseworker resolves reports in app/caseload.
"""

from sqlalchemy import select

from app.access import FamilyScope
from app.extensions import db
from app.models.audit import record
from app.models.reports import Report
from app.moderation.services import NotAllowed

# What `report_state` answers, for the item's page.
CANNOT, CAN, WAITING, LOOKED_AT = "", "can", "waiting", "looked_at"


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
    mine = my_report(item, scope)
    if mine is not None:
        return WAITING if mine.is_open else LOOKED_AT
    return CAN if may_report(item, scope) else CANNOT


def report(item, scope: FamilyScope, reason: str) -> Report:
    """One report per person and item: a second one (a form sent twice) is refused."""
    if not may_report(item, scope) or my_report(item, scope) is not None:
        raise NotAllowed("this item cannot be reported by this person")
    row = Report(family_id=scope.family.id, item_kind=item.audit_name, item_id=item.id,
                 reporter_id=scope.membership.user_id, reason=reason.strip())
    db.session.add(row)
    db.session.flush()
    record(f"{item.audit_name}.reported", actor=scope.membership.user,
           family_id=scope.family.id, subject=item, report_id=row.id, reason=row.reason)
    db.session.commit()
    return row
