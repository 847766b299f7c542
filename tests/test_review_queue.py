"""The review queue: every kind of item approved, declined or hidden from the queue under both
review levels, the race between two caseworkers, "share all", reports, and who is refused."""

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, ContentState, Membership, ReviewLevel, Role
from app.models.reports import Report, ReportOutcome
from tests import factories
from tests.pages import as_read

KINDS = ["message", "photo", "event", "about", "family_time"]
HIDEABLE = ["message", "photo", "event", "about"]
LEVELS = [ReviewLevel.REVIEWED, ReviewLevel.OPEN]
HTMX = {"HX-Request": "true"}


def make_item(kind, family, author, state=ContentState.PENDING):
    item = factories.SHARED_ITEM_FACTORIES[kind](family, author, state)
    if kind == "event":
        item.title = "Spring concert"
        db.session.commit()
    return item


def audit_count() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)))


def set_level(family, level):
    family.review_level = level
    db.session.commit()


def url(family, kind, item, action):
    return f"/families/{family.id}/queue/{kind}/{item.id}/{action}"


def seen_of(item) -> str:
    """The version the item's card shows, as its Approve button sends it."""
    from app.caseload.kinds import KINDS

    return KINDS[item.audit_name].version(item, None)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("kind", KINDS)
def test_the_queue_shows_a_waiting_item_and_approving_it_shares_it(
        client, auth, family, caseworker, parent, resource_parent, kind, level):
    set_level(family, level)  # items already waiting stay waiting whatever the level
    item = make_item(kind, family, parent)
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/queue"))
    assert f'id="q-{kind}-{item.id}"' in page
    assert url(family, kind, item, "approve") in page
    # Do not share: a reason box in place, which comes back to this queue without JavaScript.
    decline_form = page.split(f'action="{url(family, kind, item, "decline")}"')[1]
    assert 'name="reason"' in decline_form.split("</form>")[0]
    assert f'name="next" value="/families/{family.id}/queue"' in decline_form
    assert f'id="q-{kind}-{item.id}"' in as_read(client.get("/caseload/queue"))

    before = audit_count()
    response = client.post(url(family, kind, item, "approve"),
                           data={"seen": seen_of(item), "next": "/caseload/queue"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/caseload/queue"
    db.session.refresh(item)
    assert item.state is ContentState.VISIBLE
    assert audit_count() == before + 1  # exactly one event per moderation
    assert "Shared with the family." in as_read(client.get("/caseload/queue"))
    assert f'id="q-{kind}-{item.id}"' not in as_read(client.get(
        f"/families/{family.id}/queue"))


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("kind", KINDS)
def test_declining_from_the_queue_needs_a_reason_the_author_reads(
        client, auth, family, caseworker, parent, kind, level):
    set_level(family, level)
    item = make_item(kind, family, parent)
    auth.login(caseworker)
    before = audit_count()

    empty = client.post(url(family, kind, item, "decline"), data={"reason": "  "})
    assert empty.status_code == 422
    assert "This field is required." in as_read(empty)
    db.session.refresh(item)
    assert item.state is ContentState.PENDING and audit_count() == before

    response = client.post(url(family, kind, item, "decline"),
                           data={"reason": "Please leave out the school's name."})
    assert response.status_code == 303
    db.session.refresh(item)
    assert item.state is ContentState.DECLINED
    assert item.state_reason == "Please leave out the school's name."
    assert audit_count() == before + 1


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("kind", HIDEABLE)
def test_a_reported_item_is_hidden_from_the_queue_and_its_report_resolved(
        client, auth, family, caseworker, parent, resource_parent, kind, level):
    set_level(family, level)
    item = make_item(kind, family, parent, ContentState.VISIBLE)
    report = factories.make_report(family, resource_parent, item, reason="Mia's school shows.")
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/queue"))
    assert "Reported once" in page and "Mia&#39;s school shows." in page
    before = audit_count()

    response = client.post(url(family, kind, item, "hide"), data={"reason": "A school name."})
    assert response.status_code == 303
    db.session.refresh(item)
    db.session.refresh(report)
    assert item.state is ContentState.HIDDEN and item.state_reason == "A school name."
    assert report.outcome is ReportOutcome.HIDDEN and report.resolved_at is not None
    actions = [e.action for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.id > 0).order_by(AuditEvent.id))][before:]
    # One moderation event (the hide) and one for closing the report.
    assert actions == [f"{item.audit_name}.hidden", "report.resolved"]


def test_family_time_cannot_be_hidden_from_the_queue(client, auth, family, caseworker, parent):
    item = make_item("family_time", family, parent, ContentState.VISIBLE)
    auth.login(caseworker)
    assert client.post(url(family, "family_time", item, "hide"),
                       data={"reason": "x"}).status_code == 404


def test_with_htmx_the_card_becomes_the_answer(client, auth, family, caseworker, parent):
    item = make_item("photo", family, parent)
    auth.login(caseworker)
    response = client.post(url(family, "photo", item, "approve"), data={"seen": seen_of(item)},
                           headers=HTMX)
    assert response.status_code == 200
    body = as_read(response)
    assert f'id="q-photo-{item.id}"' in body and 'role="status"' in body
    assert "Shared with the family." in body and "<html" not in body
    # An empty reason with htmx: the card comes back with the problem, nothing changes.
    other = make_item("photo", family, parent)
    response = client.post(url(family, "photo", other, "decline"), data={"reason": ""},
                           headers=HTMX)
    assert response.status_code == 422
    assert "Please write a few words first." in as_read(response)
    db.session.refresh(other)
    assert other.is_pending


def test_each_item_is_shown_as_the_family_would_see_it(client, auth, family, caseworker,
                                                       parent, resource_parent):
    factories.make_message(family, resource_parent, text="Mia loved the park.")
    factories.make_message(family, parent, ContentState.DECLINED, text="Never shown to others")
    message = make_item("message", family, parent)
    photo = factories.make_photo(family, parent, ContentState.PENDING, caption="First day")
    old = factories.make_family_time(family, caseworker, place="Library")
    change = factories.make_family_time(family, parent, ContentState.PENDING, place="Park",
                                        replaces_id=old.id)
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/queue"))
    assert "Mia loved the park." in page and message.text in page
    assert "Never shown to others" not in page  # the context is what the family read
    assert f"/families/{family.id}/photos/{photo.id}/display" in page and "First day" in page
    assert "Park" in page and "Library" in page and "A request to change" in page
    assert client.get(f"/families/{family.id}/photos/{photo.id}/display").status_code == 200
    assert change.replaces_id == old.id
    # Across the caseload each card speaks its family's time zone: 5 PM in Los Angeles.
    caseload = as_read(client.get("/caseload/queue"))
    assert re.search(r"5:00\W?PM \W 6:00\W?PM", caseload)


def test_share_all_shows_a_waiting_family_time_request_in_full(client, auth, family,
                                                               caseworker, parent):
    """Issue 22: the page answered 500 for the demo's Rivera family, whose request waits (the
    card read a request's time from an entry nobody had added)."""
    old = factories.make_family_time(family, caseworker, place="Library", days_ahead=6)
    factories.make_family_time(family, parent, ContentState.PENDING, place="Park",
                               replaces_id=old.id, days_ahead=7)
    factories.make_family_time(family, parent, ContentState.PENDING, place="Pool", days_ahead=8)
    auth.login(caseworker)
    response = client.get(f"/families/{family.id}/queue/share-all")
    assert response.status_code == 200
    page = re.sub(r"\s+", " ", as_read(response))
    assert "Share all 2 items?" in page
    assert "Park" in page and "Pool" in page and "A request to change" in page
    assert re.search(r"<dt>When</dt><dd>[^<]*5:00\W?PM \W 6:00\W?PM</dd>", page)
    assert re.search(r"<dt>Instead of</dt><dd>[^<]*5:00\W?PM \W 6:00\W?PM · Library</dd>",
                     page)


def test_a_family_time_request_says_who_it_is_for_and_by_when(client, auth, family, caseworker,
                                                              parent, resource_parent):
    """A request names the parent it is with, the host, the supervision and the date it
    needs an answer by; the author line says it was asked for, not shared."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from app.models import Supervision
    dana = db.session.scalar(select(Membership).filter_by(user_id=parent.id,
                                                          family_id=family.id))
    rosa = db.session.scalar(select(Membership).filter_by(user_id=resource_parent.id,
                                                          family_id=family.id))
    # As the form stores "answer by March 2": the midnight that ends it, in Los Angeles.
    answer_by = datetime(2099, 3, 3, tzinfo=ZoneInfo("America/Los_Angeles"))
    factories.make_family_time(family, parent, ContentState.PENDING, parents=[dana], host=rosa,
                               supervision=Supervision.MONITORED, supervisor="Ms. Patel",
                               confirm_by=answer_by, days_ahead=5)
    auth.login(caseworker)
    for address in (f"/families/{family.id}/queue", "/caseload/queue"):
        page = re.sub(r"\s+", " ", as_read(client.get(address)))
        assert "<dt>Parents</dt><dd>Dana</dd>" in page
        assert "<dt>Who hosts</dt><dd>Rosa</dd>" in page
        assert "<dt>Supervision</dt><dd>Checked in on · Ms. Patel</dd>" in page
        assert "<dt>Answer needed by</dt><dd>March 2, 2099</dd>" in page
        assert "Asked for by Dana," in page and "Shared by Dana" not in page


def test_the_queue_costs_the_same_for_more_family_time_requests(client, auth, caseworker,
                                                                count_queries):
    """Each request names its parents and host: loaded together, never one query a card."""
    auth.login(caseworker)

    def requests(n):
        for i in range(n):
            family = factories.make_family(caseworker, name=f"Family {n}-{i}")
            asker = factories.make_user(display_name=f"Parent {n}-{i}")
            member = factories.add_member(family, asker, role=Role.PARENT)
            host = factories.add_member(family, role=Role.RESOURCE_PARENT)
            factories.make_family_time(family, asker, ContentState.PENDING, parents=[member],
                                       host=host)
    requests(2)
    with count_queries() as two:
        page = as_read(client.get("/caseload/queue"))
    assert "Parent 2-1" in page
    requests(5)
    with count_queries() as seven:
        page = as_read(client.get("/caseload/queue"))
    assert "Parent 5-4" in page
    assert seven.count == two.count, "\n".join(s[:90] for s in seven.statements)


def test_the_buttons_name_their_item_in_the_readers_language(client, auth, family, caseworker,
                                                             parent):
    """A screen reader hears which item each button answers, as one translated phrase."""
    make_item("message", family, parent)
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/queue"))
    assert '<span class="visually-hidden"> · Message from Dana</span>' in page
    client.post("/language", data={"locale": "es", "next": "/"})
    page = as_read(client.get(f"/families/{family.id}/queue"))
    assert '<span class="visually-hidden"> · Mensaje de Dana</span>' in page


def test_two_caseworkers_at_once_one_wins_and_the_other_is_told(client, auth, family,
                                                                caseworker, parent):
    second = factories.make_caseworker(display_name="Jordan Lee")
    factories.add_member(family, second, role=Role.CASEWORKER)
    item = make_item("message", family, parent)
    auth.login(second)
    assert client.post(url(family, "message", item, "approve"),
                       data={"seen": ""}).status_code == 303
    auth.logout()
    before = audit_count()
    auth.login(caseworker)
    response = client.post(url(family, "message", item, "approve"), data={"seen": ""},
                           follow_redirects=True)
    assert "Already approved by someone else." in as_read(response)
    response = client.post(url(family, "message", item, "decline"), data={"reason": "No"},
                           follow_redirects=True)
    assert "Already approved by someone else." in as_read(response)
    db.session.refresh(item)
    assert item.state is ContentState.VISIBLE and item.moderated_by_id == second.id
    assert audit_count() == before  # nothing done twice


def test_a_message_corrected_after_the_page_was_read_is_not_approved_unread(
        client, auth, family, caseworker, parent):
    from app.models.types import utcnow

    item = make_item("message", family, parent)
    auth.login(caseworker)
    item.edited_at = utcnow()  # the author corrected it after the caseworker read it
    db.session.commit()
    response = client.post(url(family, "message", item, "approve"), data={"seen": ""},
                           follow_redirects=True)
    assert "corrected after you opened the page" in as_read(response)
    db.session.refresh(item)
    assert item.is_pending


def test_share_all_shares_what_was_shown_and_counts_what_changed(client, auth, family,
                                                                 caseworker, parent):
    items = [make_item(kind, family, parent) for kind in ("message", "photo", "event")]
    auth.login(caseworker)
    page = client.get(f"/families/{family.id}/queue/share-all")
    text = as_read(page)
    assert "Share all 3 items?" in text
    # What "make sure you have read each one" asks: each item itself, without its buttons.
    assert items[0].text in text and "Spring concert" in text
    assert f"/families/{family.id}/photos/{items[1].id}/display" in text
    assert "/queue/message/" not in text and ">Approve" not in text
    token = text.split('name="items" type="hidden" value="')[1].split('"')[0]

    # Meanwhile: one is taken back, and a new item arrives that nobody has read.
    from app import moderation
    moderation.withdraw(items[2], factories.scope_of(parent, family))
    late = make_item("about", family, parent)
    before = audit_count()
    response = client.post(f"/families/{family.id}/queue/share-all", data={"items": token},
                           follow_redirects=True)
    body = as_read(response)
    assert "2 items are shared with the family." in body
    assert "1 had changed meanwhile and was left as it is." in body
    for item in [*items, late]:
        db.session.refresh(item)
    assert [i.state for i in items] == [ContentState.VISIBLE, ContentState.VISIBLE,
                                        ContentState.WITHDRAWN]
    assert late.is_pending
    assert audit_count() == before + 2  # one event per item shared


def test_share_all_of_another_family_is_404(client, auth, family, other_family, parent):
    other_caseworker = other_family.memberships[0].user
    item = make_item("message", family, parent)
    auth.login(other_caseworker)
    assert client.get(f"/families/{family.id}/queue/share-all").status_code == 404
    assert client.post(f"/families/{family.id}/queue/share-all",
                       data={"items": f"message:{item.id}:"}).status_code == 404
    # Their own family's share-all cannot reach this family's item either.
    client.post(f"/families/{other_family.id}/queue/share-all",
                data={"items": f"message:{item.id}:"})
    db.session.refresh(item)
    assert item.is_pending


# --- Reports ------------------------------------------------------------------------------

def _report_message(client, auth, family, author, reporter, text="A hard message."):
    message = factories.make_message(family, author, text=text)
    auth.login(reporter)
    response = client.post(f"/families/{family.id}/messages/{message.id}/report",
                           data={"reason": "This upset the kids."})
    assert response.status_code == 303
    auth.logout()
    return message


def test_a_report_reaches_the_queue_and_keeping_tells_the_reporter_only(
        client, auth, family, caseworker, parent, resource_parent):
    message = _report_message(client, auth, family, parent, resource_parent)
    auth.login(caseworker)
    page = as_read(client.get("/caseload/queue"))
    assert "Reported: Message" in page and "This upset the kids." in page
    assert "Rosa" in page  # the caseworker sees who reported
    before = audit_count()
    response = client.post(url(family, "message", message, "keep"), follow_redirects=True)
    assert "The person who reported it is told you looked at it." in response.get_data(
        as_text=True)
    assert audit_count() == before + 1
    report = db.session.scalar(select(Report))
    assert report.outcome is ReportOutcome.KEPT and report.resolved_by_id == caseworker.id
    db.session.refresh(message)
    assert message.is_visible
    auth.logout()

    auth.login(resource_parent)
    thread = as_read(client.get(f"/families/{family.id}/messages"))
    assert "Su trabajador(a) social ya lo revisó." in thread  # Rosa reads Spanish
    auth.logout()
    auth.login(parent)  # the author learns nothing of the report
    thread = as_read(client.get(f"/families/{family.id}/messages"))
    assert "looked at this" not in thread and "upset the kids" not in thread


def test_talk_with_the_family_keeps_a_note_for_staff_only(client, auth, family, caseworker,
                                                          parent, resource_parent):
    message = _report_message(client, auth, family, parent, resource_parent)
    auth.login(caseworker)
    empty = client.post(url(family, "message", message, "talk"), data={"note": ""})
    assert empty.status_code == 422
    assert db.session.scalar(select(Report)).resolved_at is None
    client.post(url(family, "message", message, "talk"),
                data={"note": "Call Dana about tone on Monday."})
    report = db.session.scalar(select(Report))
    assert report.outcome is ReportOutcome.TALK
    assert report.resolution == "Call Dana about tone on Monday."
    auth.logout()
    for member in (resource_parent, parent):
        auth.login(member)
        thread = as_read(client.get(f"/families/{family.id}/messages"))
        assert "Call Dana" not in thread
        auth.logout()


def test_two_caseworkers_resolving_one_report(client, auth, family, caseworker, parent,
                                              resource_parent):
    second = factories.make_caseworker(display_name="Jordan Lee")
    factories.add_member(family, second, role=Role.CASEWORKER)
    message = _report_message(client, auth, family, parent, resource_parent)
    auth.login(second)
    client.post(url(family, "message", message, "keep"))
    auth.logout()
    auth.login(caseworker)
    before = audit_count()
    response = client.post(url(family, "message", message, "talk"), data={"note": "Call"},
                           follow_redirects=True)
    assert "Someone else already looked at this report." in as_read(response)
    assert audit_count() == before
    assert db.session.scalar(select(Report)).outcome is ReportOutcome.KEPT


def test_several_reports_of_one_item_are_one_card_and_reporters_stay_private(
        client, auth, family, caseworker, parent, resource_parent):
    photo = factories.make_photo(family, caseworker)
    factories.make_report(family, parent, photo, reason="Shows our street.")
    factories.make_report(family, resource_parent, photo, reason="Our house number.")
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/queue"))
    assert page.count(f'id="q-photo-{photo.id}"') == 1 and "Reported 2 times" in page
    client.post(url(family, "photo", photo, "keep"))
    assert db.session.scalar(select(func.count(Report.id)).where(
        Report.resolved_at.is_(None))) == 0


# --- Who is refused -----------------------------------------------------------------------

def test_a_caseworker_of_another_family_gets_404_and_changes_nothing(
        client, auth, family, other_family, parent, resource_parent):
    other_caseworker = other_family.memberships[0].user
    item = make_item("photo", family, parent)
    shared = make_item("message", family, parent, ContentState.VISIBLE)
    factories.make_report(family, resource_parent, shared)
    auth.login(other_caseworker)
    assert client.get(f"/families/{family.id}/queue").status_code == 404
    before = audit_count()
    for action, data in (("approve", {}), ("decline", {"reason": "x"})):
        assert client.post(url(family, "photo", item, action), data=data).status_code == 404
    for action, data in (("hide", {"reason": "x"}), ("keep", {}), ("talk", {"note": "x"})):
        assert client.post(url(family, "message", shared, action),
                           data=data).status_code == 404
    # Their own family's URL with this family's item id: still 404.
    assert client.post(url(other_family, "photo", item, "approve")).status_code == 404
    queue = as_read(client.get("/caseload/queue"))
    assert f"q-photo-{item.id}" not in queue and "The Rivera family" not in queue
    db.session.refresh(item)
    assert item.is_pending and audit_count() == before


@pytest.mark.parametrize("member", ["parent", "resource_parent"])
def test_members_are_refused(request, client, auth, family, member):
    user = request.getfixturevalue(member)
    item = make_item("photo", family, user)
    auth.login(user)
    assert client.get(f"/families/{family.id}/queue").status_code == 403
    assert client.post(url(family, "photo", item, "approve")).status_code == 403
    assert client.get(f"/families/{family.id}/queue/share-all").status_code == 403
    for path in ("/caseload", "/caseload/queue", "/caseload/counts"):
        assert client.get(path).status_code == 404
    db.session.refresh(item)
    assert item.is_pending


@pytest.mark.parametrize("visitor", ["pending_member", "suspended_member", None])
def test_pending_paused_and_signed_out_are_refused(request, client, auth, family, parent,
                                                   visitor):
    item = make_item("photo", family, parent)
    if visitor:
        auth.login(request.getfixturevalue(visitor))
    assert client.get(f"/families/{family.id}/queue").status_code == 404
    assert client.post(url(family, "photo", item, "approve")).status_code == 404
    for path in ("/caseload", "/caseload/queue", "/caseload/counts"):
        assert client.get(path).status_code == 404


def test_a_paused_caseworker_membership_drops_the_family_from_the_caseload(
        client, auth, family, caseworker, parent):
    make_item("photo", family, parent)
    membership = db.session.scalar(select(Membership).filter_by(user_id=caseworker.id))
    membership.status = factories.MembershipStatus.ENDED
    db.session.commit()
    auth.login(caseworker)
    assert "The Rivera family" not in as_read(client.get("/caseload/queue"))
    assert client.get(f"/families/{family.id}/queue").status_code == 404


@pytest.mark.parametrize("kind", ["photo", "event"])
def test_photos_and_events_are_reported_like_messages(client, auth, family, caseworker, parent,
                                                     resource_parent, kind):
    item = make_item(kind, family, parent, ContentState.VISIBLE)
    page_url = (f"/families/{family.id}/photos/{item.id}" if kind == "photo"
                else f"/families/{family.id}/events/{item.id}")
    auth.login(parent)  # the author does not report their own
    assert f"{page_url}/report" not in as_read(client.get(page_url))
    assert client.post(f"{page_url}/report", data={"reason": "x"}).status_code == 403
    auth.logout()

    auth.login(resource_parent)
    assert f'href="{page_url}/report"' in as_read(client.get(page_url))
    empty = client.post(f"{page_url}/report", data={"reason": ""})
    assert empty.status_code == 200 and db.session.scalar(select(func.count(Report.id))) == 0
    before = audit_count()
    assert client.post(f"{page_url}/report",
                       data={"reason": "It shows our street."}).status_code == 303
    client.post(f"{page_url}/report", data={"reason": "Again"})  # sent twice: one report
    assert audit_count() == before + 1
    assert db.session.scalar(select(func.count(Report.id))) == 1
    assert "Usted avisó a su trabajador(a) social. Lo revisará." in client.get(page_url).get_data(
        as_text=True)
    auth.logout()

    auth.login(caseworker)
    queue = as_read(client.get(f"/families/{family.id}/queue"))
    assert f'id="q-{kind}-{item.id}"' in queue and "It shows our street." in queue
    client.post(url(family, kind, item, "keep"))
    auth.logout()
    auth.login(resource_parent)
    assert "Ya lo revisó." in as_read(client.get(page_url))


def test_reviewing_across_families_is_for_caseworker_scopes_only(app, family, caseworker,
                                                                 parent):
    from app import moderation
    from app.models import Photo

    with pytest.raises(moderation.NotAllowed):
        moderation.reviewable(Photo, [factories.scope_of(caseworker, family),
                                      factories.scope_of(parent, family)])


def test_huge_or_odd_numbers_in_the_queue_address_and_share_all_change_nothing(
        client, auth, family, caseworker, parent):
    item = make_item("message", family, parent)
    auth.login(caseworker)
    huge = "9" * 25
    for after in (f"2026-01-01T00:00:00+00:00~1~{huge}", "x~y~z", f"~~{huge}"):
        assert client.get(f"/families/{family.id}/queue", query_string={"after": after}
                          ).status_code == 200
        assert client.get("/caseload/queue", query_string={"after": after}).status_code == 200
    response = client.post(f"/families/{family.id}/queue/share-all",
                           data={"items": f"message:{huge}: message:-1: photo:1e9:"},
                           follow_redirects=True)
    assert response.status_code == 200
    db.session.refresh(item)
    assert item.is_pending


@pytest.mark.parametrize("moment", [
    "0001-01-01T00:00:00+14:00",  # before year 1 in UTC
    "9999-12-31T23:59:59-14:00",  # after year 9999 in UTC
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00+00:00",
    "2026-01-01T00:00:00",  # no offset
])
def test_a_cursor_with_an_out_of_range_date_is_the_first_page(client, auth, family, caseworker,
                                                               parent, moment):
    make_item("message", family, parent)
    auth.login(caseworker)
    for address in (f"/families/{family.id}/queue", "/caseload/queue"):
        response = client.get(address, query_string={"after": f"{moment}~1~1"})
        assert response.status_code == 200
        assert 'id="q-message-' in as_read(response)
