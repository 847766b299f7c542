"""Words for roles and statuses, translated where they are shown."""

from flask_babel import lazy_gettext as _l

from app.models import Membership, MembershipStatus, Role

ROLE_LABELS = {
    Role.PARENT: _l("Parent"),
    Role.RESOURCE_PARENT: _l("Resource parent"),
    Role.PARENT_PARTNER: _l("Parent partner"),
    Role.CASEWORKER: _l("Caseworker"),
}

STATUS_LABELS = {
    MembershipStatus.PENDING: _l("Waiting for approval"),
    MembershipStatus.ACTIVE: _l("Active"),
    MembershipStatus.SUSPENDED: _l("Paused"),
    MembershipStatus.DECLINED: _l("Not approved"),
    MembershipStatus.ENDED: _l("Left the family"),
}

# Order people are listed in: the child's parents first, the agency last.
ROLE_ORDER = [Role.PARENT, Role.RESOURCE_PARENT, Role.PARENT_PARTNER, Role.CASEWORKER]


def role_label(role: Role, is_kin: bool = False):
    if role is Role.RESOURCE_PARENT and is_kin:
        return _l("Kin caregiver")
    return ROLE_LABELS[role]


def membership_role_label(membership: Membership):
    return role_label(membership.role, membership.is_kin)


def by_role(memberships: list[Membership]) -> list[Membership]:
    return sorted(memberships, key=lambda m: ROLE_ORDER.index(m.role))


def init_app(app) -> None:
    app.jinja_env.globals.update(
        role_label=role_label,
        membership_role_label=membership_role_label,
        status_label=lambda status: STATUS_LABELS[status],
    )
