"""Making a family's export: the audit line first, then the ZIP, made as it is sent."""

from collections.abc import Iterator

from flask_babel import force_locale, get_locale

from app.access import FamilyScope, ScopeKey, reload_scope
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
    made), then give the ZIP's name and its bytes, made piece by piece as they are read.

    The bytes are read after the view has returned, when the request's session is closed:
    they hold only plain values and ids, and load the scope again when the first byte is
    asked for (issue 22: the caseworker's membership row, detached, stopped the ZIP at 0
    bytes on gunicorn)."""
    record("family.exported", actor=actor, family_id=scope.family.id, subject=scope.family,
           private_details_left_out=leave_out_private)
    db.session.commit()
    when = utcnow()
    name = file_name(scope, when)
    # The language is settled now, while the reader's row can still be read (the locale
    # selector reads it).
    return name, _zip(scope.key(), str(get_locale()), leave_out_private, when, actor.name)


def _zip(reader: ScopeKey, locale: str, leave_out_private: bool, when, made_by: str
         ) -> Iterator[bytes]:
    with force_locale(locale):
        plan = Plan(scope=reload_scope(reader), leave_out_private=leave_out_private,
                    made_at=when, made_by=made_by)
        yield from zip_chunks(files.entries(plan), when)
