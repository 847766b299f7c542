"""The child's "about me": what the parents know best, one shared version per change."""

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.shared import SharedInOrder, SharedItem

TEXT_MAX = 2000


class AboutVersion(SharedItem, SharedInOrder, db.Model):
    """One version of one section ("bedtime", "allergies"…) about one child.

    Never edited in place: an update is a new row, so earlier versions stay readable and a
    declined or hidden change leaves the last shared version in view for everyone else.
    """

    __tablename__ = "about_versions"
    audit_name = "about"

    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    section: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(TEXT_MAX))

    child = relationship("Child")

    # The mixin's (family_id, id) index, one for "new since you last looked" (visible versions
    # by the order they were shared in), and one for reading a child's sections and a
    # section's versions newest first.
    __table_args__ = (
        Index("ix_about_versions_family_id_id", "family_id", "id"),
        Index("ix_about_versions_family_id_state_shared_seq", "family_id", "state",
              "shared_seq"),
        Index("ix_about_versions_child_id_section_id", "child_id", "section", "id"),
    )
