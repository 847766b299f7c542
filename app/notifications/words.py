"""The sentences of notifications, made in the reader's language when shown or sent.

`detailed` says who did what ("Rosa shared a photo."): on the list, behind sign-in, and on a
lock screen or in an email only for a person who turned on "show who and what". Otherwise
`neutral` words name nobody and nothing (no names, no message text, no child, no family).
"""

from flask_babel import gettext as _
from flask_babel import ngettext

from app.models.notifications import Notification, NotificationKind


def detailed(notification: Notification) -> str:
    who = notification.actor.name if notification.actor is not None else _("Someone")
    kind, about = notification.kind, notification.subject_kind
    if kind is NotificationKind.MESSAGE:
        return _("%(name)s sent a message.", name=who)
    if kind is NotificationKind.PHOTO:
        return _("%(name)s shared a photo.", name=who)
    if kind is NotificationKind.EVENT:
        return _("%(name)s added an event to the calendar.", name=who)
    if kind is NotificationKind.ABOUT:
        return _("%(name)s changed an “About me” page.", name=who)
    if kind is NotificationKind.FAMILY_TIME:
        return _("Family time was added to the calendar.")
    if kind is NotificationKind.APPROVED:
        return _("Your caseworker said yes to your family time request.")
    if kind is NotificationKind.DECLINED:
        return _declined(about)
    if kind is NotificationKind.HIDDEN:
        return _hidden(about)
    if kind is NotificationKind.JOINED:
        return _("Your caseworker approved you. You can see the family now.")
    if kind is NotificationKind.WAITING:
        return _("%(name)s shared something that waits for your review.", name=who)
    when = _when(notification)  # the time a line about one time of something names
    if when is None:
        return _("Something new in Hearth")
    if kind is NotificationKind.FAMILY_TIME_MOVED:
        return _("%(name)s moved a family time to %(when)s.", name=who, when=when)
    if kind is NotificationKind.FAMILY_TIME_CANCELLED:
        return _("%(name)s cancelled the family time of %(when)s.", name=who, when=when)
    if kind is NotificationKind.REQUEST_DUE:
        return _("A family time request needs your answer by %(when)s.", when=when)
    if kind is NotificationKind.EVENT_SOON:  # no title: what people typed stays off lock screens
        return _("Reminder: an event you said you will go to is on %(when)s.", when=when)
    if kind is NotificationKind.FAMILY_TIME_SOON:
        return _("Reminder: family time on %(when)s.", when=when)
    return _("Something new in Hearth")


def _when(notification: Notification) -> str | None:
    """The moment in the line's `occasion`, in the reader's words and the family's clock."""
    from app.i18n import format_when
    from app.notifications.reminders import begins_of

    moment = begins_of(notification.occasion) if notification.occasion else None
    return format_when(moment, notification.family.time_zone) if moment else None


def _declined(about: str) -> str:
    if about == "family_time":
        return _("Your caseworker said no to your family time request. Open it to read why.")
    return _("Your caseworker did not share what you sent. Open it to read why.")


def _hidden(about: str) -> str:
    return _("Your caseworker hid something you shared. Open it to read why.")


def neutral_title() -> str:
    """What a lock screen or an email subject says by default."""
    return _("Something new in Hearth")


def neutral_count(count: int) -> str:
    return ngettext("You have %(num)d new thing in Hearth.",
                    "You have %(num)d new things in Hearth.", count)


def summary_title() -> str:
    return _("Your Hearth summary")


def more_lines(count: int) -> str:
    return ngettext("And %(num)d more.", "And %(num)d more.", count)


def open_hearth(url: str) -> str:
    return _("Open Hearth to see it: %(url)s", url=url)


def why_this_email(url: str) -> str:
    return _("You get these emails because you asked for them. Choose what Hearth sends you: "
             "%(url)s", url=url)


def stop_these(url: str) -> str:
    return _("Stop these emails: %(url)s", url=url)
