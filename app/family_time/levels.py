"""Each parent's family-time level, stepped up as a case moves toward reunification.

The level is the newest `FamilyTimeLevel` row of the membership (none yet: supervised).
Only the family's caseworker sets it, with a reason; every step is audited, and the parent
sees the history as progress, in their own words.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.access import FamilyScope
from app.extensions import db
from app.models import (
    FamilyTimeLevel,
    Level,
    Membership,
    MembershipStatus,
    Role,
    Supervision,
    User,
)
from app.models.audit import record
from app.moderation import NotAllowed

DEFAULT_LEVEL = Level.SUPERVISED

LEVEL_NAMES = {
    Level.SUPERVISED: _l("With a supervisor"),
    Level.MONITORED: _l("Checked in on"),
    Level.UNSUPERVISED: _l("Without a supervisor"),
    Level.OVERNIGHT: _l("Overnight"),
    Level.TRIAL_HOME_VISIT: _l("Trial home visit"),
}

# What a step means, said to the parent: progress, not a verdict.
LEVEL_WORDS = {
    Level.SUPERVISED: _l("Your family time has a supervisor with you."),
    Level.MONITORED: _l("Your family time is now checked in on, without a supervisor in "
                        "the room the whole time."),
    Level.UNSUPERVISED: _l("Your family time is now without a supervisor."),
    Level.OVERNIGHT: _l("Your children can now stay with you overnight."),
    Level.TRIAL_HOME_VISIT: _l("Your children are now home with you for a trial home visit."),
}

SUPERVISION_NAMES = {
    Supervision.SUPERVISED: _l("With a supervisor"),
    Supervision.MONITORED: _l("Checked in on"),
    Supervision.UNSUPERVISED: _l("Without a supervisor"),
}

# The lowest level at which a parent may be part of family time with this supervision.
NEEDS_LEVEL = {
    Supervision.SUPERVISED: Level.SUPERVISED,
    Supervision.MONITORED: Level.MONITORED,
    Supervision.UNSUPERVISED: Level.UNSUPERVISED,
}


@dataclass(frozen=True)
class LevelStep:
    level: Level
    reason: str
    set_by: str
    set_at: object

    @property
    def name(self):
        return LEVEL_NAMES[self.level]

    @property
    def words(self):
        return LEVEL_WORDS[self.level]


def levels_of(membership_ids) -> dict[int, Level]:
    """Each membership's current level, in one query (no row yet: supervised)."""
    ids = list(membership_ids)
    if not ids:
        return {}
    newest = (select(func.max(FamilyTimeLevel.id))
              .where(FamilyTimeLevel.membership_id.in_(ids))
              .group_by(FamilyTimeLevel.membership_id))
    found = dict(db.session.execute(
        select(FamilyTimeLevel.membership_id, FamilyTimeLevel.level)
        .where(FamilyTimeLevel.id.in_(newest))
    ).all())
    return {membership_id: found.get(membership_id, DEFAULT_LEVEL) for membership_id in ids}


def level_of(membership: Membership) -> Level:
    return levels_of([membership.id])[membership.id]


def _parent_membership(scope: FamilyScope, membership_id: int) -> Membership:
    membership = db.session.scalar(select(Membership).where(
        Membership.id == membership_id, Membership.family_id == scope.family.id,
        Membership.role == Role.PARENT,
        Membership.status.in_([MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED]),
    ))
    if membership is None:
        raise NotAllowed("not a parent of this family")
    return membership


def set_level(scope: FamilyScope, membership_id: int, level: Level, reason: str) -> FamilyTimeLevel:
    """The caseworker approves a parent for a level; the reason is kept and the parent sees it."""
    if not scope.is_caseworker:
        raise NotAllowed("only the family's caseworker sets family-time levels")
    membership = _parent_membership(scope, membership_id)
    before = level_of(membership)
    step = FamilyTimeLevel(family_id=scope.family.id, membership_id=membership.id, level=level,
                           reason=reason.strip(), set_by_id=scope.membership.user_id)
    db.session.add(step)
    db.session.flush()
    record("family_time.level_set", actor=scope.membership.user, family_id=scope.family.id,
           subject=membership, before=before.value, after=level.value, reason=step.reason)
    db.session.commit()
    return step


def _steps(scope: FamilyScope, membership_ids) -> dict[int, list[LevelStep]]:
    """The steps of these memberships, newest first, in one query."""
    steps: dict[int, list[LevelStep]] = {membership_id: [] for membership_id in membership_ids}
    if not steps:
        return steps
    rows = db.session.execute(
        select(FamilyTimeLevel, User)
        .join(User, User.id == FamilyTimeLevel.set_by_id)
        .where(FamilyTimeLevel.membership_id.in_(list(steps)),
               FamilyTimeLevel.family_id == scope.family.id)
        .order_by(FamilyTimeLevel.id.desc())
    ).all()
    for row, user in rows:
        steps[row.membership_id].append(LevelStep(level=row.level, reason=row.reason,
                                                  set_by=user.name, set_at=row.set_at))
    return steps


def level_history(scope: FamilyScope, membership_id: int) -> list[LevelStep]:
    """A parent's steps, newest first, with the reasons: for the parent themself and the
    caseworker only (the family sees the supervision of each family time, not why)."""
    membership = _parent_membership(scope, membership_id)
    if not scope.is_caseworker and membership.id != scope.membership.id:
        raise NotAllowed("a parent's level history is theirs and the caseworker's")
    return _steps(scope, [membership.id])[membership.id]


# Who reads each parent's current level (not the reasons): those who plan family time with
# them, the caseworker and the resource parent (who hosts it; the form already names a
# parent's level when it refuses a time). A parent's progress is theirs: a parent reads only
# their own (two parents may be apart), and a parent partner reads none, since they mentor
# a parent without planning their family time; the parent can tell them if they wish.
READS_ALL_LEVELS = frozenset({Role.CASEWORKER, Role.RESOURCE_PARENT})


def reads_all_levels(scope: FamilyScope) -> bool:
    return scope.membership.role in READS_ALL_LEVELS


@dataclass(frozen=True)
class ParentLevel:
    membership: Membership
    level: Level
    history: list[LevelStep]  # for the caseworker only; empty for everyone else

    @property
    def name(self):
        return LEVEL_NAMES[self.level]


def family_levels(scope: FamilyScope) -> list[ParentLevel]:
    """Each parent of the family with their level (three queries, whatever their number).
    The caseworker also gets each history and sees paused parents, whose level they may set."""
    if not reads_all_levels(scope):
        raise NotAllowed("a parent reads only their own level; a parent partner none")
    statuses = [MembershipStatus.ACTIVE]
    if scope.is_caseworker:
        statuses.append(MembershipStatus.SUSPENDED)
    parents = db.session.scalars(
        select(Membership).where(Membership.family_id == scope.family.id,
                                 Membership.role == Role.PARENT,
                                 Membership.status.in_(statuses))
        .options(selectinload(Membership.user)).order_by(Membership.id)
    ).all()
    levels = levels_of(m.id for m in parents)
    history = _steps(scope, levels) if scope.is_caseworker else {}
    return [ParentLevel(membership=m, level=levels[m.id], history=history.get(m.id, []))
            for m in parents]


def my_level(scope: FamilyScope) -> ParentLevel:
    """The reader's own level and history, for a parent's "My family time" page."""
    membership = _parent_membership(scope, scope.membership.id)
    return ParentLevel(membership=membership, level=level_of(membership),
                       history=level_history(scope, membership.id))
