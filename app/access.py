"""The family-scope helper: the one door through which a request reaches a family's data.

A view calls `family_scope(family_id)` first. It finds the family through the signed-in
person's *active* membership and answers 404 otherwise, so nobody outside learns that the
family exists. An admin may open any family; each page they open is recorded. Rows a family
owns are then read with `family_rows` / `family_row_or_404`, which filter by the scope's
family id, never by an id taken from a form.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from flask import abort, current_app, g, request
from flask_login import current_user
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.htmx import is_htmx_fragment_request
from app.models import Family, Membership, MembershipStatus, Role, User
from app.models.audit import record
from app.models.families import lift_pause_if_over
from app.security_events import log_security_event


@dataclass(frozen=True)
class AdminSeat:
    """What an admin who is not a member holds in a family they open (DESIGN.md: admins see
    every family, each view audited). They act as its caseworker would, under their own name.

    Not a membership row: nothing is stored for it, and it has no id, so per-membership
    markers ("new since you last looked") are not kept for it.
    """

    user: User
    family: Family
    id = None
    role = Role.CASEWORKER
    status = MembershipStatus.ACTIVE
    is_kin = False
    relationship_label = ""

    @property
    def user_id(self) -> int:
        return self.user.id

    @property
    def family_id(self) -> int:
        return self.family.id


@dataclass(frozen=True)
class FamilyScope:
    family: Family
    membership: Membership | AdminSeat

    @property
    def is_caseworker(self) -> bool:
        return self.membership.role is Role.CASEWORKER

    @property
    def is_admin_view(self) -> bool:
        return isinstance(self.membership, AdminSeat)

    def key(self) -> "ScopeKey":
        """The scope as plain ids, for work that outlives the request's database session."""
        return ScopeKey(family_id=self.family.id, user_id=self.membership.user_id,
                        membership_id=self.membership.id)


@dataclass(frozen=True)
class ScopeKey:
    """Who reads which family, without rows. A streamed body is read after the view returned:
    by then the request's session is closed and its rows are detached (their attributes,
    expired by the view's commit, cannot load). The body reloads the scope from this."""

    family_id: int
    user_id: int
    membership_id: int | None  # None: an admin's seat


def reload_scope(key: ScopeKey) -> FamilyScope:
    """The scope again, read in the current session, from ids the view checked already."""
    family = db.session.get(Family, key.family_id)
    if key.membership_id is None:
        seat = AdminSeat(user=db.session.get(User, key.user_id), family=family)
        return FamilyScope(family=family, membership=seat)
    return FamilyScope(family=family, membership=db.session.get(Membership, key.membership_id))


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
    if membership is not None and lift_pause_if_over(membership):
        db.session.commit()
    if membership is None or membership.status is not MembershipStatus.ACTIVE:
        if not current_user.is_admin:
            _refuse(404, family_id)
        membership = _admin_seat(family_id)
    if isinstance(membership, AdminSeat) and not _admin_may(request.method, request.endpoint):
        _refuse(403, family_id)
    if roles is not None and membership.role not in set(roles):
        # They belong to the family, so its existence is no secret; the action is.
        _refuse(403, family_id)
    scope = FamilyScope(family=membership.family, membership=membership)
    g.family = membership.family
    g.family_scope = scope
    return scope


# What an admin who is not a member may change in a family: moderation (in place, or from the
# caseload queue), how sharing is reviewed, and the export (issue 17: "only the family's own
# caseworker (or an admin) can moderate"). Everything else that changes a family (people,
# levels, messages, family time) is for its own caseworker and members; an admin reassigns
# the caseworker from /admin. Asking for a translation is a POST that changes nothing of the
# family (it reads, and keeps the machine's words beside the original).
ADMIN_ENDPOINTS = frozenset(
    {f"{kind}.{action}" for kind in ("messages", "photos", "events", "about", "family_time")
     for action in ("approve", "decline", "hide")}
    | {"review_level.change", "export.index", "machine_translation.show"})


def _admin_may(method: str, endpoint: str | None) -> bool:
    if method in ("GET", "HEAD", "OPTIONS"):
        return True
    return endpoint in ADMIN_ENDPOINTS or (endpoint or "").startswith("caseload.")


def part_of_a_page(view):
    """Mark a view whose answer a page embeds (a photo's image in the gallery or on its page).

    An admin's view of it is the page's, already recorded: a gallery of 24 thumbnails is one
    look at the family, not 25 lines in its record.
    """
    view.is_part_of_a_page = True
    return view


def _is_part_of_a_page() -> bool:
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "is_part_of_a_page", False)


def _admin_seat(family_id: int) -> AdminSeat:
    """An admin opens a family they are not an active member of: allowed, and recorded."""
    family = db.session.get(Family, family_id)
    if family is None:
        _refuse(404, family_id)
    seat = AdminSeat(user=current_user._get_current_object(), family=family)
    # Once per page they open. A view may call family_scope more than once, and the htmx
    # pieces, polls and images of a page already recorded are not new views.
    if (not g.get("admin_view_recorded") and request.method == "GET"
            and not is_htmx_fragment_request() and not _is_part_of_a_page()):
        record("family.viewed_by_admin", actor=seat.user, family_id=family.id, subject=family,
               page=request.endpoint or "")
        db.session.commit()
        g.admin_view_recorded = True
    return seat


def _refuse(code: int, family_id: int):
    """Stop the request; a watcher sees who asked for which family (probing shows up here)."""
    log_security_event("access.refused", family_id=family_id, status=code)
    g.refusal_logged = True  # app/errors.py logs other refusals; not this one twice
    abort(code)


def init_app(app) -> None:
    @app.context_processor
    def family_context():
        """Family pages get `family` and `scope` in every template, for the header and nav."""
        scope = g.get("family_scope")
        return {"scope": scope, "family": scope.family} if scope else {}


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
