"""The court record as a CSV file: the same rows as the page's table, one header line in the
reader's language, dates and times in the family's zone.

Spreadsheet apps run a cell that starts with = + - @ (or a tab or carriage return) as a
formula, so such a cell gets a leading apostrophe: a note typed as "=HYPERLINK(...)" stays
text. The file starts with a byte-order mark so Excel reads the accents (Martínez) as UTF-8.

Under the table, after one empty line, the record in plain words (one sentence a line), so the
file says what its percent counts, as the page does; the table stays first so a spreadsheet
reads its header.
"""

import csv
import io
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from app.access import FamilyScope
from app.family_time.court_record import CourtRecord, private_columns, rows, summary
from app.family_time.labels import MODE_LABELS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: str) -> str:
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def filename(court: CourtRecord) -> str:
    return f"family-time-record-{court.first.isoformat()}-to-{court.last.isoformat()}.csv"


def court_csv(scope: FamilyScope, court: CourtRecord) -> str:
    zone = ZoneInfo(scope.family.time_zone)
    table = rows(scope, court)
    with_supervision, with_notes = private_columns(scope, table)
    header = [_("Date"), _("Starts"), _("Ends"), _("How"), _("Children"), _("Parents"),
              _("What happened"), _("Cancelled by"), _("Why"), _("How it went")]
    header += [_("Supervision")] if with_supervision else []
    header += [_("Notes")] if with_notes else []
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in table:
        starts = row.entry.starts_at.astimezone(zone)
        ends = row.entry.ends_at.astimezone(zone)
        cells = [starts.date().isoformat(), starts.strftime("%H:%M"), ends.strftime("%H:%M"),
                 str(MODE_LABELS[row.entry.mode]), row.children, row.parents, row.happened,
                 row.cancelled_by, row.why, row.how_it_went]
        cells += [row.supervision] if with_supervision else []
        cells += [row.notes] if with_notes else []
        writer.writerow([safe_cell(cell) for cell in cells])
    writer.writerow([])
    for line in summary(court):
        writer.writerow([safe_cell(line)])
    return BOM + out.getvalue()
