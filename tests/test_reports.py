"""Reports cannot double, and hiding closes them.

A form sent twice at once saves one report (the unique index refuses the second, and the
person is told they already reported it); an item hidden while the report form was open is
refused calmly, never with an error page. Hiding an item from its own page closes its open
reports in the same change, so the queue keeps no "Reported" card for a hidden item and the
reporter learns their caseworker looked at it.
"""

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from app import moderation
from app.messages import services as message_services
from app.models import AuditEvent, ContentState, Role
from app.models.reports import Report, ReportOutcome
from app.models.types import utcnow
from app.moderation import reports
from tests import factories
from tests.factories import make_report, scope_of
from tests.pages import as_read

# Every kind of shared item has a report form (messages in the thread, the others on a page).
REPORTABLE = ["message", "photo", "event", "about", "family_time"]
HIDEABLE = ["message", "photo", "event", "about"]
WITHDRAWABLE = ["message", "photo", "event", "about"]  # family time is cancelled, not taken back

# What Rosa (who reads Spanish) is told.
ALREADY = "Usted ya le avisó a su trabajador(a) social sobre esto."
NO_LONGER_SHARED = "Esto ya no está compartido."
THANKS = "Gracias. Su trabajador(a) social lo revisará."

PATHS = {"message": "messages", "photo": "photos", "event": "events", "about": "about/versions",
         "family_time": "calendar"}


SECRET = "Only for the family's eyes."


def make_item(kind, family, author):
    """A shared item of `kind` whose words are SECRET, so a page can be checked for them."""
    if kind == "message":
        return factories.make_message(family, author, text=SECRET)
    if kind == "photo":
        return factories.make_photo(family, author, caption=SECRET)
    if kind == "event":
        return factories.make_event(family, author, title=SECRET)
    if kind == "family_time":
        return factories.make_family_time(family, author, notes=SECRET)
    return factories.make_about(family, author, text=SECRET)


def shows_secret(html: str) -> bool:
    return SECRET in html or SECRET.replace("'", "&#39;") in html


def item_url(family, kind, item, action=""):
    return f"/families/{family.id}/{PATHS[kind]}/{item.id}{action}"


def report_count(db) -> int:
    return db.session.scalar(select(func.count(Report.id)))


def actions_since(db, before: int) -> list[str]:
    return [e.action for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.id > before).order_by(AuditEvent.id))]


def last_audit_id(db) -> int:
    return db.session.scalar(select(func.max(AuditEvent.id))) or 0


def flashed(client, response) -> str:
    assert response.status_code == 303
    return as_read(client.get(response.headers["Location"]))


# --- Once per person ------------------------------------------------------------------------

@pytest.mark.parametrize("kind", REPORTABLE)
def test_a_second_report_is_refused_calmly(client, auth, family, parent, resource_parent, db,
                                           kind):
    item = make_item(kind, family, parent)
    auth.login(resource_parent)
    first = client.post(item_url(family, kind, item, "/report"), data={"reason": "Worries me."})
    assert THANKS in flashed(client, first)
    again = client.post(item_url(family, kind, item, "/report"), data={"reason": "Again."})
    assert ALREADY in flashed(client, again)
    assert report_count(db) == 1
    assert db.session.scalar(select(Report.reason)) == "Worries me."


@pytest.mark.parametrize("kind", REPORTABLE)
def test_a_double_tap_saves_one_report(client, auth, family, parent, resource_parent, db,
                                       monkeypatch, kind):
    """The other tap's row lands after this request checked: the unique index refuses it."""
    item = make_item(kind, family, parent)
    make_report(family, resource_parent, item, reason="The first tap.")
    before = last_audit_id(db)
    # Both requests checked before either saved: neither saw a report yet.
    monkeypatch.setattr(reports, "my_report", lambda item, scope: None)
    monkeypatch.setattr(message_services, "reported_by", lambda message, scope: False)
    auth.login(resource_parent)
    response = client.post(item_url(family, kind, item, "/report"),
                           data={"reason": "The second tap."})
    monkeypatch.undo()
    page = flashed(client, response)
    assert ALREADY in page and "Internal Server Error" not in page
    assert report_count(db) == 1
    assert db.session.scalar(select(Report.reason)) == "The first tap."
    assert not [a for a in actions_since(db, before) if a.endswith(".reported")]


def test_the_database_refuses_a_second_report_by_the_same_person(family, parent,
                                                                 resource_parent, db):
    from sqlalchemy.exc import IntegrityError

    item = make_item("photo", family, parent)
    make_report(family, resource_parent, item)
    with pytest.raises(IntegrityError):
        make_report(family, resource_parent, item, reason="Again.")
    db.session.rollback()
    other = factories.make_user(display_name="Jo Rivera")
    factories.add_member(family, other, role=Role.PARENT)
    make_report(family, other, item)  # another person may still report it
    assert report_count(db) == 2


def _hide_while_the_form_is_open(monkeypatch, module, name, caseworker, family):
    """The caseworker hides the item right after this request checked it was shared."""
    real = getattr(module, name)
    done = []

    def checked(item, scope):
        allowed = real(item, scope)
        if allowed and not done:
            done.append(True)
            moderation.hide(item, scope_of(caseworker, family), "Hidden meanwhile.")
            set_committed_value(item, "state", ContentState.VISIBLE)  # what the request read
        return allowed

    monkeypatch.setattr(module, name, checked)


@pytest.mark.parametrize("kind", REPORTABLE)
def test_an_item_hidden_while_the_form_was_open_is_no_longer_shared(
        client, auth, family, parent, resource_parent, caseworker, db, monkeypatch, kind):
    item = make_item(kind, family, parent)
    module, name = ((message_services, "may_report") if kind == "message"
                    else (reports, "may_report"))
    _hide_while_the_form_is_open(monkeypatch, module, name, caseworker, family)
    auth.login(resource_parent)
    response = client.post(item_url(family, kind, item, "/report"),
                           data={"reason": "Worries me."})
    monkeypatch.undo()
    page = flashed(client, response)
    assert NO_LONGER_SHARED in page and not shows_secret(page)
    assert report_count(db) == 0
    db.session.refresh(item)
    assert item.state is ContentState.HIDDEN


def test_a_message_hidden_meanwhile_is_swapped_for_the_notice_alone_with_htmx(
        client, auth, family, parent, resource_parent, caseworker, db, monkeypatch):
    message = make_item("message", family, parent)
    _hide_while_the_form_is_open(monkeypatch, message_services, "may_report", caseworker,
                                 family)
    auth.login(resource_parent)
    response = client.post(item_url(family, "message", message, "/report"),
                           data={"reason": "Worries me."}, headers={"HX-Request": "true"})
    html = as_read(response)
    assert response.status_code == 200
    assert f'id="m{message.id}"' in html and NO_LONGER_SHARED in html
    assert not shows_secret(html) and "<form" not in html
    assert report_count(db) == 0


# --- Hiding closes the item's reports ---------------------------------------------------------

@pytest.mark.parametrize("kind", HIDEABLE)
def test_hiding_from_the_items_page_closes_its_open_reports(
        client, auth, family, parent, resource_parent, caseworker, db, kind):
    item = make_item(kind, family, parent)
    rosas = make_report(family, resource_parent, item, reason="Mia's school shows.")
    jo = factories.make_user(display_name="Jo Rivera")
    factories.add_member(family, jo, role=Role.PARENT)
    kept = make_report(family, jo, item, reason="Looked at before.",
                       resolved_at=utcnow(), resolved_by_id=caseworker.id,
                       outcome=ReportOutcome.KEPT)
    auth.login(caseworker)
    assert f'id="q-{kind}-{item.id}"' in as_read(client.get(
        f"/families/{family.id}/queue"))
    before = last_audit_id(db)

    response = client.post(item_url(family, kind, item, "/hide"),
                           data={"reason": "A school name."})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(type(item), item.id).state is ContentState.HIDDEN
    rosas, kept = db.session.get(Report, rosas.id), db.session.get(Report, kept.id)
    assert rosas.outcome is ReportOutcome.HIDDEN and rosas.resolved_at is not None
    assert rosas.resolved_by_id == caseworker.id and rosas.resolution == "A school name."
    assert kept.outcome is ReportOutcome.KEPT and kept.resolution == ""  # left as it was
    # One event for the hide and one for closing the reports, as from the review queue.
    assert actions_since(db, before) == [f"{item.audit_name}.hidden", "report.resolved"]
    closing = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "report.resolved"))
    assert closing.detail["reports"] == 1 and closing.detail["outcome"] == "hidden"
    queue = as_read(client.get(f"/families/{family.id}/queue"))
    assert f'id="q-{kind}-{item.id}"' not in queue and "Mia&#39;s school shows." not in queue
    # Rosa learns only that her caseworker looked at it.
    hidden = db.session.get(type(item), item.id)
    assert reports.report_state(hidden, scope_of(resource_parent, family)) == reports.LOOKED_AT


def test_hiding_an_unreported_item_writes_one_event(family, parent, caseworker, db):
    item = make_item("photo", family, parent)
    before = last_audit_id(db)
    moderation.hide(item, scope_of(caseworker, family), "Another child's face.")
    assert actions_since(db, before) == ["photo.hidden"]


def test_only_the_caseworker_closes_reports(family, parent, resource_parent, db):
    item = make_item("message", family, parent)
    report = make_report(family, resource_parent, item)
    with pytest.raises(moderation.NotAllowed):
        moderation.close_reports(item, scope_of(parent, family), ReportOutcome.HIDDEN, "")
    assert db.session.get(Report, report.id).is_open


# --- "About me" and family time are reported from their own page --------------------------

WAITS = "Usted avisó a su trabajador(a) social. Lo revisará."
LOOKED = "Usted avisó a su trabajador(a) social. Ya lo revisó."


def page_url(family, kind, item):
    if kind == "about":
        return f"/families/{family.id}/children/{item.child_id}/about"
    return item_url(family, kind, item)


@pytest.mark.parametrize("kind", ["about", "family_time"])
def test_about_me_and_family_time_are_reported_like_photos_and_events(
        client, auth, family, parent, resource_parent, caseworker, db, kind):
    item = make_item(kind, family, parent)
    report_url = item_url(family, kind, item, "/report")
    auth.login(parent)  # the author does not report their own
    assert report_url not in as_read(client.get(page_url(family, kind, item)))
    assert client.post(report_url, data={"reason": "Mine."}).status_code == 403
    auth.logout()

    auth.login(resource_parent)
    assert report_url in as_read(client.get(page_url(family, kind, item)))
    form = as_read(client.get(report_url))
    assert 'name="reason"' in form and (kind != "about" or shows_secret(form))
    assert client.post(report_url, data={"reason": ""}).status_code == 200  # says what to fix
    before = last_audit_id(db)
    page = flashed(client, client.post(report_url, data={"reason": "Names the school."}))
    assert THANKS in page and WAITS in page and report_url not in page
    assert actions_since(db, before) == [f"{item.audit_name}.reported"]
    auth.logout()

    auth.login(caseworker)
    queue = as_read(client.get(f"/families/{family.id}/queue"))
    assert f'id="q-{kind}-{item.id}"' in queue and "Names the school." in queue
    assert client.post(f"/families/{family.id}/queue/{kind}/{item.id}/keep").status_code == 303
    auth.logout()

    auth.login(resource_parent)
    assert LOOKED in as_read(client.get(page_url(family, kind, item)))


# --- Taking an item back closes its reports ---------------------------------------------------

@pytest.mark.parametrize("kind", WITHDRAWABLE)
def test_taking_an_item_back_closes_its_open_reports(
        client, auth, family, parent, resource_parent, caseworker, db, kind):
    item = make_item(kind, family, parent)
    rosas = make_report(family, resource_parent, item, reason="Mia's school shows.")
    jo = factories.make_user(display_name="Jo Rivera")
    factories.add_member(family, jo, role=Role.PARENT)
    kept = make_report(family, jo, item, reason="Looked at before.", resolved_at=utcnow(),
                       resolved_by_id=caseworker.id, outcome=ReportOutcome.KEPT)
    auth.login(caseworker)
    queue_url = f"/families/{family.id}/queue"
    assert f'id="q-{kind}-{item.id}"' in as_read(client.get(queue_url))
    auth.logout()
    before = last_audit_id(db)

    auth.login(parent)
    assert client.post(item_url(family, kind, item, "/withdraw")).status_code in (200, 303)
    auth.logout()
    db.session.expire_all()
    assert db.session.get(type(item), item.id).state is ContentState.WITHDRAWN
    rosas, kept = db.session.get(Report, rosas.id), db.session.get(Report, kept.id)
    assert rosas.outcome is ReportOutcome.WITHDRAWN and rosas.resolved_at is not None
    assert rosas.resolved_by_id == parent.id
    assert kept.outcome is ReportOutcome.KEPT and kept.resolved_by_id == caseworker.id
    assert actions_since(db, before) == [f"{item.audit_name}.withdrawn", "report.resolved"]
    closing = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "report.resolved"))
    assert closing.detail == {**closing.detail, "reports": 1, "outcome": "withdrawn"}

    auth.login(caseworker)  # nothing is left to act on
    queue = as_read(client.get(queue_url))
    assert f'id="q-{kind}-{item.id}"' not in queue and "Mia&#39;s school shows." not in queue
    record = as_read(client.get(f"/families/{family.id}/record"))
    assert "Dana took back an item that was reported, so its reports closed." in record
    auth.logout()
    # Rosa is not told her caseworker looked at it: nobody did.
    auth.login(resource_parent)
    if kind == "message":
        thread = as_read(client.get(f"/families/{family.id}/messages"))
        assert "Su trabajador(a) social ya lo revisó." not in thread
        assert "Su trabajador(a) social lo revisará." not in thread
    else:
        assert client.get(page_url(family, kind, item)).status_code in (200, 404)
        withdrawn = db.session.get(type(item), item.id)
        assert reports.report_state(withdrawn, scope_of(resource_parent, family)) == reports.CANNOT


def test_a_hide_that_fails_leaves_the_reports_open(family, parent, resource_parent,
                                                    caseworker, db):
    item = factories.make_event(family, parent, ContentState.PENDING)  # not shared: no hiding
    report = make_report(family, resource_parent, item)
    with pytest.raises(moderation.NotAllowed):
        moderation.hide(item, scope_of(caseworker, family), "Too late.")
    db.session.expire_all()
    assert db.session.get(Report, report.id).is_open
