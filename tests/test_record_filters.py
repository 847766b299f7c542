"""Narrowing the family record by kind and days; bad filters; admins reading the record."""

import re
from datetime import UTC, datetime

import pytest

from app.models import AuditEvent, Membership
from app.models.audit import record
from app.record.actions import FAMILY_ACTIONS
from app.record.filters import BY_KEY, KINDS
from app.record.services import PAGE_SIZE
from tests import factories
from tests.pages import as_read


def _line(db, family, actor, action, at=None, **detail):
    event = record(action, actor=actor, family_id=family.id, **detail)
    if at is not None:
        event.created_at = at
    db.session.commit()
    return event


def _lines(page: str) -> list[str]:
    return re.findall(r'<li class="record__line">.*?<p>(.*?)</p>\s*</li>', page, re.S)


def test_a_kind_keeps_only_its_lines(client, auth, caseworker, family, db):
    _line(db, family, caseworker, "photo.approved")
    _line(db, family, caseworker, "photo.hidden", reason="Not kind")
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/record?kind=approvals"))
    assert _lines(page) == ["Sam approved a photo."]
    assert "Showing: Approvals." in page
    hidden = as_read(client.get(f"/families/{family.id}/record?kind=declines"))
    assert _lines(hidden) == ["Sam hid a photo. Reason: Not kind"]
    everything = as_read(client.get(f"/families/{family.id}/record?kind="))
    assert len(_lines(everything)) == 3  # created the family, approved, hidden


def test_days_are_the_familys_days(client, auth, caseworker, family, db):
    """11:30 PM on 13 March in Los Angeles is already 14 March in UTC."""
    late_evening = datetime(2026, 3, 14, 6, 30, tzinfo=UTC)
    _line(db, family, caseworker, "photo.approved", at=late_evening)
    _line(db, family, caseworker, "message.approved", at=datetime(2026, 3, 15, 18, tzinfo=UTC))
    auth.login(caseworker)
    base = f"/families/{family.id}/record?kind=approvals"
    on_13th = as_read(client.get(f"{base}&from=2026-03-13&to=2026-03-13"))
    assert _lines(on_13th) == ["Sam approved a photo."]
    from_14th = as_read(client.get(f"{base}&from=2026-03-14"))
    assert _lines(from_14th) == ["Sam approved a message."]
    up_to_14th = as_read(client.get(f"{base}&to=2026-03-14"))
    assert _lines(up_to_14th) == ["Sam approved a photo."]


def test_show_older_keeps_the_filter_without_js_and_with_htmx(client, auth, caseworker, family,
                                                              db):
    for n in range(PAGE_SIZE + 3):
        _line(db, family, caseworker, "photo.approved", n=n)
        _line(db, family, caseworker, "child.added", n=n)
    auth.login(caseworker)
    first = client.get(f"/families/{family.id}/record?kind=approvals&from=2020-01-01")
    first = as_read(first)
    assert set(_lines(first)) == {"Sam approved a photo."} and len(_lines(first)) == PAGE_SIZE
    more = re.search(r'href="([^"]*before=\d+[^"]*)"', first).group(1).replace("&amp;", "&")
    assert "kind=approvals" in more and "from=2020-01-01" in more
    older = as_read(client.get(more, headers={"HX-Request": "true"}))
    assert "<html" not in older and _lines(older) == ["Sam approved a photo."] * 3
    assert "Show older" not in older
    assert "<html" in as_read(client.get(more))  # without JS: the whole page


def test_the_filter_form_works_without_js_and_htmx_swaps_only_the_results(client, auth,
                                                                          caseworker, family):
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/record"))
    form = re.search(r'<form class="record-filter"[^>]*>', page).group(0)
    assert 'method="get"' in form and 'hx-target="#record-results"' in form
    assert 'hx-push-url="true"' in form
    for label in ("Show", "From", "To"):
        assert f">{label}</label>" in page
    response = client.get(f"/families/{family.id}/record?kind=approvals",
                          headers={"HX-Request": "true"})
    fragment = as_read(response)
    assert "<html" not in fragment and 'id="record-results"' in fragment
    assert "No lines match what you chose." in fragment
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("query, message", [
    ("kind=everything-please", "We do not know this kind of line, so everything is shown."),
    ("from=2026-13-45", "We could not read this date, so it was not used."),
    ("to=yesterday", "We could not read this date, so it was not used."),
    ("from=2026-03-10&to=2026-03-01", "The last day is before the first day"),
    ("to=9999-12-31", "This date is too far away, so it was not used."),
    ("from=0001-01-01", "This date is too far away, so it was not used."),
])
def test_bad_filters_are_left_out_with_a_clear_message(client, auth, caseworker, family, query,
                                                       message):
    auth.login(caseworker)
    response = client.get(f"/families/{family.id}/record?{query}")
    page = as_read(response)
    assert response.status_code == 200
    assert message in page
    assert _lines(page) == ["Sam created the family."]  # nothing was narrowed


def test_a_good_part_still_narrows_beside_a_bad_one(client, auth, caseworker, family, db):
    _line(db, family, caseworker, "photo.approved")
    auth.login(caseworker)
    page = client.get(f"/families/{family.id}/record?kind=approvals&from=nonsense")
    assert _lines(as_read(page)) == ["Sam approved a photo."]


def test_the_filter_is_in_spanish(client, auth, caseworker, family, db):
    caseworker.locale = "es"
    db.session.commit()
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/record?kind=nope"))
    assert "Aprobaciones" in page and "No conocemos este tipo de línea" in page


def test_every_kind_of_line_the_app_writes_has_a_kind():
    # The list is checked against the source in tests/test_record_words.py.
    for action in FAMILY_ACTIONS:
        assert any(kind.matches(action) for kind in KINDS), action
    assert BY_KEY["approvals"].matches("membership.approved")
    assert BY_KEY["people"].matches("membership.approved")
    assert not BY_KEY["levels"].matches("familyXtime.level_set")


def test_the_sql_and_the_python_rule_agree(caseworker, family, db):
    actions = ["photo.approved", "family_time.level_set", "familyXtime.level_set",
               "membership.suspended", "family.exported", "password_reset.used",
               "report.resolved", "concern.raised", "family_time.expired",
               "family_time.record_viewed", "message.reported"]
    for action in actions:
        _line(db, family, caseworker, action)
    for kind in KINDS:
        found = set(db.session.scalars(db.select(AuditEvent.action).where(
            AuditEvent.family_id == family.id, kind.clause())))
        every = set(db.session.scalars(db.select(AuditEvent.action).filter_by(
            family_id=family.id)))
        assert found == {a for a in every if kind.matches(a)}, kind.key


# --- who may read the record -------------------------------------------------------------


def _admin_views(db, family) -> int:
    return len(db.session.scalars(db.select(AuditEvent).filter_by(
        family_id=family.id, action="family.viewed_by_admin")).all())


def test_an_admin_reads_the_record_and_each_view_is_recorded(client, auth, admin, family, db):
    for n in range(PAGE_SIZE + 1):
        _line(db, family, None, "child.added", n=n)
    auth.login(admin)
    page = as_read(client.get(f"/families/{family.id}/record"))
    assert "Alex Admin, an admin, looked at the family." in page
    assert _admin_views(db, family) == 1
    # Paging on in place (htmx) is the same view; each page load is a new one
    # (app/access.py records an admin's view once per full page they open).
    more = re.search(r'href="([^"]*before=\d+[^"]*)"', page).group(1).replace("&amp;", "&")
    assert client.get(more, headers={"HX-Request": "true"}).status_code == 200
    assert _admin_views(db, family) == 1
    assert client.get(more).status_code == 200
    assert _admin_views(db, family) == 2
    client.get(f"/families/{family.id}/record?kind=admin_views")
    assert _admin_views(db, family) == 3
    # They read it as the caseworker would, and no membership is made for them.
    assert not db.session.scalar(db.select(Membership.id).filter_by(user_id=admin.id))


def test_an_admin_who_is_the_caseworker_is_not_recorded_as_a_visitor(client, auth, db):
    admin_caseworker = factories.make_caseworker(display_name="Casey", is_admin=True)
    family = factories.make_family(admin_caseworker)
    auth.login(admin_caseworker)
    assert client.get(f"/families/{family.id}/record").status_code == 200
    assert _admin_views(db, family) == 0


def test_an_admin_gets_404_for_a_family_that_does_not_exist(client, auth, admin):
    auth.login(admin)
    assert client.get("/families/999999/record").status_code == 404


@pytest.mark.parametrize("who", ["parent", "resource_parent"])
def test_members_may_not_read_the_record(request, client, auth, family, who):
    auth.login(request.getfixturevalue(who))
    assert client.get(f"/families/{family.id}/record?kind=approvals").status_code == 403


@pytest.mark.parametrize("who", ["outsider", "pending_member", "suspended_member", None])
def test_those_outside_get_404(request, client, auth, family, db, who):
    if who:
        auth.login(request.getfixturevalue(who))
    assert client.get(f"/families/{family.id}/record?kind=approvals").status_code == 404


def test_other_staff_get_404(client, auth, family, other_family):
    auth.login(other_family.memberships[0].user)  # a caseworker, of another family
    assert client.get(f"/families/{family.id}/record").status_code == 404
    auth.logout()
    auth.login(factories.make_caseworker())  # staff with no family
    assert client.get(f"/families/{family.id}/record").status_code == 404
