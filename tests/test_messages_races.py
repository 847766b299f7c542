"""What a second look found: a caseworker approves only the words they read; a message taken
back before anyone could read it leaves no trace for others; a correction never overwrites a
caseworker's decision; one report per person; a line break counts as one character; a poll
from someone who may no longer see the thread is refused."""

from sqlalchemy.orm.attributes import set_committed_value

from app import moderation
from app.messages import services
from app.models import ContentState, Membership, MembershipStatus, Message
from app.models.reports import Report
from app.moderation import NotAllowed
from tests.factories import make_message, scope_of
from tests.test_messages import current_version, idle_poll, page, send, thread_url
from tests.test_messages_changes import message_url, open_family  # noqa: F401


def test_a_correction_after_the_caseworker_read_it_is_not_approved_unread(
        client, auth, family, parent, caseworker, resource_parent, db):
    # The family is reviewed: Dana's message waits; Sam reads it, then Dana corrects it.
    message = make_message(family, parent, ContentState.PENDING, text="See you at 3.")
    auth.login(caseworker)
    html = page(client, family)
    assert 'name="seen" value=""' in html
    services.correct(message, scope_of(parent, family), "Something Sam never read.")
    response = client.post(message_url(family, message, "/approve"), data={"seen": ""},
                           follow_redirects=True)
    assert "This message has changed" in response.get_data(as_text=True)
    db.session.refresh(message)
    assert message.state is ContentState.PENDING
    # Read again, then approved: the form now carries the corrected version.
    html = page(client, family)
    seen = message.edited_at.isoformat()
    assert f'name="seen" value="{seen}"' in html
    client.post(message_url(family, message, "/approve"), data={"seen": seen})
    db.session.refresh(message)
    assert message.state is ContentState.VISIBLE


def test_the_approval_itself_fails_if_the_text_changed_after_it_was_loaded(
        family, parent, caseworker, db):
    message = make_message(family, parent, ContentState.PENDING, text="See you at 3.")
    seen = message.edited_at  # None: the first version
    services.correct(message, scope_of(parent, family), "Changed in between.")
    try:
        moderation.approve(message, scope_of(caseworker, family), unchanged={"edited_at": seen})
        raise AssertionError("approved a version nobody read")
    except NotAllowed:
        pass
    assert db.session.get(Message, message.id).state is ContentState.PENDING


def test_a_message_taken_back_while_waiting_leaves_no_trace_for_others(
        client, auth, family, parent, resource_parent, db):
    message = make_message(family, parent, ContentState.PENDING, text="Never mind.")
    moderation.withdraw(message, scope_of(parent, family))
    auth.login(resource_parent)
    html = page(client, family)
    assert "Never mind." not in html and "retiró un mensaje" not in html
    assert f'id="m{message.id}"' not in html


def test_a_shared_message_taken_back_still_shows_that_it_was_there(
        client, auth, open_family, parent, resource_parent, db):  # noqa: F811
    message = make_message(open_family, parent, text="Oops, wrong family.")
    moderation.withdraw(message, scope_of(parent, open_family))
    auth.login(resource_parent)
    html = page(client, open_family)
    assert f'id="m{message.id}"' in html and "Oops, wrong family." not in html


def test_a_correction_never_overwrites_a_caseworkers_hide(
        open_family, parent, caseworker, db):  # noqa: F811
    message = make_message(open_family, parent, text="First words.")
    stale = db.session.get(Message, message.id)  # Dana's page loaded it while shared
    moderation.hide(db.session.get(Message, message.id), scope_of(caseworker, open_family),
                    "Not kind.")
    set_committed_value(stale, "state", ContentState.VISIBLE)  # what her request still believes
    try:
        services.correct(stale, scope_of(parent, open_family), "Sneaky new words.")
        raise AssertionError("corrected a hidden message")
    except NotAllowed:
        pass
    db.session.expire_all()
    assert db.session.get(Message, message.id).text == "First words."


def test_one_report_per_person_and_message(client, auth, open_family, parent,  # noqa: F811
                                           resource_parent, db):
    message = make_message(open_family, parent, text="You never listen.")
    auth.login(resource_parent)
    for _ in range(2):
        response = client.post(message_url(open_family, message, "/report"),
                               data={"reason": "This felt unkind."}, follow_redirects=True)
        assert response.status_code == 200
    assert db.session.scalar(db.select(db.func.count(Report.id))) == 1
    assert "Usted avisó sobre este mensaje" in response.get_data(as_text=True)


def test_a_line_break_counts_as_one_character(client, auth, app, open_family,  # noqa: F811
                                              parent, db):
    limit = app.config["MESSAGE_MAX_LENGTH"]
    line = "x" * 99
    text = "\r\n".join([line] * (limit // 100))  # fits the box: each break is one character
    assert len(text.replace("\r\n", "\n")) <= limit < len(text)
    auth.login(parent)
    assert send(client, open_family, text).status_code == 303
    stored = db.session.scalars(db.select(Message)).one().text
    assert "\r" not in stored and stored.count("\n") == limit // 100 - 1


def test_a_poll_from_someone_paused_is_refused_like_every_family_url(
        client, auth, open_family, parent, db):  # noqa: F811
    auth.login(parent)
    page(client, open_family)
    version = current_version(db, open_family)
    membership = db.session.scalar(db.select(Membership).filter_by(user_id=parent.id))
    membership.status = MembershipStatus.SUSPENDED
    db.session.commit()
    assert idle_poll(client, open_family, version).status_code == 404  # messages.js stops
    assert client.get(thread_url(open_family)).status_code == 404
