"""Making a family's export: the audit line first, then the ZIP, made as it is sent."""

from collections.abc import Iterator

from app.access import FamilyScope
from app.export import files
from app.export.contents import Plan
from app.export.zipstream import zip_chunks
from app.extensions import db
from app.models.audit import record
from app.models.types import utcnow


def file_name(scope: FamilyScope, when) -> str:
    # Numbers only: a family's name can hold characters a download's name cannot.
    return f"hearth-family-{scope.family.id}-{when:%Y-%m-%d}.zip"


def export_family(scope: FamilyScope, actor, *, leave_out_private: bool
                  ) -> tuple[str, Iterator[bytes]]:
    """Record the export (committed before a byte is sent: a download cut short was still
    made), then give the ZIP's name and its bytes, made piece by piece as they are read."""
    record("family.exported", actor=actor, family_id=scope.family.id, subject=scope.family,
           private_details_left_out=leave_out_private)
    db.session.commit()
    when = utcnow()
    plan = Plan(scope=scope, leave_out_private=leave_out_private, made_at=when,
                made_by=actor.name)
    return file_name(scope, when), zip_chunks(files.entries(plan), when)
