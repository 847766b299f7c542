"""The family-scope helper: the one door through which a request reaches a family's data.

A view calls `family_scope(family_id)` first. It finds the family through the signed-in
person's *active* membership and answers 404 otherwise, so nobody outside learns that the
family exists. Rows a family owns are then read with `family_rows` / `family_row_or_404`,
which filter by the scope's family id, never by an id taken from a form.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from flask import abort, g, request
from flask_login import current_user
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import Family, Membership, MembershipStatus, Role
from app.models.audit import record
from app.models.families import lift_pause_if_over
from app.security_events import log_security_event


@dataclass(frozen=True)
class FamilyScope:
    family: Family
    membership: Membership

    @property
    def is_caseworker(self) -> bool:
        return self.membership.role is Role.CASEWORKER


def family_scope(family_id: int, *, roles: Iterable[Role] | None = None) -> FamilyScope:
    """Load the family for the current user, or stop the request with 404 (403 for a role).

    One write can happen here: a pause whose end date has come is lifted (and audited) first,
    so the person gets in on the day it ends.
    """
    if not current_user.is_authenticated:
        _refuse(404, family_id)
    membership = db.session.scalar(
        select(Membership)
        .where(Membership.family_id == family_id, Membership.user_id == current_user.id)
        .options(joinedload(Membership.family))
    )
    if membership is None:
        _refuse(404, family_id)
    if lift_pause_if_over(membership):
        db.session.commit()
    if membership.status is not MembershipStatus.ACTIVE:
        _refuse(404, family_id)
    if roles is not None and membership.role not in set(roles):
        # They belong to the family, so its existence is no secret; the action is.
        _refuse(403, family_id)
    scope = FamilyScope(family=membership.family, membership=membership)
    g.family = membership.family
    g.family_scope = scope
    return scope


def _refuse(code: int, family_id: int):
    """Stop the request; a watcher sees who asked for which family (probing shows up here)."""
    log_security_event("access.refused", family_id=family_id, status=code)
    abort(code)


def init_app(app) -> None:
    @app.context_processor
    def family_context():
        """Family pages get `family` and `scope` in every template, for the header and nav."""
        scope = g.get("family_scope")
        return {"scope": scope, "family": scope.family} if scope else {}


def staff_scope(family_id: int, *, audit_view: bool = True) -> FamilyScope:
    """The family's caseworker, or an admin, reading the family's record (record, export).

    Others get what `family_scope(roles={CASEWORKER})` gives them (404, or 403 for members).
    An admin who is not the family's caseworker reads it as its caseworker would, never as a
    member: the scope holds a stand-in membership that is not in the session, and nothing is
    put on `g.family_scope`, so no page shows them the family's nav or counts them as a reader.
    Each such view writes `family.viewed_by_admin` (`audit_view=False` where the request
    writes its own event naming the admin, such as `family.exported`).
    """
    if not (current_user.is_authenticated and current_user.is_admin):
        return family_scope(family_id, roles={Role.CASEWORKER})
    own = db.session.scalar(
        select(Membership.id).where(
            Membership.family_id == family_id, Membership.user_id == current_user.id,
            Membership.role == Role.CASEWORKER, Membership.status == MembershipStatus.ACTIVE,
        )
    )
    if own is not None:
        return family_scope(family_id, roles={Role.CASEWORKER})
    family = db.session.get(Family, family_id)
    if family is None:
        _refuse(404, family_id)
    g.family = family  # times in the family's zone
    if audit_view:
        record("family.viewed_by_admin", actor=current_user, family_id=family.id,
               subject=family, page=request.endpoint or "")
        db.session.commit()
    stand_in = Membership(user_id=current_user.id, family_id=family.id, role=Role.CASEWORKER,
                          status=MembershipStatus.ACTIVE)
    # Read-only links without events: setting them normally would add the stand-in to the
    # family's (and the admin's) memberships, and so to the database at the next flush.
    set_committed_value(stand_in, "family", family)
    set_committed_value(stand_in, "user", current_user._get_current_object())
    return FamilyScope(family=family, membership=stand_in)


def family_rows(model, scope: FamilyScope) -> Select:
    """A SELECT of `model` limited to the scoped family."""
    return select(model).where(model.family_id == scope.family.id)


def family_row_or_404(model, row_id: int, scope: FamilyScope):
    row = db.session.scalar(family_rows(model, scope).where(model.id == row_id))
    if row is None:
        abort(404)
    return row


def staff_required() -> None:
    """Caseworkers and admins only; others get 404 like any page they cannot see."""
    if not current_user.is_authenticated or not (current_user.is_staff or current_user.is_admin):
        abort(404)


def admin_required() -> None:
    if not current_user.is_authenticated or not current_user.is_admin:
        abort(404)
