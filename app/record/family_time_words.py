"""Plain words for the family-time lines of the record: who asked, approved, moved, cancelled
or recorded family time, and for which day.

A court reads these lines, so each names the day. The day of a request comes from the family
time itself (its first date, in the family's own calendar); a cancelled, moved or recorded
occurrence names its own day, which the event holds. Notes and the supervisor stay on the
family-time page: a line says what happened, not what staff wrote about it.
"""

from datetime import date, datetime

from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from app.i18n import format_when
from app.models import AuditEvent, Outcome


def day_words(value) -> str:
    """A day in the reader's language ("March 3, 2026"), from a date or its ISO text."""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(value)
    except (TypeError, ValueError):
        return _("an unknown day")
    return format_date(day, "long")


def _moment_words(value: str, time_zone: str | None) -> str:
    try:
        return format_when(datetime.fromisoformat(value), time_zone)
    except (TypeError, ValueError):
        return _("an unknown time")


def _added(event: AuditEvent, actor: str, day: str) -> str:
    """Family time the caseworker planned ("created") or a member asked for ("proposed")."""
    detail = event.detail
    asked = event.action == "family_time.proposed"
    weeks = detail.get("every_weeks")
    if detail.get("make_up_for_id"):
        return (_("%(actor)s asked for a make-up family time on %(day)s.", actor=actor, day=day)
                if asked else
                _("%(actor)s planned a make-up family time on %(day)s.", actor=actor, day=day))
    if detail.get("replaces_id"):
        return (_("%(actor)s asked to change family time. The new time would start on "
                  "%(day)s.", actor=actor, day=day)
                if asked else
                _("%(actor)s changed family time. The new time starts on %(day)s.",
                  actor=actor, day=day))
    if weeks:
        return (ngettext("%(actor)s asked for family time every week, starting %(day)s.",
                         "%(actor)s asked for family time every %(num)d weeks, starting "
                         "%(day)s.", weeks, actor=actor, day=day)
                if asked else
                ngettext("%(actor)s planned family time every week, starting %(day)s.",
                         "%(actor)s planned family time every %(num)d weeks, starting %(day)s.",
                         weeks, actor=actor, day=day))
    return (_("%(actor)s asked for family time on %(day)s.", actor=actor, day=day) if asked
            else _("%(actor)s planned family time on %(day)s.", actor=actor, day=day))


def _outcome(event: AuditEvent, actor: str) -> str:
    day = day_words(event.detail.get("occurrence_date"))
    said = {
        Outcome.ATTENDED: lambda: _("%(actor)s recorded that family time on %(day)s "
                                    "happened.", actor=actor, day=day),
        Outcome.PARENT_DID_NOT_COME: lambda: _(
            "%(actor)s recorded that the parent did not come to family time on %(day)s.",
            actor=actor, day=day),
        Outcome.CHILD_DID_NOT_COME: lambda: _(
            "%(actor)s recorded that the child did not come to family time on %(day)s.",
            actor=actor, day=day),
        Outcome.CANCELLED: lambda: _("%(actor)s recorded that family time on %(day)s was "
                                     "cancelled.", actor=actor, day=day),
    }
    say = said.get(event.detail.get("after", ""))
    return say() if say else _("%(actor)s recorded how family time on %(day)s went.",
                               actor=actor, day=day)


def family_time_sentence(event: AuditEvent, actor: str, reason: str,
                         first_days: dict[int, date], time_zone: str | None) -> str | None:
    """Plain words for a `family_time.*` line, or None for an action this does not know."""
    detail = event.detail
    # The day the family time starts: for a series, its first day.
    day = day_words(first_days.get(event.subject_id))
    sentences = {
        "family_time.created": lambda: _added(event, actor, day),
        "family_time.proposed": lambda: _added(event, actor, day),
        "family_time.approved": lambda: _(
            "%(actor)s approved family time starting %(day)s.", actor=actor, day=day),
        "family_time.declined": lambda: _(
            "%(actor)s said no to family time starting %(day)s. Reason: %(reason)s",
            actor=actor, day=day, reason=reason),
        "family_time.hidden": lambda: _(
            "%(actor)s hid family time starting %(day)s. Reason: %(reason)s",
            actor=actor, day=day, reason=reason),
        "family_time.withdrawn": lambda: _(
            "%(actor)s took back family time starting %(day)s.", actor=actor, day=day),
        "family_time.returned_for_review": lambda: _(
            "%(actor)s changed family time starting %(day)s. It waits for review again.",
            actor=actor, day=day),
        "family_time.reported": lambda: _(
            "%(actor)s reported family time starting %(day)s to the caseworker. "
            "Reason: %(reason)s", actor=actor, day=day, reason=reason),
        "family_time.expired": lambda: _(
            "Nobody answered the request for family time starting %(day)s in time, so it "
            "closed.", day=day),
        "family_time.cancelled": lambda: _(
            "%(actor)s cancelled family time on %(day)s. Reason: %(reason)s", actor=actor,
            day=day_words(detail.get("occurrence_date")), reason=reason),
        "family_time.moved": lambda: _(
            "%(actor)s moved family time from %(before)s to %(after)s.", actor=actor,
            before=_moment_words(detail.get("before"), time_zone),
            after=_moment_words(detail.get("after"), time_zone)),
        "family_time.series_changed": lambda: _(
            "%(actor)s changed the family time series from %(day)s on.", actor=actor,
            day=day_words(detail.get("from_date"))),
        "family_time.outcome_recorded": lambda: _outcome(event, actor),
    }
    say = sentences.get(event.action)
    return say() if say else None
