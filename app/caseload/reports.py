"""Resolving reports from the review queue: keep the item, hide it, or talk with the family.

All open reports on one item are resolved together by `app.moderation.close_reports`: one
conditional UPDATE (`WHERE resolved_at IS NULL`) with one audit event, so two caseworkers
resolving at once cannot both win. Hiding closes them too, from here or from the item's page.
The reporter learns only that their caseworker looked at it (`looked_at`), never the
outcome, the note kept for staff, or who else reported.
"""

from flask_babel import gettext as _
from sqlalchemy import select

from app import moderation
from app.access import FamilyScope
from app.caseload import queue
from app.caseload.kinds import Kind
from app.extensions import db
from app.models.reports import Report, ReportOutcome
from app.moderation import NotAllowed

NOTE_MAX = 500


def _resolve(scope: FamilyScope, kind: Kind, item, outcome: ReportOutcome, note: str) -> int:
    """Close every open report on the item; the count closed (0: someone else was quicker).
    The caller commits."""
    if not scope.is_caseworker:
        raise NotAllowed("only the family's caseworker resolves reports")
    return moderation.close_reports(item, scope, outcome, note.strip()[:NOTE_MAX])


def _answer_for(closed: int, done: str) -> queue.Answer:
    if not closed:
        db.session.rollback()
        return queue.Answer(_("Someone else already looked at this report."), "info", False)
    db.session.commit()
    return queue.Answer(done, "success", True)


def keep(scope: FamilyScope, kind: Kind, item) -> queue.Answer:
    """The item stays as it is; the reporter is told their caseworker looked at it."""
    return _answer_for(_resolve(scope, kind, item, ReportOutcome.KEPT, ""),
                       _("Kept as it is. The person who reported it is told you looked at it."))


def talk(scope: FamilyScope, kind: Kind, item, note: str) -> queue.Answer:
    """The caseworker will talk with the family; the note is kept for staff only."""
    return _answer_for(_resolve(scope, kind, item, ReportOutcome.TALK, note),
                       _("Saved. Your note is kept for staff only."))


def hide(scope: FamilyScope, kind: Kind, item, reason: str) -> queue.Answer:
    """Hide the item through moderation: its audit event, and its reports closed with it (one
    more event), in one transaction, as when it is hidden from its own page."""
    return queue.hide(scope, kind, item, reason)


def has_open_reports(scope: FamilyScope, kind: Kind, item) -> bool:
    return db.session.scalar(
        select(Report.id).where(Report.family_id == scope.family.id,
                                Report.item_kind == kind.key, Report.item_id == item.id,
                                Report.resolved_at.is_(None)).limit(1)
    ) is not None
