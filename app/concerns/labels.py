"""The plain words of a concern's story: each step as one sentence the family can read."""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import ConcernStatus, StepKind

# The caseworker's choices when recording a step.
KIND_CHOICES = {
    StepKind.TALKED_WITH_PARENT: _l("Talked with the parent"),
    StepKind.TALKED_WITH_RESOURCE_PARENT: _l("Talked with the resource parent"),
    StepKind.MEETING: _l("Meeting held"),
    StepKind.AGREEMENT: _l("Agreement reached"),
    StepKind.OTHER: _l("Something else"),
}

STATUS_LABELS = {
    ConcernStatus.OPEN: _l("Your caseworker is working on it"),
    ConcernStatus.RESOLVED: _l("Closed"),
}


def step_sentence(kind: StepKind, on: date) -> str:
    """What happened, said to the family: "Your caseworker talked with the resource parent on
    3 March 2027". Dates in the reader's language."""
    day = format_date(on, "long")
    sentences = {
        StepKind.TALKED_WITH_PARENT: lambda: _(
            "Your caseworker talked with the parent on %(date)s.", date=day),
        StepKind.TALKED_WITH_RESOURCE_PARENT: lambda: _(
            "Your caseworker talked with the resource parent on %(date)s.", date=day),
        StepKind.MEETING: lambda: _("Your caseworker held a meeting on %(date)s.", date=day),
        StepKind.AGREEMENT: lambda: _("An agreement was reached on %(date)s.", date=day),
        StepKind.OTHER: lambda: _("Your caseworker took a step on %(date)s.", date=day),
        StepKind.RESOLVED: lambda: _("Your caseworker closed this on %(date)s.", date=day),
        StepKind.REOPENED: lambda: _("Your caseworker opened this again on %(date)s.",
                                     date=day),
    }
    return sentences[kind]()


def words() -> dict:
    """What the concern templates use; str() so a lazy string is escaped like any text."""
    return {
        "concern_status": lambda status: str(STATUS_LABELS[status]),
        "step_sentence": step_sentence,
    }
