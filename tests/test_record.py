"""The family record: plain sentences, newest first, keyset pages, a fixed number of queries."""

import re

from app.members import services as members
from app.models import AuditEvent, MembershipStatus
from app.models.audit import record
from app.pagination import keyset_page
from app.record.services import PAGE_SIZE
from tests import factories
from tests.pages import as_read


def test_the_record_tells_what_happened_in_plain_words(client, auth, caseworker, family, db):
    person = factories.add_member(family, factories.make_user(preferred_name="Marcus"),
                                  status=MembershipStatus.PENDING)
    members.decline(person, caseworker, "Could not confirm who this is")
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/record"))
    assert "Sam did not approve Marcus. Reason: Could not confirm who this is" in page
    assert "Sam created the family." in page
    assert page.index("did not approve") < page.index("created the family")  # newest first


def test_show_older_pages_by_keyset_without_js_and_with_htmx(client, auth, caseworker, family,
                                                             db):
    for n in range(PAGE_SIZE + 5):
        record("child.added", actor=caseworker, family_id=family.id, n=n)
    db.session.commit()
    auth.login(caseworker)
    first = as_read(client.get(f"/families/{family.id}/record"))
    assert first.count('class="record__line"') == PAGE_SIZE
    before = int(re.search(r"before=(\d+)", first).group(1))
    ids = db.session.scalars(db.select(AuditEvent.id).order_by(AuditEvent.id.desc())).all()
    assert before == ids[PAGE_SIZE - 1]

    older = client.get(f"/families/{family.id}/record?before={before}",
                       headers={"HX-Request": "true"})
    fragment = as_read(older)
    assert "<html" not in fragment and "HX-Request" in older.headers["Vary"]
    assert fragment.count('class="record__line"') == len(ids) - PAGE_SIZE
    assert "Show older" not in fragment  # the end
    full = as_read(client.get(f"/families/{family.id}/record?before={before}"))
    assert "<html" in full  # the same URL without htmx is a whole page


def test_another_familys_events_never_show(client, auth, caseworker, family, other_family, db):
    record("child.added", actor=caseworker, family_id=other_family.id)
    db.session.commit()
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/record"))
    assert page.count('class="record__line"') == 1  # only "created the family"


def test_the_record_page_costs_the_same_queries_however_long_it_is(
    client, auth, caseworker, family, db, count_queries
):
    auth.login(caseworker)

    def queries_for_page():
        with count_queries() as counted:
            assert client.get(f"/families/{family.id}/record").status_code == 200
        return counted.count

    def add_people(how_many):
        for n in range(how_many):
            person = factories.add_member(family, status=MembershipStatus.PENDING)
            members.approve(person, caseworker)
            record("child.added", actor=factories.make_user(), family_id=family.id, n=n)
        db.session.commit()

    add_people(2)
    few = queries_for_page()
    add_people(60)
    assert queries_for_page() == few <= 9  # 9: the header's notification count (one query)


def test_keyset_page_is_stable_when_new_rows_arrive(caseworker, family, db):
    from app.access import FamilyScope, family_rows

    for _ in range(5):
        record("child.added", actor=caseworker, family_id=family.id)
    db.session.commit()
    scope = FamilyScope(family=family, membership=family.memberships[0])
    query = family_rows(AuditEvent, scope)
    first = keyset_page(query, AuditEvent.id, before=None, size=3)
    record("child.added", actor=caseworker, family_id=family.id)  # arrives between pages
    db.session.commit()
    second = keyset_page(query, AuditEvent.id, before=first.next_before, size=3)
    seen = [e.id for e in first.items + second.items]
    assert len(seen) == len(set(seen)) == 6 and second.next_before is None


def test_only_the_caseworker_reads_the_record(client, auth, family, parent):
    auth.login(parent)
    assert client.get(f"/families/{family.id}/record").status_code == 403


def test_invitation_lines_name_the_invitee_even_when_ids_collide(client, auth, caseworker,
                                                                 family, db):
    """Invitation #2 and Membership #2 are different people; the record must not mix them."""
    dana = factories.add_member(family, factories.make_user(preferred_name="Dana"),
                                status=MembershipStatus.PENDING)
    members.approve(dana, caseworker)  # a line about membership 2
    assert dana.id == 2
    factories.make_invitation(family, caseworker, invitee_name="Marcus")  # an invitation id
    factories.make_invitation(family, caseworker, invitee_name="Rosa")  # invitation 2
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/record"))
    assert "Sam invited Marcus." in page and "Sam invited Rosa." in page
    assert "Sam invited Dana." not in page
