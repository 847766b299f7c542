"""What one family-time page says about the times linked to it, read in one query through
`may_see`: the time a change or a make-up is for, the change that took an occurrence's
place, changes still asked for, and make-up times planned for a missed occurrence."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, or_

from app.access import FamilyScope
from app.extensions import db
from app.models import FamilyTime
from app.moderation import may_see, still_open, waiting


@dataclass(frozen=True)
class Related:
    replaces: FamilyTime | None = None  # this item is a change to that one
    replaced_by: FamilyTime | None = None  # an approved change took this occurrence's place
    changes_asked: list[FamilyTime] = field(default_factory=list)  # still waiting
    make_up_for: FamilyTime | None = None  # this item makes up for that one
    made_up_by: list[FamilyTime] = field(default_factory=list)


def related(scope: FamilyScope, item: FamilyTime, day: date | None,
            replaced_by_id: int | None) -> Related:
    """The linked times of `item`'s occurrence on `day` that the reader may see."""
    day = day or item.first_date
    own_ids = [i for i in (item.replaces_id, item.make_up_for_id, replaced_by_id) if i]
    # A request for a series names the occurrence it starts from, and covers the later ones.
    asked_for_day = or_(FamilyTime.replaces_date.is_(None), FamilyTime.replaces_date == day,
                        and_(FamilyTime.replaces_date < day, FamilyTime.every_weeks.isnot(None)))
    rows = db.session.scalars(may_see(FamilyTime, scope).where(or_(
        FamilyTime.id.in_(own_ids),
        and_(FamilyTime.replaces_id == item.id, asked_for_day,
             waiting(FamilyTime), FamilyTime.expired_at.is_(None)),
        and_(FamilyTime.make_up_for_id == item.id, FamilyTime.make_up_for_date == day,
             still_open(FamilyTime)),
    )).order_by(FamilyTime.starts_at, FamilyTime.id)).all()
    by_id = {row.id: row for row in rows}
    return Related(
        replaces=by_id.get(item.replaces_id) if item.replaces_id else None,
        replaced_by=by_id.get(replaced_by_id) if replaced_by_id else None,
        changes_asked=[row for row in rows if row.replaces_id == item.id
                       and row.is_pending and row.id != replaced_by_id],
        make_up_for=by_id.get(item.make_up_for_id) if item.make_up_for_id else None,
        made_up_by=[row for row in rows if row.make_up_for_id == item.id
                    and row.make_up_for_date == day],
    )
