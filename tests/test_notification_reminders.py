"""Family time's own notifications (issue 25): reminders 24 and 2 hours before, to the people
in it; and a time moved or cancelled, to the family."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.extensions import db
from app.models import FamilyTimeOccurrence, Membership, Outcome
from app.models.notifications import Notification, NotificationKind
from app.notifications import reminders
from tests import factories
from tests.conftest import AuthActions
from tests.test_notifications import as_worker


def membership(user, family):
    return db.session.scalar(select(Membership).filter_by(user_id=user.id, family_id=family.id))


def reminders_of(user) -> list[Notification]:
    return db.session.scalars(select(Notification).where(
        Notification.user_id == user.id,
        Notification.kind == NotificationKind.FAMILY_TIME_SOON).order_by(Notification.id)).all()


def weekly_with_dana_at_rosas(family, caseworker, parent, resource_parent):
    item = factories.make_family_time(family, caseworker, days_ahead=1, every_weeks=1,
                                      host_id=membership(resource_parent, family).id)
    item.last_date = item.first_date + timedelta(weeks=4)
    item.last_ends_at += timedelta(weeks=4)  # the series' span, as the service keeps it
    item.parents.append(membership(parent, family))
    db.session.commit()
    return item


def test_the_people_in_it_are_reminded_a_day_and_two_hours_before_once_each(
        app, family, caseworker, parent, resource_parent):
    item = weekly_with_dana_at_rosas(family, caseworker, parent, resource_parent)
    other = factories.make_user(display_name="Luis")
    factories.add_member(family, other)  # in the family, not in this time
    begins = item.starts_at
    assert as_worker(app, reminders.family_time_soon, begins - timedelta(hours=25)) == 0
    assert as_worker(app, reminders.family_time_soon, begins - timedelta(hours=23)) == 1
    assert as_worker(app, reminders.family_time_soon, begins - timedelta(hours=22)) == 1
    assert [n.occasion for n in reminders_of(parent)] == [reminders.occasion_of(begins, "24h")]
    as_worker(app, reminders.family_time_soon, begins - timedelta(minutes=90))
    assert [n.occasion.rsplit("/", 1)[1] for n in reminders_of(parent)] == ["24h", "2h"]
    assert len(reminders_of(resource_parent)) == 2  # the host
    assert reminders_of(other) == [] and reminders_of(caseworker) == []

    dana = app.test_client()
    AuthActions(dana).login(parent)
    page = dana.get("/notifications").get_data(as_text=True)
    assert "Reminder: family time on" in page
    line = reminders_of(parent)[-1]
    day = begins.astimezone(ZoneInfo(family.time_zone)).date()
    assert dana.get(f"/notifications/{line.id}").location == (
        f"/families/{family.id}/calendar/{item.id}?day={day.isoformat()}")


def test_a_cancelled_time_is_not_reminded_and_the_next_week_is(app, family, caseworker, parent,
                                                              resource_parent):
    item = weekly_with_dana_at_rosas(family, caseworker, parent, resource_parent)
    db.session.add(FamilyTimeOccurrence(family_time_id=item.id, original_date=item.first_date,
                                        outcome=Outcome.CANCELLED))
    db.session.commit()
    assert as_worker(app, reminders.family_time_soon, item.starts_at - timedelta(hours=3)) == 0
    next_week = item.starts_at + timedelta(weeks=1)
    assert as_worker(app, reminders.family_time_soon, next_week - timedelta(hours=3)) == 1


def test_a_time_planned_an_hour_ahead_gets_only_the_two_hour_reminder(
        app, family, caseworker, parent, resource_parent):
    item = weekly_with_dana_at_rosas(family, caseworker, parent, resource_parent)
    as_worker(app, reminders.family_time_soon, item.starts_at - timedelta(hours=1))
    assert [n.occasion.rsplit("/", 1)[1] for n in reminders_of(parent)] == ["2h"]


def test_a_paused_parent_is_not_reminded(app, family, caseworker, parent, resource_parent):
    from app.models import MembershipStatus

    item = weekly_with_dana_at_rosas(family, caseworker, parent, resource_parent)
    membership(parent, family).status = MembershipStatus.SUSPENDED
    db.session.commit()
    as_worker(app, reminders.family_time_soon, item.starts_at - timedelta(hours=3))
    assert reminders_of(parent) == [] and len(reminders_of(resource_parent)) == 1


def test_the_family_hears_when_a_time_is_moved_or_cancelled(app, family, caseworker, parent,
                                                            resource_parent):
    from datetime import time

    from app.family_time import services
    from tests.factories import scope_of

    item = weekly_with_dana_at_rosas(family, caseworker, parent, resource_parent)
    rosa = app.test_client()
    AuthActions(rosa).login(resource_parent)
    day = item.first_date.isoformat()
    response = rosa.post(f"/families/{family.id}/calendar/{item.id}/cancel?day={day}",
                         data={"reason": "Mia has a fever.", "seen": "0"})
    assert response.status_code == 303
    (line,) = db.session.scalars(select(Notification).where(
        Notification.user_id == parent.id)).all()
    assert line.kind is NotificationKind.FAMILY_TIME_CANCELLED
    assert db.session.scalars(select(Notification).where(
        Notification.user_id == resource_parent.id)).all() == []  # she did it
    dana = app.test_client()
    AuthActions(dana).login(parent)
    assert "Rosa cancelled the family time of" in dana.get("/notifications").get_data(
        as_text=True)
    assert dana.get(f"/notifications/{line.id}").location == (
        f"/families/{family.id}/calendar/{item.id}?day={day}")

    next_week = item.first_date + timedelta(weeks=1)
    services.move_occurrence(scope_of(caseworker, family), item, next_week,
                             next_week + timedelta(days=1), time(10), time(11))
    moved = [n for n in db.session.scalars(select(Notification).where(
        Notification.user_id == resource_parent.id))]
    assert [n.kind for n in moved] == [NotificationKind.FAMILY_TIME_MOVED]
    page = rosa.get("/notifications").get_data(as_text=True)
    assert "Sam movió un tiempo en familia al" in page


def test_an_event_reminds_those_going_at_six_the_evening_before(app, family, parent,
                                                                resource_parent):
    from datetime import datetime, time

    from app.events import services as events
    from app.models import Answer
    from tests.factories import scope_of

    zone = ZoneInfo(family.time_zone)
    day = datetime.now(zone).date() + timedelta(days=3)
    starts = datetime.combine(day, time(10), tzinfo=zone)
    event = factories.make_event(family, resource_parent, starts_at=starts)
    events.answer(event, scope_of(parent, family), Answer.GOING)
    events.answer(event, scope_of(resource_parent, family), Answer.NOT_GOING)
    evening = datetime.combine(day - timedelta(days=1), time(18), tzinfo=zone)
    assert as_worker(app, reminders.events_tomorrow, evening - timedelta(minutes=1)) == 0
    assert as_worker(app, reminders.events_tomorrow, evening) == 1
    assert as_worker(app, reminders.events_tomorrow, evening + timedelta(minutes=1)) == 1
    (line,) = db.session.scalars(select(Notification).where(
        Notification.kind == NotificationKind.EVENT_SOON)).all()
    assert line.user_id == parent.id  # once, and only to the one going
    dana = app.test_client()
    AuthActions(dana).login(parent)
    page = dana.get("/notifications").get_data(as_text=True)
    assert "Reminder: an event you said you will go to is on" in page
    assert event.title not in page


def test_the_caseworker_hears_a_request_needs_an_answer_by_tomorrow(app, family, caseworker,
                                                                    parent):
    from app.models import ContentState

    asked = factories.make_family_time(family, parent, ContentState.PENDING, days_ahead=5)
    asked.confirm_by = factories.utcnow() + timedelta(hours=30)
    db.session.commit()
    now = factories.utcnow()
    assert as_worker(app, reminders.requests_due, now) == 0  # 30 hours: not yet
    assert as_worker(app, reminders.requests_due, now + timedelta(hours=7)) == 1
    as_worker(app, reminders.requests_due, now + timedelta(hours=8))
    (line,) = db.session.scalars(select(Notification).where(
        Notification.kind == NotificationKind.REQUEST_DUE)).all()
    assert line.user_id == caseworker.id  # once, to the caseworker only
    sam = app.test_client()
    AuthActions(sam).login(caseworker)
    assert "A family time request needs your answer by" in sam.get(
        "/notifications").get_data(as_text=True)
    # Answered: the line leaves his list and the bell's count, as "waits for you" does.
    from app.family_time import services
    from app.notifications.reading import unread_count
    from tests.factories import scope_of

    services.decline(scope_of(caseworker, family), asked, "Not that week.")
    db.session.refresh(line)
    assert line.gone_at is not None
    assert unread_count(caseworker) == 0
