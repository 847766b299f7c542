"""The rules of concerns: who raises them, who reads them, and how a caseworker works one through.

Who reads a concern:
- the family's caseworker: every concern of the family, with every note;
- the person who raised it: their own, with the notes written for the family;
- the family's other parents and resource parents: only concerns raised as shared.
Parent partners neither raise nor read concerns: a concern is between the two sides of the
family and the caseworker, and a partner supports a parent without being one of the sides
(DESIGN.md: they read the shared space and post messages).

Each write is one transaction with one audit event. Resolving and reopening are conditional
UPDATEs, so two caseworkers pressing the button together close (or reopen) a concern once;
adding a step is conditional on the concern still being open, so none lands on a closed one.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, false, func, or_, select, update
from sqlalchemy.orm import selectinload

from app.access import FamilyScope, family_rows
from app.concerns.labels import step_sentence
from app.extensions import db
from app.i18n import today_in
from app.models import Concern, ConcernStatus, ConcernStep, Role, StepKind
from app.models.audit import record
from app.models.types import utcnow

RAISERS = frozenset({Role.PARENT, Role.RESOURCE_PARENT})
READERS = RAISERS | {Role.CASEWORKER}


class AlreadyDone(Exception):
    """Someone else closed or reopened the concern a moment ago; nothing was changed."""


class Closed(Exception):
    """Steps are recorded on open concerns; reopen it first."""


def may_raise(scope: FamilyScope) -> bool:
    return scope.membership.role in RAISERS


def visible(scope: FamilyScope):
    """A SELECT of the concerns this reader may see (see the module docstring)."""
    query = family_rows(Concern, scope)
    if scope.is_caseworker:
        return query
    if scope.membership.role not in RAISERS:
        return query.where(false())
    return query.where(or_(Concern.raised_by_id == scope.membership.user_id,
                           Concern.shared.is_(True)))


def concerns_of(scope: FamilyScope) -> list[Concern]:
    """Open ones first, newest first; with who raised each, in two queries."""
    return list(db.session.scalars(
        visible(scope)
        .options(selectinload(Concern.raised_by))
        .order_by(case((Concern.status == ConcernStatus.OPEN, 0), else_=1),
                  Concern.created_at.desc(), Concern.id.desc())
    ))


def concern_or_none(scope: FamilyScope, concern_id: int) -> Concern | None:
    return db.session.scalar(visible(scope).where(Concern.id == concern_id))


def raise_concern(scope: FamilyScope, what_happened: str, what_would_help: str,
                  shared: bool) -> Concern:
    concern = Concern(
        family_id=scope.family.id, raised_by_id=scope.membership.user_id,
        what_happened=what_happened.strip(), what_would_help=(what_would_help or "").strip(),
        shared=shared,
    )
    db.session.add(concern)
    db.session.flush()
    record("concern.raised", actor=scope.membership.user, family_id=scope.family.id,
           subject=concern, shared=shared)
    db.session.commit()
    return concern


def add_step(scope: FamilyScope, concern: Concern, kind: StepKind, happened_on: date,
             note: str, note_for_family: bool) -> ConcernStep:
    """A caseworker records what they did; the person who raised it reads the sentence.

    `concern.is_open` was read earlier and may be stale: someone may have closed it since.
    So the step is written only after a conditional UPDATE of the concern row that finds it
    still open. It changes no value, but it locks the row until this transaction ends, so a
    resolve that comes at the same moment waits and lands after the step (or, if it came
    first, this finds no open row and adds nothing).
    """
    still_open = db.session.execute(
        update(Concern)
        .where(Concern.id == concern.id, Concern.family_id == scope.family.id,
               Concern.status == ConcernStatus.OPEN)
        .values(status=Concern.status)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if not still_open:
        db.session.rollback()
        raise Closed
    step = ConcernStep(
        concern_id=concern.id, family_id=scope.family.id, kind=kind, happened_on=happened_on,
        note=note.strip(), note_for_family=note_for_family, author_id=scope.membership.user_id,
    )
    db.session.add(step)
    db.session.flush()
    record("concern.step_added", actor=scope.membership.user, family_id=scope.family.id,
           subject=concern, step_id=step.id, kind=kind.value, note_for_family=note_for_family)
    db.session.commit()
    return step


def resolve(scope: FamilyScope, concern: Concern, resolution: str) -> None:
    """Close the concern with words the people who read it will see."""
    resolution = resolution.strip()
    _move(scope, concern, ConcernStatus.OPEN, ConcernStatus.RESOLVED, StepKind.RESOLVED,
          resolution, "concern.resolved",
          values={"resolution": resolution, "resolved_at": utcnow(),
                  "resolved_by_id": scope.membership.user_id})


def reopen(scope: FamilyScope, concern: Concern) -> None:
    """Open it again; the earlier resolution stays in the story as the "closed" step."""
    _move(scope, concern, ConcernStatus.RESOLVED, ConcernStatus.OPEN, StepKind.REOPENED, "",
          "concern.reopened",
          values={"resolution": "", "resolved_at": None, "resolved_by_id": None})


def _move(scope, concern, expected, status, kind, note, action, values) -> None:
    moved = db.session.execute(
        update(Concern)
        .where(Concern.id == concern.id, Concern.family_id == scope.family.id,
               Concern.status == expected)
        .values(status=status, **values)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if not moved:
        db.session.rollback()
        raise AlreadyDone
    step = ConcernStep(
        concern_id=concern.id, family_id=scope.family.id, kind=kind,
        happened_on=today_in(scope.family.time_zone), note=note, note_for_family=True,
        author_id=scope.membership.user_id,
    )
    db.session.add(step)
    db.session.flush()
    record(action, actor=scope.membership.user, family_id=scope.family.id, subject=concern,
           step_id=step.id)
    db.session.commit()
    db.session.refresh(concern)


@dataclass(frozen=True)
class StepView:
    """One line of the story as this reader may read it: a staff note never leaves here."""

    step: ConcernStep
    sentence: str
    note: str
    note_is_staff_only: bool


def story(scope: FamilyScope, concern: Concern) -> list[StepView]:
    steps = db.session.scalars(
        family_rows(ConcernStep, scope)
        .where(ConcernStep.concern_id == concern.id)
        .options(selectinload(ConcernStep.author))
        .order_by(ConcernStep.happened_on, ConcernStep.id)
    )
    views = []
    for step in steps:
        readable = step.note_for_family or scope.is_caseworker
        views.append(StepView(
            step=step, sentence=step_sentence(step.kind, step.happened_on),
            note=step.note if readable else "",
            note_is_staff_only=not step.note_for_family,
        ))
    return views


def open_counts(family_ids) -> dict[int, int]:
    """Open concerns per family, for the caseworker's caseload dashboard: one grouped query.

    Families without an open concern are left out (read with `.get(family_id, 0)`). The
    caller passes only families the person may see (their caseload).
    """
    ids = list(family_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Concern.family_id, func.count(Concern.id))
        .where(Concern.family_id.in_(ids), Concern.status == ConcernStatus.OPEN)
        .group_by(Concern.family_id)
    )
    return dict(rows.all())
