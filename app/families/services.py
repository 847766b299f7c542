"""Creating families and children, and finding the families a person belongs to."""

from dataclasses import dataclass
from datetime import date
from zoneinfo import available_timezones

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.about import services as about
from app.access import FamilyScope
from app.events import services as events
from app.extensions import db
from app.labels import by_role
from app.members.services import lift_due_suspensions
from app.models import Child, Family, Membership, MembershipStatus, Role, User
from app.models.audit import record
from app.photos import services as photos

# Offered first: where most families using Hearth live. Every IANA zone is still accepted.
COMMON_TIME_ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
]


def all_time_zones() -> list[str]:
    rest = sorted(tz for tz in available_timezones() if "/" in tz and tz not in COMMON_TIME_ZONES)
    return COMMON_TIME_ZONES + rest


def create_family(
    *, actor: User, name: str, time_zone: str, child_name: str, child_birth_date: date | None
) -> Family:
    """The caseworker who creates a family is its caseworker, active from the start."""
    family = Family(name=name.strip(), time_zone=time_zone, created_by_id=actor.id)
    family.children.append(Child(name=child_name.strip(), birth_date=child_birth_date))
    db.session.add(family)
    db.session.flush()
    membership = Membership(
        user_id=actor.id,
        family_id=family.id,
        role=Role.CASEWORKER,
        status=MembershipStatus.ACTIVE,
        relationship_label="",
        approved_by_id=actor.id,
    )
    db.session.add(membership)
    record("family.created", actor=actor, family_id=family.id, subject=family)
    db.session.commit()
    return family


def add_child(family: Family, actor: User, name: str, birth_date: date | None) -> Child:
    child = Child(family_id=family.id, name=name.strip(), birth_date=birth_date)
    db.session.add(child)
    db.session.flush()
    record("child.added", actor=actor, family_id=family.id, subject=child)
    db.session.commit()
    return child


def memberships_of(user: User) -> list[Membership]:
    """All of a person's memberships, with their families, for the home page and chooser."""
    memberships = db.session.scalars(
        select(Membership)
        .where(Membership.user_id == user.id)
        .options(selectinload(Membership.family))
        .order_by(Membership.created_at)
    )
    return lift_due_suspensions(list(memberships))


def active_members(family_id: int) -> list[Membership]:
    members = db.session.scalars(
        select(Membership)
        .where(Membership.family_id == family_id, Membership.in_effect())
        .options(selectinload(Membership.user))
        .order_by(Membership.created_at)
    )
    return by_role(list(members))


def waiting_count(family_id: int) -> int:
    """How many people wait for the caseworker to confirm who they are."""
    return db.session.scalar(
        select(func.count(Membership.id)).where(
            Membership.family_id == family_id, Membership.status == MembershipStatus.PENDING
        )
    )


@dataclass(frozen=True)
class FamilyHome:
    """What the family home shows: each area's "new since you last looked" part, by name.

    Each area's service answers in a fixed number of queries and its partial
    (templates/<area>/_home_section.html) reads `home.<area>` and shows nothing when it is
    falsy, so the home never shows an empty box.
    """

    about: about.AboutHome
    photos: photos.HomeSection
    events: events.HomeSection
    may_write: bool

    @property
    def areas(self) -> list:
        return [self.photos, self.about, self.events]

    @property
    def anything_new(self) -> bool:
        return any(self.areas)

    @property
    def first_time(self) -> bool:
        """Nothing at all is shared with this person yet: say what they can do first."""
        return not any(getattr(area, "shared_any", bool(area)) for area in self.areas)


def family_home(scope: FamilyScope) -> FamilyHome:
    return FamilyHome(
        about=about.home_section(scope),
        photos=photos.home_section(scope),
        events=events.home_section(scope),
        may_write=about.may_write(scope),
    )
