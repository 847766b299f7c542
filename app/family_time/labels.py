"""Words for modes and statuses of family time, translated where they are shown."""

from flask_babel import lazy_gettext as _l

from app.family_time.agenda import Status
from app.family_time.levels import SUPERVISION_NAMES
from app.models import Mode

MODE_LABELS = {
    Mode.IN_PERSON: _l("In person"),
    Mode.VIDEO: _l("Video call"),
    Mode.PHONE: _l("Phone call"),
}

# Proposed and approved look clearly different: the words say it, not only a colour.
STATUS_LABELS = {
    Status.PROPOSED: _l("Asked for, waiting for the caseworker"),
    Status.EXPIRED: _l("Not answered in time"),
    Status.DECLINED: _l("Not approved"),
    Status.APPROVED: _l("Planned"),
    Status.CANCELLED: _l("Cancelled"),
    Status.ATTENDED: _l("Happened"),
    Status.PARENT_DID_NOT_COME: _l("Parent did not come"),
    Status.CHILD_DID_NOT_COME: _l("Child did not come"),
    Status.HIDDEN: _l("Hidden by the caseworker"),
    Status.WITHDRAWN: _l("Taken back"),
}


def words() -> dict:
    """What the calendar templates use; str() so a lazy string is escaped like any text."""
    return {
        "mode_label": lambda mode: str(MODE_LABELS[mode]),
        "status_label": lambda status: str(STATUS_LABELS[status]),
        "supervision_label": lambda supervision: str(SUPERVISION_NAMES[supervision]),
    }
