"""A declined, hidden or withdrawn item never reaches anyone but its author and the staff, by
any route: page, fragment, poll, feed, `.ics`, court record, count or export (issue 17).

Every kind of shared item is made in each of those states by two authors, with a unique
marker in every text field (and in the moderator's reason). The test walks the URL map as
each non-staff reader, plain and as an htmx fragment, and searches every body for the
markers of items that are not the reader's own. Visible items carry markers too, and the
walk must find them, so a walk that reaches nothing cannot pass.
"""

import itertools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from flask import url_for

from app import access, moderation
from app.family_time.ical import new_feed_token
from app.models import ContentState, Role
from tests import factories
from tests.factories import scope_of
from tests.libretranslate_stand_in import StandIn

BAD_STATES = (ContentState.DECLINED, ContentState.HIDDEN, ContentState.WITHDRAWN)
SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def _marked_fields(kind: str, marker: str) -> dict:
    """Every text field a kind has, each carrying `marker`. A new kind must add its fields."""
    link = f"https://example.org/{marker}"
    return {
        "message": {"text": f"Message {marker} about Saturday."},
        "photo": {"caption": f"At the park {marker}"},
        "event": {"title": f"Play {marker}", "place": f"Hall {marker}",
                  "notes": f"Bring {marker}", "video_link": link},
        "about": {"text": f"Bedtime {marker}: a song."},
        "family_time": {"place": f"Room {marker}", "notes": f"Snack {marker}",
                        "supervisor": f"Ms {marker}", "call_link": link},
    }[kind]


@dataclass
class Item:
    kind: str
    row: object
    author: object
    state: ContentState
    marker: str


@dataclass
class Story:
    family: object
    caseworker: object
    authors: list
    readers: dict  # name -> user (non-staff)
    items: list[Item] = field(default_factory=list)

    def bad(self):
        return [item for item in self.items if item.state in BAD_STATES]

    def of_kind(self, kind):
        return [item for item in self.items if item.kind == kind]


_markers = itertools.count(10)


def _make(kind, family, author, state, caseworker, day):
    """One item of `kind` in `state`, reached the way the app reaches it (the moderation
    service), so each kind's own reaction to the change (slots, thread version) happens."""
    marker = f"Zq{next(_markers)}x"
    fields = _marked_fields(kind, marker)
    maker = factories.SHARED_ITEM_FACTORIES[kind]
    if kind == "family_time":
        fields["days_ahead"] = day
    if kind == "event":
        fields["starts_at"] = factories.utcnow() + timedelta(days=day)
    start = ContentState.PENDING if state is ContentState.DECLINED else ContentState.VISIBLE
    row = maker(family, author, start, **fields)
    reason = f"Reason {marker}."
    if state is ContentState.DECLINED:
        moderation.decline(row, scope_of(caseworker, family), reason)
    elif state is ContentState.HIDDEN:
        moderation.hide(row, scope_of(caseworker, family), reason)
    elif state is ContentState.WITHDRAWN:
        moderation.withdraw(row, scope_of(author, family))
    return Item(kind, row, author, state, marker)


@pytest.fixture
def story(family, caseworker, parent, resource_parent):
    other_parent = factories.make_user(display_name="Luis Rivera", preferred_name="Luis")
    factories.add_member(family, other_parent, role=Role.PARENT, relationship_label="Dad")
    partner = factories.make_user(display_name="Pat Partner", preferred_name="Pat")
    factories.add_member(family, partner, role=Role.PARENT_PARTNER)
    story = Story(family, caseworker, authors=[parent, resource_parent],
                  readers={"other parent": other_parent, "resource parent": resource_parent,
                           "parent partner": partner, "author": parent})
    days = itertools.count(1)
    for kind in sorted(factories.SHARED_ITEM_FACTORIES):
        for author in story.authors:
            for state in (ContentState.VISIBLE, *BAD_STATES):
                story.items.append(_make(kind, family, author, state, caseworker, next(days)))
    return story


def _unfold(body: bytes) -> bytes:
    """iCalendar folds long lines ("CRLF + space"); a marker split by a fold is still there."""
    return re.sub(rb"\r?\n[ \t]", b"", body)


def _urls(app, story, reader):
    """Every GET the reader might make of this family's things, outside it and in its feed."""
    family = story.family
    ids_by_arg = {
        "family_id": [family.id],
        "child_id": [child.id for child in family.children],
        "section": sorted({item.row.section for item in story.of_kind("about")}),
        "membership_id": [m.id for m in family.memberships],
        "invitation_id": [factories.make_invitation(family, story.caseworker)[0].id],
        "concern_id": [factories.make_concern(family, story.authors[0], shared=True).id],
        "event_id": [item.row.id for item in story.of_kind("event")],
        "version_id": [item.row.id for item in story.of_kind("about")],
        "photo_id": [item.row.id for item in story.of_kind("photo")],
        "message_id": [item.row.id for item in story.of_kind("message")],
        "family_time_id": [item.row.id for item in story.of_kind("family_time")],
    }
    today = date.today()
    next_month = (today.replace(day=1) + timedelta(days=32)).strftime("%Y-%m")
    court_range = {"start": (today - timedelta(days=30)).isoformat(),
                   "end": (today + timedelta(days=90)).isoformat()}
    extra_args = {
        "family_time.month": [{"month": next_month}],
        "family_time.agenda": [{"from": (today + timedelta(days=14)).isoformat()}],
        "family_time.court_page": [court_range],
        "family_time.court_export": [court_range],
        "messages.thread": [{"before": 10**6}],
        "messages.poll": [{"v": "0"}, {"v": "0", "since": "0"}],
        "photos.gallery": [{"before": 10**6}],
        "about.index": [{"before": 10**6}],
        "events.past": [{}],
    }
    groups = []  # one list of URLs per route: the same route for each item and each query
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "family_id" not in rule.arguments or "GET" not in rule.methods:
                continue
            names = sorted(rule.arguments)
            if rule.endpoint == "machine_translation.show":  # each item, and why it was not shared
                combos = [{"kind": kind, "item_id": item.row.id, "family_id": family.id}
                          for item in story.items for kind in (item.kind, f"{item.kind}_reason")]
            elif "kind" in names:  # the review queue: each kind with its own items
                combos = [{"kind": item.kind, "item_id": item.row.id, "family_id": family.id}
                          for item in story.items]
            else:
                missing = set(names) - ids_by_arg.keys()
                assert not missing, f"{rule.rule}: add sample ids for {missing}"
                combos = [dict(zip(names, values, strict=True))
                          for values in itertools.product(*(ids_by_arg[n] for n in names))]
            groups.append([url_for(rule.endpoint, **args, **query) for args in combos
                           for query in [{}, *extra_args.get(rule.endpoint, [])]])
        for item in story.of_kind("family_time"):  # one occurrence's page and file, by day
            day = item.row.first_date.isoformat()
            groups.append([url_for(endpoint, family_id=family.id, family_time_id=item.row.id,
                                   day=day)
                           for endpoint in ("family_time.show", "feeds.family_time_ics")])
        groups.append([url_for("families.list_families"), url_for("families.home"),
                       url_for("feeds.feed", token=new_feed_token(reader))])
    return groups


def _walk(app, story, reader, monkeypatch):
    """Every body the reader gets, unfolded: {(url, htmx?): body}.

    Each URL is asked plainly, and again as an htmx fragment when the plain answer was a page
    (a refusal comes from the family scope, before a view looks at HX-Request). A route the
    family scope refuses to the reader's role (403) refuses it for every item, since the scope
    is decided before any item is read: its other URLs are skipped, or the walk would be too
    slow to keep (the review queue alone has one URL per item and action).
    """
    refused_by_role = []
    refuse = access._refuse

    def watching_refuse(code, family_id):
        refused_by_role.append(code == 403)
        refuse(code, family_id)

    monkeypatch.setattr(access, "_refuse", watching_refuse)
    # With a translation service, so "Show in ..." and its pages are walked too (a GET only
    # shows translations already kept: the walk sends nothing; the test below does).
    stand_in = StandIn().__enter__()
    app.config["MACHINE_TRANSLATION_URL"] = stand_in.url
    try:
        return _walk_as(app, story, reader, refused_by_role)
    finally:
        stand_in.__exit__(None, None, None)


def _walk_as(app, story, reader, refused_by_role):
    client = app.test_client()
    identifier = reader.email or reader.username
    client.post("/sign-in", data={"identifier": identifier, "password": factories.PASSWORD})
    bodies = {}
    for urls in _urls(app, story, reader):
        for url in urls:
            refused_by_role.clear()
            response = client.get(url)
            assert response.status_code < 500, f"{url}: {response.status_code}"
            bodies[(url, False)] = _unfold(response.get_data())
            if response.status_code == 403 and any(refused_by_role):
                break
            if response.status_code == 200:
                fragment = client.get(url, headers={"HX-Request": "true"})
                assert fragment.status_code < 500, f"{url} (htmx): {fragment.status_code}"
                bodies[(url, True)] = _unfold(fragment.get_data())
    return bodies


def _found(bodies, marker):
    return [where for where, body in bodies.items() if marker.encode() in body]


READERS = ("other parent", "resource parent", "parent partner", "author")


@pytest.mark.parametrize("reader_name", READERS)
def test_no_declined_hidden_or_withdrawn_item_reaches_a_reader_by_any_route(app, story,
                                                                          monkeypatch,
                                                                          reader_name):
    """One reader's client walks everything. One test per reader, so the walks (a few hundred
    requests each) run on every core instead of one after another in a single test."""
    assert set(story.readers) == set(READERS)
    reader = story.readers[reader_name]
    bodies = _walk(app, story, reader, monkeypatch)
    leaks = {f"{item.kind} {item.state} by {item.author.name}":
             _found(bodies, item.marker)[:3]
             for item in story.bad() if item.author.id != reader.id}
    assert not {what: where for what, where in leaks.items() if where}, reader_name
    # The walk reached the family's shared things: every visible item was found somewhere.
    unseen = [f"{item.kind} by {item.author.name}" for item in story.items
              if item.state is ContentState.VISIBLE and not _found(bodies, item.marker)]
    assert not unseen, reader_name
    # By design the author reads why their own item did not go out.
    reasons_unseen = [f"{item.kind} {item.state}" for item in story.bad()
                      if item.author.id == reader.id
                      and item.state is not ContentState.WITHDRAWN
                      and not _found(bodies, f"Reason {item.marker}.")]
    assert not reasons_unseen, reader_name


@pytest.mark.parametrize("reader_name", READERS)
def test_translation_never_sends_or_shows_what_the_reader_may_not_see(app, story, reader_name):
    """Every item and every item's reason, asked for as a translation by each reader (htmx and
    not, then the page): the stand-in service (tests/libretranslate_stand_in.py, a local HTTP
    server) writes down every text it was sent. None of another author's declined, hidden or
    withdrawn words may reach it or the reader; the author's own reasons may (they read them).
    What the reader may see, written in another language, must reach it, or the test proves
    nothing."""
    reader = story.readers[reader_name]
    family = story.family
    app.config["MACHINE_TRANSLATION_LIMIT_PER_PERSON"] = "10000 per hour"  # a walk, not a person
    with StandIn() as stand_in:
        app.config["MACHINE_TRANSLATION_URL"] = stand_in.url
        client = app.test_client()
        client.post("/sign-in", data={"identifier": reader.email or reader.username,
                                      "password": factories.PASSWORD})
        bodies = {}
        for item in story.items:
            for kind in (item.kind, f"{item.kind}_reason"):
                url = f"/families/{family.id}/translations/{kind}/{item.row.id}"
                for headers in ({"HX-Request": "true"}, {}):
                    response = client.post(url, headers=headers, follow_redirects=True)
                    assert response.status_code in (200, 404), url
                    bodies[(url, bool(headers))] = response.get_data()
    sent = "\n".join(stand_in.texts())
    for item in story.bad():
        if item.author.id == reader.id:
            continue
        assert not _found(bodies, item.marker), f"{item.kind} {item.state} shown"
        assert item.marker not in sent, f"{item.kind} {item.state} sent"
    others_in_another_language = [item for item in story.items
                                  if item.state is ContentState.VISIBLE
                                  and item.kind != "family_time"
                                  and item.author.locale != reader.locale]
    for item in others_in_another_language:
        assert item.marker in sent, f"{item.kind} by {item.author.name} was not translated"


def _in_locale(app, reader, singular, plural, num):
    """A count's words as the reader reads them (the resource parent reads Spanish)."""
    from flask_babel import force_locale, ngettext

    with app.test_request_context(), force_locale(reader.locale or "en"):
        return ngettext(singular, plural, num)


def test_counts_leave_out_declined_hidden_and_withdrawn_items(app, story):
    """The unread badge, "My families", and "new since you last looked" count only what the
    reader may see: the visible items of others (one per other author and kind)."""
    family_url = f"/families/{story.family.id}"
    for reader in story.readers.values():
        others = sum(1 for author in story.authors if author.id != reader.id)
        client = app.test_client()
        client.post("/sign-in", data={"identifier": reader.email or reader.username,
                                      "password": factories.PASSWORD})
        my_families = client.get("/families").get_data(as_text=True)
        home = client.get(family_url).get_data(as_text=True)
        expected_on_home = [
            ("(%(num)d unread)", "(%(num)d unread)"),
            ("%(num)d new photo", "%(num)d new photos"),
            ("%(num)d new event", "%(num)d new events"),
        ]
        for singular, plural in expected_on_home:
            assert _in_locale(app, reader, singular, plural, others) in home, singular
        assert _in_locale(app, reader, "%(num)d unread message", "%(num)d unread messages",
                          others) in my_families
        # The numbers above are exact: nothing bad was added on top of them.
        for wrong in (others + 1, others + 2, others + 3):
            assert _in_locale(app, reader, "%(num)d new photo", "%(num)d new photos",
                              wrong) not in home


def test_the_export_zip_is_for_staff_only(app, story):
    url = f"/families/{story.family.id}/export"
    for reader in story.readers.values():
        client = app.test_client()
        client.post("/sign-in", data={"identifier": reader.email or reader.username,
                                      "password": factories.PASSWORD})
        for response in (client.get(url), client.post(url, data={"leave_out_private": "y"})):
            assert response.status_code in (403, 404)
            assert response.mimetype != "application/zip"
    staff = app.test_client()
    staff.post("/sign-in", data={"identifier": story.caseworker.email,
                                 "password": factories.PASSWORD})
    assert staff.post(url, data={"leave_out_private": "y"}).mimetype == "application/zip"
