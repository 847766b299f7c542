"""Notifications (issue 25): the list and the bell, who hears of what, and email through a real
SMTP server, sent by the worker as it runs on a server (its own app context and session).

The family: Sam the caseworker, Dana the parent (reads English, has an email address) and
Rosa the resource parent (reads Spanish, signs in with a username).
"""

import contextvars
import io
import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    ContentState,
    Membership,
    MembershipStatus,
    Message,
    NotificationSettings,
    ReviewLevel,
    Role,
)
from app.models.notifications import (
    Channel,
    DeliveryStatus,
    Group,
    Mode,
    Notification,
    NotificationDelivery,
    NotificationKind,
)
from app.models.types import utcnow
from app.notifications import choices, delivery
from tests import factories
from tests.conftest import AuthActions
from tests.photo_files import photo_bytes
from tests.smtp_inbox import SMTPServer

LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def open_family(family):
    family.review_level = ReviewLevel.OPEN
    db.session.commit()
    return family


@pytest.fixture
def smtp(app):
    with SMTPServer() as server:
        app.config.update(server.settings())
        yield server


def as_worker(app, job, *args, **kwargs):
    """Run a worker's job as the job queue does: its own app context and session, nothing
    of the test's held (what the test wrote is committed first, as it would be on disk)."""
    db.session.commit()

    def run():
        with app.app_context():
            return job(*args, **kwargs)

    result = contextvars.Context().run(run)
    db.session.expire_all()
    return result


def tomorrow_at(hour: int, minute: int = 0) -> datetime:
    """A moment after every row the test makes is due: tomorrow on the family's clock."""
    day = utcnow().astimezone(LA).date() + timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=LA).astimezone(UTC)


def signed_in(app, user):
    client = app.test_client()
    AuthActions(client).login(user)
    return client


def say(client, family, text):
    response = client.post(f"/families/{family.id}/messages", data={"text": text})
    assert response.status_code in (200, 303), response.status_code
    return response


def notifications_of(user) -> list[Notification]:
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.id)).all()


def bell(page: str) -> str:
    found = re.search(r'class="bell".*?</a>', page, re.S)
    assert found, "no bell in the header"
    return found.group(0)


def instant_email(user, *groups):
    for group in groups or (Group.MESSAGES, Group.SHARED):
        choices.set_mode(user.id, group, Channel.EMAIL, Mode.INSTANT)
    row = choices.settings_row(user.id)
    row.quiet_hours = False
    db.session.commit()


# --- The list and the bell --------------------------------------------------------------------

def test_rosa_shares_a_photo_and_dana_sees_it_on_her_list_and_opens_it(
        app, open_family, parent, resource_parent, caseworker):
    rosa, dana = signed_in(app, resource_parent), signed_in(app, parent)
    home = dana.get(f"/families/{open_family.id}").get_data(as_text=True)
    assert "nav-badge" not in bell(home)

    response = rosa.post(f"/families/{open_family.id}/photos/new",
                         data={"caption": "La obra de Mia",
                               "photos": [(io.BytesIO(photo_bytes()), "a.jpg")]},
                         content_type="multipart/form-data")
    assert response.status_code == 303

    home = dana.get(f"/families/{open_family.id}").get_data(as_text=True)
    assert '<span class="nav-badge" aria-hidden="true">1</span>' in bell(home)
    assert "(1 new)" in bell(home)
    page = dana.get("/notifications").get_data(as_text=True)
    assert "Rosa shared a photo." in page
    assert f"{open_family.name}</bdi>" in page
    (line,) = notifications_of(parent)
    assert line.kind is NotificationKind.PHOTO and line.read_at is None

    opened = dana.get(f"/notifications/{line.id}")
    assert opened.status_code == 303
    assert opened.location == f"/families/{open_family.id}/photos/{line.subject_id}"
    db.session.refresh(line)
    assert line.read_at is not None
    assert "nav-badge" not in bell(dana.get("/notifications").get_data(as_text=True))
    # The author and the caseworker hear nothing of it: she shared it, he reviews.
    assert notifications_of(resource_parent) == [] and notifications_of(caseworker) == []


def test_in_a_reviewed_family_the_caseworker_hears_it_waits_and_the_family_after_approval(
        app, family, parent, resource_parent, caseworker):
    dana = signed_in(app, parent)
    say(dana, family, "Can we move Thursday?")
    (waiting,) = notifications_of(caseworker)
    assert waiting.kind is NotificationKind.WAITING
    assert notifications_of(resource_parent) == []
    sam = signed_in(app, caseworker)
    assert "Dana shared something that waits for your review." in sam.get(
        "/notifications").get_data(as_text=True)

    response = sam.post(f"/families/{family.id}/messages/{waiting.subject_id}/approve")
    assert response.status_code in (200, 303)
    (news,) = notifications_of(resource_parent)
    assert news.kind is NotificationKind.MESSAGE
    db.session.refresh(waiting)
    assert waiting.gone_at is not None  # answered: it waits for nobody now
    rosa = signed_in(app, resource_parent)
    assert "Dana envió un mensaje." in rosa.get("/notifications").get_data(as_text=True)


def test_hidden_after_it_was_notified_it_leaves_the_list_and_the_count_and_the_author_is_told(
        app, open_family, parent, resource_parent, caseworker):
    dana, rosa = signed_in(app, parent), signed_in(app, resource_parent)
    say(dana, open_family, "A marker: blue elephant")
    (news,) = notifications_of(resource_parent)
    sam = signed_in(app, caseworker)
    response = sam.post(f"/families/{open_family.id}/messages/{news.subject_id}/hide",
                        data={"reason": "Please keep it kind."})
    assert response.status_code in (200, 303)

    page = rosa.get("/notifications").get_data(as_text=True)
    assert "Dana" not in page and "nav-badge" not in bell(page)
    assert rosa.get(f"/notifications/{news.id}").location == "/notifications"
    (told,) = notifications_of(parent)
    assert told.kind is NotificationKind.HIDDEN
    page = dana.get("/notifications").get_data(as_text=True)
    assert "Your caseworker hid something you shared. Open it to read why." in page


def test_a_paused_member_hears_nothing_and_sees_no_line_of_the_family(
        app, open_family, parent, resource_parent):
    rosa = signed_in(app, resource_parent)
    say(signed_in(app, parent), open_family, "Before the pause")
    membership = db.session.scalar(select(Membership).filter_by(user_id=resource_parent.id))
    membership.status = MembershipStatus.SUSPENDED
    db.session.commit()
    say(signed_in(app, parent), open_family, "During the pause")
    assert len(notifications_of(resource_parent)) == 1  # the one from before only
    page = rosa.get("/notifications").get_data(as_text=True)
    assert "Dana" not in page and "nav-badge" not in page


def test_a_change_rolled_back_notifies_nobody(app, open_family, parent, resource_parent,
                                              monkeypatch):
    from app.access import FamilyScope
    from app.messages import services

    scope = FamilyScope(family=open_family, membership=db.session.scalar(
        select(Membership).filter_by(user_id=parent.id)))

    def fails():
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(db.session, "commit", fails)
    with pytest.raises(RuntimeError):
        services.send(scope, "This never happened")
    monkeypatch.undo()
    db.session.rollback()
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    assert db.session.scalar(select(func.count(NotificationDelivery.id))) == 0


# --- Email ---------------------------------------------------------------------------------------

def test_an_instant_email_is_neutral_and_has_a_one_click_unsubscribe(
        app, open_family, parent, resource_parent, smtp):
    instant_email(parent)
    say(signed_in(app, resource_parent), open_family, "Mia lost her first tooth today")
    assert as_worker(app, delivery.deliver_due, tomorrow_at(12)) == 1

    (mail,) = smtp.inbox.messages
    assert mail["To"] == parent.email
    assert mail["Subject"] == "Something new in Hearth"
    assert mail["Content-Language"] == "en"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = mail.get_content()
    assert "You have 1 new thing in Hearth." in body
    assert "https://hearth.test/notifications" in body
    for secret in ("tooth", "Mia", "Rosa", open_family.name):
        assert secret not in body and secret not in mail["Subject"]
    unsubscribe = re.fullmatch(r"<(https://hearth\.test/unsubscribe/\S+)>",
                               mail["List-Unsubscribe"]).group(1)
    assert unsubscribe in body
    # Sent once: another look finds nothing to send.
    assert as_worker(app, delivery.deliver_due, tomorrow_at(12, 5)) == 0
    (row,) = db.session.scalars(select(NotificationDelivery)).all()
    assert row.status is DeliveryStatus.SENT

    # The mail program's one click, signed out: only email about messages stops, once.
    path = unsubscribe.removeprefix("https://hearth.test")
    stranger = app.test_client()
    assert "Stop these emails" in stranger.get(path).get_data(as_text=True)
    assert choices.mode_for(parent.id, Group.MESSAGES, Channel.EMAIL) is Mode.INSTANT  # GET
    done = stranger.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "Hearth will not email you about these any more" in done.get_data(as_text=True)
    db.session.expire_all()
    assert choices.mode_for(parent.id, Group.MESSAGES, Channel.EMAIL) is Mode.OFF
    assert choices.mode_for(parent.id, Group.SHARED, Channel.EMAIL) is Mode.INSTANT
    # Turned back on later, the old link changes nothing.
    choices.set_mode(parent.id, Group.MESSAGES, Channel.EMAIL, Mode.INSTANT)
    db.session.commit()
    again = stranger.post(path)
    assert "This link was already used" in again.get_data(as_text=True)
    db.session.expire_all()
    assert choices.mode_for(parent.id, Group.MESSAGES, Channel.EMAIL) is Mode.INSTANT
    assert stranger.post(path[:-3] + "xyz").status_code == 404  # a forged link


def test_who_and_what_only_for_a_person_who_asked_and_never_the_words(
        app, open_family, parent, resource_parent, smtp):
    instant_email(parent)
    choices.settings_row(parent.id).show_details = True
    db.session.commit()
    say(signed_in(app, resource_parent), open_family, "Mia lost her first tooth today")
    as_worker(app, delivery.deliver_due, tomorrow_at(12))
    (mail,) = smtp.inbox.messages
    assert mail["Subject"] == "Rosa sent a message."
    assert "tooth" not in mail.get_content()


def test_an_email_in_the_readers_language(app, open_family, parent, resource_parent, smtp):
    resource_parent.email = "rosa@example.org"
    instant_email(resource_parent)
    say(signed_in(app, parent), open_family, "See you Thursday")
    as_worker(app, delivery.deliver_due, tomorrow_at(12))
    (mail,) = smtp.inbox.messages
    assert mail["Content-Language"] == "es"
    assert mail["Subject"] == "Algo nuevo en Hearth"


def test_quiet_hours_hold_a_ping_until_they_end(app, open_family, parent, resource_parent,
                                                 smtp):
    instant_email(parent)
    choices.settings_row(parent.id).quiet_hours = True  # 21:00 to 07:00, her family's clock
    db.session.commit()
    say(signed_in(app, resource_parent), open_family, "Goodnight")
    assert as_worker(app, delivery.deliver_due, tomorrow_at(22)) == 0
    (row,) = db.session.scalars(select(NotificationDelivery)).all()
    assert row.status is DeliveryStatus.WAITING
    assert row.due_at == tomorrow_at(7) + timedelta(days=1)  # the next morning, 07:00
    assert as_worker(app, delivery.deliver_due, tomorrow_at(23, 59)) == 0
    assert smtp.inbox.messages == []
    assert as_worker(app, delivery.deliver_due, tomorrow_at(7) + timedelta(days=1)) == 1
    assert len(smtp.inbox.messages) == 1


def test_the_daily_summary_goes_once_at_the_chosen_time(app, open_family, parent,
                                                         resource_parent, smtp):
    rosa = signed_in(app, resource_parent)
    for text in ("One", "Two", "Three"):
        say(rosa, open_family, text)
    rows = db.session.scalars(select(NotificationDelivery)).all()
    assert {row.mode for row in rows} == {Mode.SUMMARY}  # email's default: once a day
    assert as_worker(app, delivery.send_summaries, tomorrow_at(7, 29)) == 0
    # Two workers at the same minute: one sends the day's summary.
    assert as_worker(app, delivery.send_summaries, tomorrow_at(7, 30)) == 1
    assert as_worker(app, delivery.send_summaries, tomorrow_at(7, 30)) == 0
    (mail,) = smtp.inbox.messages
    assert mail["Subject"] == "Your Hearth summary"
    assert "You have 3 new things in Hearth." in mail.get_content()
    # Later that day, a new message waits for tomorrow's summary.
    say(rosa, open_family, "Four")
    assert as_worker(app, delivery.send_summaries, tomorrow_at(18)) == 0
    assert as_worker(app, delivery.send_summaries, tomorrow_at(7, 30) + timedelta(days=1)) == 1


def test_a_worker_killed_mid_send_leaves_its_rows_to_be_sent_once_after(
        app, open_family, parent, resource_parent, smtp):
    instant_email(parent)
    say(signed_in(app, resource_parent), open_family, "Hello")
    now = tomorrow_at(12)
    # The dead worker claimed the row and never wrote what happened.
    claimed = as_worker(app, delivery._claim, [parent.id], Channel.EMAIL, Mode.INSTANT, now)
    assert len(claimed[parent.id]) == 1
    assert as_worker(app, delivery.deliver_due, now + timedelta(minutes=1)) == 0  # its claim holds
    assert as_worker(app, delivery.deliver_due, now + delivery.CLAIM_FOR
                     + timedelta(seconds=1)) == 1
    assert as_worker(app, delivery.deliver_due, now + timedelta(hours=1)) == 0
    assert len(smtp.inbox.messages) == 1


def test_a_server_that_refuses_is_tried_again_later_then_the_row_is_marked_failed(
        app, open_family, parent, resource_parent, smtp):
    instant_email(parent)
    say(signed_in(app, resource_parent), open_family, "Private words")
    smtp.inbox.refuse = "451 Try again later"
    now = tomorrow_at(12)
    for attempt in range(1, delivery.MAX_ATTEMPTS + 1):
        assert as_worker(app, delivery.deliver_due, now) == 0
        (row,) = db.session.scalars(select(NotificationDelivery)).all()
        assert row.attempts == attempt and row.last_error == "SMTP 451"
        if attempt < delivery.MAX_ATTEMPTS:
            assert row.status is DeliveryStatus.WAITING
            assert row.due_at == now + delivery.backoff(attempt)
            now = row.due_at
    assert row.status is DeliveryStatus.FAILED
    assert smtp.inbox.messages == []


def test_declined_or_hidden_before_sending_sends_nothing(app, open_family, parent,
                                                         resource_parent, caseworker, smtp):
    instant_email(parent)
    say(signed_in(app, resource_parent), open_family, "A marker: red giraffe")
    (news,) = notifications_of(parent)
    # Hidden by the moderation service the way a view would, then the worker runs.
    signed_in(app, caseworker).post(
        f"/families/{open_family.id}/messages/{news.subject_id}/hide", data={"reason": "No"})
    assert as_worker(app, delivery.deliver_due, tomorrow_at(12)) == 0
    (row,) = db.session.scalars(select(NotificationDelivery)).all()
    assert row.status is DeliveryStatus.DROPPED
    assert smtp.inbox.messages == []


def test_a_line_the_reader_may_no_longer_see_is_dropped_at_sending(
        app, open_family, parent, resource_parent, smtp):
    """The send-time check itself: a row still waiting (moderation did not mark it) about a
    message no longer shared is not sent."""
    instant_email(parent)
    say(signed_in(app, resource_parent), open_family, "Taken back soon")
    (news,) = notifications_of(parent)
    message = db.session.get(Message, news.subject_id)
    message.state = ContentState.WITHDRAWN  # as if changed by a path that forgot to tell
    db.session.commit()
    assert as_worker(app, delivery.deliver_due, tomorrow_at(12)) == 0
    (row,) = db.session.scalars(select(NotificationDelivery)).all()
    assert row.status is DeliveryStatus.DROPPED
    assert row.last_error == "the reader may no longer see it"


# --- The settings page ----------------------------------------------------------------------------

def test_choices_are_saved_from_the_settings_page_in_spanish(app, open_family, resource_parent):
    resource_parent.email = "rosa@example.org"
    db.session.commit()
    rosa = signed_in(app, resource_parent)
    page = rosa.get("/account/notifications").get_data(as_text=True)
    assert "Horas de silencio" in page
    assert re.search(r'<input checked[^>]*name="email_messages"[^>]*value="summary"', page)
    response = rosa.post("/account/notifications", data={
        "email_messages": "instant", "email_shared": "off", "email_family_time": "summary",
        "email_reminders": "instant",
        "email_answers": "summary", "quiet_hours": "y", "quiet_start": "22:00",
        "quiet_end": "06:30", "summary_at": "08:00", "show_details": ""})
    assert response.status_code == 303
    db.session.expire_all()
    assert choices.mode_for(resource_parent.id, Group.MESSAGES, Channel.EMAIL) is Mode.INSTANT
    assert choices.mode_for(resource_parent.id, Group.SHARED, Channel.EMAIL) is Mode.OFF
    row = choices.settings_of(resource_parent.id)
    assert (row.quiet_start, row.quiet_end, row.summary_at) == (time(22), time(6, 30), time(8))
    assert row.show_details is False


def test_bad_input_on_the_settings_page_changes_nothing(app, parent):
    dana = signed_in(app, parent)
    response = dana.post("/account/notifications", data={
        "email_messages": "loud", "quiet_hours": "y", "quiet_start": "25:00",
        "quiet_end": "07:00", "summary_at": "07:30"})
    assert response.status_code == 200
    assert "Please fix what is marked below." in response.get_data(as_text=True)
    assert choices.choices_of(parent.id) == {}
    assert db.session.get(NotificationSettings, parent.id) is None


def test_sam_gets_one_morning_summary_of_what_waits_across_his_caseload(
        app, family, parent, caseworker, smtp):
    """Two reviewed families of his: what waits in both is one email at 07:30, no names."""
    second = factories.make_family(caseworker, name="The Nguyen family")
    linh = factories.make_user(display_name="Linh Nguyen", preferred_name="Linh")
    factories.add_member(second, linh, role=Role.PARENT)
    say(signed_in(app, parent), family, "Can we talk about Thursday?")
    say(signed_in(app, linh), second, "Xin chào")
    assert as_worker(app, delivery.send_summaries, tomorrow_at(7, 30)) == 1
    (mail,) = smtp.inbox.messages
    assert mail["To"] == caseworker.email
    assert "You have 2 new things in Hearth." in mail.get_content()
    assert "Nguyen" not in mail.get_content() and "Dana" not in mail.get_content()
