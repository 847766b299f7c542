"""Words for kinds of events and for answers, translated where they are shown."""

from flask_babel import lazy_gettext as _l

from app.models import Answer, EventKind

KIND_LABELS = {
    EventKind.SCHOOL_PERFORMANCE: _l("School play or show"),
    EventKind.SCHOOL_CONFERENCE: _l("Parent-teacher meeting"),
    EventKind.REPORT_CARD: _l("Report card"),
    EventKind.MEDICAL_APPOINTMENT: _l("Doctor visit"),
    EventKind.DENTAL: _l("Dentist"),
    EventKind.THERAPY: _l("Therapy"),
    EventKind.ACTIVITY: _l("Sport, club or class"),
    EventKind.BIRTHDAY: _l("Birthday"),
    EventKind.HOLIDAY: _l("Holiday"),
    EventKind.FAMILY_GATHERING: _l("Family get-together"),
    EventKind.COURT_HEARING: _l("Court hearing"),
    EventKind.OTHER: _l("Something else"),
}

# How the kind list is grouped (<optgroup>), so a phone user finds theirs at a glance.
KIND_GROUPS = [
    (_l("School"), [EventKind.SCHOOL_PERFORMANCE, EventKind.SCHOOL_CONFERENCE,
                    EventKind.REPORT_CARD]),
    (_l("Health"), [EventKind.MEDICAL_APPOINTMENT, EventKind.DENTAL, EventKind.THERAPY]),
    (_l("Activity"), [EventKind.ACTIVITY]),
    (_l("Celebration"), [EventKind.BIRTHDAY, EventKind.HOLIDAY, EventKind.FAMILY_GATHERING]),
    (_l("Court"), [EventKind.COURT_HEARING]),
    (_l("Other"), [EventKind.OTHER]),
]

ANSWER_LABELS = {
    Answer.GOING: _l("I'll be there"),
    Answer.MAYBE: _l("Maybe"),
    Answer.NOT_GOING: _l("Can't make it"),
}

# Headings over the names of who answered what.
ANSWER_HEADINGS = {
    Answer.GOING: _l("Coming"),
    Answer.MAYBE: _l("Maybe"),
    Answer.NOT_GOING: _l("Can't make it"),
}


def init_app(app) -> None:
    from flask_babel import format_time

    from app.events.services import home_section

    app.add_template_filter(lambda value: format_time(value, "short"), "event_time")
    app.jinja_env.globals.update(
        events_home_section=home_section,
        # str(): a lazy string would reach the page as markup, unescaped.
        event_kind_label=lambda kind: str(KIND_LABELS[kind]),
        event_answer_label=lambda answer: str(ANSWER_LABELS[answer]),
        event_answer_heading=lambda answer: str(ANSWER_HEADINGS[answer]),
        event_answers=list(Answer),
    )
