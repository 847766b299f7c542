"""Saving a resource parent's address and phone, and who may read them.

The rule of who reads them lives on the model (`Membership.contact_shown_to`), so every page,
and the family export, asks the same question.
"""

from app.access import FamilyScope
from app.extensions import db
from app.models import Role
from app.models.audit import record

OWNERS = frozenset({Role.RESOURCE_PARENT})


def save_contact(scope: FamilyScope, address: str, phone: str, share: bool) -> bool:
    """Store the person's own details; False when nothing changed (nothing written)."""
    membership = scope.membership
    address, phone = (address or "").strip(), (phone or "").strip()
    changed = [name for name, old, new in (
        ("address", membership.address, address),
        ("phone", membership.phone, phone),
        ("share_contact", membership.share_contact, share),
    ) if old != new]
    if not changed:
        return False
    membership.address, membership.phone, membership.share_contact = address, phone, share
    # The audit says what changed, never the address or number itself.
    record("membership.contact_changed", actor=membership.user, family_id=scope.family.id,
           subject=membership, fields=changed, shared=share)
    db.session.commit()
    return True
