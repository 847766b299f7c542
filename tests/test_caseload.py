"""The caseload dashboard: each family with what waits, most in need first, in a fixed number
of queries; the counts refresh with htmx; `/` leads staff there."""

import html
import re
from datetime import timedelta

from app.caseload import services
from app.concerns import services as concerns
from app.extensions import db
from app.models import AuditEvent, ContentState, MembershipStatus, Role
from app.models.types import utcnow
from tests import factories

HTMX = {"HX-Request": "true"}


def busy_family(caseworker, name, *, messages=1, photos=0, waiting_people=0):
    family = factories.make_family(caseworker, name=name)
    author = factories.make_user(display_name=f"Parent of {name}")
    factories.add_member(family, author, role=Role.PARENT)
    for _ in range(messages):
        factories.make_message(family, author, ContentState.PENDING)
    for _ in range(photos):
        factories.make_photo(family, author, ContentState.PENDING, with_files=False)
    for _ in range(waiting_people):
        factories.add_member(family, status=MembershipStatus.PENDING)
    return family, author


def test_counts_per_family_and_kind(app, caseworker, family, parent, resource_parent):
    factories.make_message(family, parent, ContentState.PENDING)
    factories.make_message(family, parent, ContentState.VISIBLE)  # shared: nothing to do
    factories.make_photo(family, parent, ContentState.PENDING, with_files=False)
    factories.make_event(family, parent, ContentState.PENDING)
    factories.make_about(family, parent, ContentState.PENDING)
    factories.make_about(family, parent, ContentState.DECLINED)
    planned = factories.make_family_time(family, caseworker, days_ahead=3)
    factories.make_family_time(family, parent, ContentState.PENDING)
    factories.make_family_time(family, parent, ContentState.PENDING, replaces_id=planned.id)
    # A request past its confirm-by date waits no more.
    factories.make_family_time(family, parent, ContentState.PENDING,
                               confirm_by=utcnow() - timedelta(hours=1))
    shared = factories.make_photo(family, parent, with_files=False)
    factories.make_report(family, resource_parent, shared)
    factories.add_member(family, status=MembershipStatus.PENDING)
    other = factories.make_family(name="Not Sam's family")  # another caseworker's
    factories.make_message(other, other.memberships[0].user, ContentState.PENDING)

    factories.make_concern(family, parent)
    resolved = factories.make_concern(family, resource_parent)
    concerns.resolve(factories.scope_of(caseworker, family), resolved, "We agreed on a time.")
    [line] = services.caseload_counts(caseworker)
    assert line.family.id == family.id
    assert line.counts == {"people": 1, "message": 1, "photo": 1, "event": 1, "about": 1,
                           "family_time": 1, "family_time_change": 1, "report": 1,
                           "concern": 1}
    assert line.total == 9 and line.items_to_review == 7
    assert line.next_family_time == planned.starts_at
    assert line.last_activity is not None
    assert line.oldest_waiting is not None


def test_last_activity_leaves_out_views_and_downloads(app, caseworker, family, admin):
    """Someone reading or downloading the record is not something happening in the family."""
    from app.models.audit import record
    db.session.execute(db.delete(AuditEvent))
    quiet = factories.make_family(caseworker, name="The quiet family")
    db.session.execute(db.delete(AuditEvent).where(AuditEvent.family_id == quiet.id))
    three_days_ago, an_hour_ago = utcnow() - timedelta(days=3), utcnow() - timedelta(hours=1)
    done = record("message.edited", actor=caseworker, family_id=family.id)
    done.created_at = three_days_ago
    for target in (family, quiet):
        for action in ("family.viewed_by_admin", "family.exported",
                       "family_time.record_viewed", "family_time.record_exported"):
            record(action, actor=admin, family_id=target.id).created_at = an_hour_ago
    db.session.commit()
    lines = {line.family.id: line for line in services.caseload_counts(caseworker)}
    assert lines[family.id].last_activity == three_days_ago
    assert lines[quiet.id].last_activity is None


def test_the_neediest_family_comes_first(app, caseworker):
    quiet, _ = busy_family(caseworker, "The Quiet family", messages=0)
    older, _ = busy_family(caseworker, "The Older family", messages=2)
    busiest, _ = busy_family(caseworker, "The Busy family", messages=2, photos=2)
    newer, _ = busy_family(caseworker, "The Newer family", messages=2)
    order = [line.family.id for line in services.caseload_counts(caseworker)]
    # Most waiting first; between equals, whoever has waited longest.
    assert order == [busiest.id, older.id, newer.id, quiet.id]


def test_the_dashboard_page(client, auth, caseworker, family, parent):
    factories.make_message(family, parent, ContentState.PENDING)
    factories.make_message(family, parent, ContentState.PENDING)
    factories.add_member(family, status=MembershipStatus.PENDING)
    auth.login(caseworker)
    page = client.get("/caseload").get_data(as_text=True)
    assert "The Rivera family" in page
    assert "2 messages to read" in page and "1 person waiting to join" in page
    assert f'href="/families/{family.id}/queue"' in page and "Review 2 items" in page
    assert f'href="/families/{family.id}/people"' in page
    assert 'hx-get="/caseload/counts"' in page and 'hx-trigger="every 60s"' in page
    assert "No family time planned in the next month." in page


def test_the_counts_fragment_refreshes_with_htmx(client, auth, caseworker, family, parent):
    auth.login(caseworker)
    first = client.get("/caseload/counts", headers=HTMX).get_data(as_text=True)
    assert "<html" not in first and "Nothing waits for you here." in first
    factories.make_photo(family, parent, ContentState.PENDING, with_files=False)
    response = client.get("/caseload/counts", headers=HTMX)
    assert "1 photo to look at" in response.get_data(as_text=True)
    assert 'hx-trigger="every 60s"' in response.get_data(as_text=True)  # keeps polling
    assert response.headers["Cache-Control"] == "no-store"
    # Without JavaScript the address leads to the page.
    assert client.get("/caseload/counts").headers["Location"] == "/caseload"


def test_a_fixed_number_of_queries_whatever_the_caseload(app, caseworker, count_queries):
    # Both sizes hold every kind of row (a relationship loaded "in" one query is only asked
    # for when there is something to load): what must not grow is the count with more families.
    for n in range(2):
        family, author = busy_family(caseworker, f"Family {n}", messages=2, photos=1,
                                     waiting_people=1)
        factories.make_family_time(family, caseworker)
    db.session.expire_all()
    with count_queries() as two:
        assert len(services.caseload_counts(caseworker)) == 2
    for n in range(2, 6):
        family, author = busy_family(caseworker, f"Family {n}", messages=3, photos=2)
        factories.make_family_time(family, caseworker)
        factories.make_report(family, author, factories.make_photo(family, caseworker,
                                                                   with_files=False))
    db.session.expire_all()
    with count_queries() as six:
        assert len(services.caseload_counts(caseworker)) == 6
    assert six.count == two.count
    assert two.count <= 16  # one grouped query per counter (app/caseload/services.py) + 7


def test_the_queue_page_costs_the_same_for_more_families(client, auth, caseworker,
                                                         count_queries):
    auth.login(caseworker)
    for n in range(2):
        busy_family(caseworker, f"Family {n}", messages=1, photos=1)
    with count_queries() as two:
        assert client.get("/caseload/queue").status_code == 200
    for n in range(2, 6):
        busy_family(caseworker, f"Family {n}", messages=1, photos=1)
    with count_queries() as six:
        assert client.get("/caseload/queue").status_code == 200
    assert six.count == two.count


def test_the_queue_is_paged_by_keyset_oldest_first(client, auth, caseworker, family, parent,
                                                   monkeypatch):
    from app.caseload import queue

    monkeypatch.setattr(queue, "PAGE_SIZE", 3)
    made = [factories.make_message(family, parent, ContentState.PENDING, text=f"Note {i}")
            for i in range(4)]
    made += [factories.make_photo(family, parent, ContentState.PENDING, with_files=False)
             for _ in range(2)]
    auth.login(caseworker)
    seen, url = [], "/caseload/queue"
    while url:
        page = client.get(url).get_data(as_text=True)
        seen += [(kind, int(item_id)) for kind, item_id
                 in re.findall(r'<article class="queue-card[^"]*" id="q-(\w+?)-(\d+)"', page)]
        more = re.search(r'href="(/caseload/queue\?after=[^"]+)"', page)
        url = html.unescape(more.group(1)) if more else None
    assert len(seen) == 6
    assert seen == [(i.audit_name, i.id) for i in made]


def test_home_leads_staff_to_their_caseload_and_admins_to_admin(client, auth, caseworker,
                                                                family, admin):
    auth.login(caseworker)
    assert client.get("/").headers["Location"] == "/caseload"
    auth.logout()
    auth.login(admin)
    assert client.get("/").headers["Location"] == "/admin"
    auth.logout()
    newcomer = factories.make_caseworker(display_name="New Worker")
    auth.login(newcomer)  # staff without families yet: the family list, to create one
    assert client.get("/").headers["Location"] == "/families"
    assert "not the caseworker of any family" in client.get("/caseload").get_data(
        as_text=True)


def test_sams_demo_caseload_has_work_in_every_family_and_a_report(demo, client, auth, db):
    from sqlalchemy import select

    from app.models import User

    sam = db.session.scalar(select(User).where(User.email == "sam@demo.hearth.example"))
    lines = {line.family.name: line for line in services.caseload_counts(sam)}
    assert set(lines) == {"The Rivera family", "The Nguyen family", "The Warsame family",
                          "The Joseph family"}
    assert all(line.total for line in lines.values())
    assert lines["The Rivera family"].counts.get("report") == 1
    assert lines["The Nguyen family"].counts.get("people") == 1
    sam.must_change_password = False
    db.session.commit()
    auth.login(sam, password="hearth demo 2026")
    page = client.get("/caseload/queue").get_data(as_text=True)
    assert "Is it safe to share here?" in page and "Reported: Message" in page


def test_the_counts_refresh_does_not_keep_a_staff_session_alive(client, auth, caseworker, family,
                                                               app):
    # A dashboard left open on a shared office computer must still sign out when idle.
    auth.login(caseworker)
    assert client.get("/caseload").status_code == 200
    with client.session_transaction() as session:
        session["seen_at"] -= 120
        left_at = session["seen_at"]
    assert client.get("/caseload/counts", headers=HTMX).status_code == 200
    with client.session_transaction() as session:
        assert session["seen_at"] == left_at
    with client.session_transaction() as session:
        session["seen_at"] -= app.config["SESSION_IDLE_TIMEOUT_STAFF"].total_seconds()
    response = client.get("/caseload/counts", headers=HTMX)
    assert response.headers.get("HX-Redirect") == "/sign-in"


# --- Whole pages cost the same for more families ---------------------------------------------

def family_with_everything_waiting(caseworker, name):
    """A family where each thing the caseload counts waits once: a person, each kind of shared
    item, a change to planned family time, a report and a concern."""
    family, author = busy_family(caseworker, name, messages=1, photos=1, waiting_people=1)
    factories.make_event(family, author, ContentState.PENDING)
    factories.make_about(family, author, ContentState.PENDING)
    planned = factories.make_family_time(family, caseworker, days_ahead=3)
    factories.make_family_time(family, author, ContentState.PENDING)
    factories.make_family_time(family, author, ContentState.PENDING, replaces_id=planned.id)
    factories.make_report(family, author, factories.make_photo(family, caseworker,
                                                               with_files=False))
    factories.make_concern(family, author)
    return family


def _page_queries(client, count_queries, url, families):
    db.session.expire_all()
    with count_queries() as counted:
        page = client.get(url).get_data(as_text=True)
    for family in families:
        assert html.escape(family.name) in page
    return counted.count, page


def test_the_dashboard_page_costs_the_same_for_more_families(client, auth, caseworker,
                                                             count_queries):
    auth.login(caseworker)
    families = [family_with_everything_waiting(caseworker, f"Family {n}") for n in range(2)]
    two, _page = _page_queries(client, count_queries, "/caseload", families)
    families += [family_with_everything_waiting(caseworker, f"Family {n}") for n in range(2, 6)]
    six, page = _page_queries(client, count_queries, "/caseload", families)
    assert six == two
    assert page.count("1 photo to look at") == 6  # every family's counts are on the page


def test_the_whole_queue_page_costs_the_same_for_more_families(client, auth, caseworker,
                                                               count_queries, monkeypatch):
    from app.caseload import queue

    monkeypatch.setattr(queue, "PAGE_SIZE", 100)  # every card of six families on one page
    auth.login(caseworker)
    families = [family_with_everything_waiting(caseworker, f"Family {n}") for n in range(2)]
    two, _page = _page_queries(client, count_queries, "/caseload/queue", families)
    families += [family_with_everything_waiting(caseworker, f"Family {n}") for n in range(2, 6)]
    six, page = _page_queries(client, count_queries, "/caseload/queue", families)
    assert six == two
    # Each family's seven cards (five kinds, a change to family time, a report) are shown.
    assert page.count('<article class="queue-card') == 7 * 6
