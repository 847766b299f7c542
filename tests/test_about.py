"""The child's "about me": writing as a user would, versions kept, who sees what, access."""

import re

import pytest

from app.models import AboutVersion, ContentState, ReviewLevel, Role, SeenMarker
from app.models.seen import last_seen
from tests import factories
from tests.factories import make_about, scope_of
from tests.pages import as_read


@pytest.fixture
def open_family(family, db):
    family.review_level = ReviewLevel.OPEN
    db.session.commit()
    return family


def child_url(family, child=None):
    return f"/families/{family.id}/children/{(child or family.children[0]).id}/about"


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return as_read(response)


def hidden(page: str, name: str) -> str:
    """The value of a hidden field of a page's form, as the browser sends it back."""
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)


def write(client, family, text, section="bedtime"):
    """Open the form, then save it, as a person does (the form carries its version)."""
    url = f"{child_url(family)}/{section}"
    opened = client.get(url)
    based_on = (hidden(as_read(opened), "based_on")
                if opened.status_code == 200 else "0")
    return client.post(url, data={"text": text, "based_on": based_on})


def test_a_parent_adds_and_updates_a_section_and_every_version_is_kept(
    client, auth, open_family, parent, resource_parent, db
):
    auth.login(parent)
    form = page_of(client, f"{child_url(open_family)}/bedtime")
    assert "What helps Mia fall asleep?" in form  # the prompt is the field's label

    response = write(client, open_family, "Bath, two books, then the blue night light.")
    assert response.status_code == 303
    page = page_of(client, response.headers["Location"])
    assert "Saved. The family can read it now." in page
    assert "Bath, two books, then the blue night light." in page
    assert "Written by Dana" in page

    form = page_of(client, f"{child_url(open_family)}/bedtime")
    assert "Bath, two books, then the blue night light.</textarea>" in form  # start from it
    write(client, open_family, "Bath, two books, a song, then the blue night light.")
    assert db.session.scalar(db.select(db.func.count(AboutVersion.id))) == 2  # a new version

    auth.logout()
    auth.login(resource_parent)  # Rosa reads Spanish
    page = page_of(client, child_url(open_family))
    assert "Bath, two books, a song, then the blue night light." in page
    assert "Bath, two books, then the blue" not in page  # older versions: on their own page
    assert "Sueño y hora de dormir" in page
    history = page_of(client, f"{child_url(open_family)}/bedtime/history")
    assert history.index("a song") < history.index("Bath, two books, then the blue")


def test_empty_sections_offer_add_and_bad_input_changes_nothing(client, auth, open_family,
                                                                 parent, db):
    auth.login(parent)
    page = page_of(client, child_url(open_family))
    assert page.count(">Add<") == 9 and "Is Mia allergic to any food or medicine?" in page
    for text, message in [("   ", "Please write something first."),
                          ("x" * 2001, "Please keep it under 2000 characters.")]:
        response = write(client, open_family, text, section="allergies")
        assert response.status_code == 200 and message in as_read(response)
    write(client, open_family, "Peanuts: an EpiPen is in the red bag.", section="allergies")
    response = write(client, open_family, "Peanuts: an EpiPen is in the red bag.",
                     section="allergies")
    assert "This is the same as before." in as_read(response)
    assert db.session.scalar(db.select(db.func.count(AboutVersion.id))) == 1
    assert client.get(f"{child_url(open_family)}/favourite-colour").status_code == 404


def test_a_parent_partner_reads_but_does_not_write(client, auth, open_family, parent, db):
    partner = factories.make_user(display_name="Pat Partner")
    factories.add_member(open_family, partner, role=Role.PARENT_PARTNER)
    make_about(open_family, parent, text="Warm milk first.")
    auth.login(partner)
    page = page_of(client, child_url(open_family))
    assert "Warm milk first." in page and ">Add<" not in page and ">Update<" not in page
    assert client.get(f"{child_url(open_family)}/bedtime").status_code == 403
    assert write(client, open_family, "Let me write").status_code == 403
    assert db.session.scalar(db.select(db.func.count(AboutVersion.id))) == 1


def test_in_a_reviewed_family_a_change_waits_and_others_keep_the_last_shared_version(
    client, auth, family, parent, resource_parent, caseworker, db
):
    assert family.review_level is ReviewLevel.REVIEWED
    make_about(family, resource_parent, text="Lights out at eight.")
    auth.login(parent)
    response = write(client, family, "Lights out at half past seven, with the fan on.")
    page = page_of(client, response.headers["Location"])
    assert "Your caseworker will read it before the family sees it." in page
    assert "Waiting for review. Only you and the caseworker can see it." in page
    assert "Lights out at eight." in page  # what the family sees now, shown too
    auth.logout()

    auth.login(resource_parent)
    for url in (child_url(family), f"{child_url(family)}/bedtime/history",
                f"/families/{family.id}"):
        page = page_of(client, url)
        assert "half past seven" not in page, url
    assert "Lights out at eight." in page_of(client, child_url(family))
    auth.logout()

    auth.login(caseworker)
    page = page_of(client, child_url(family))
    assert "Waiting for your review" in page and "half past seven" in page
    pending = db.session.scalar(db.select(AboutVersion).filter_by(state=ContentState.PENDING))
    response = client.post(f"/families/{family.id}/about/versions/{pending.id}/approve")
    assert "Approved. The family can read it now." in page_of(client, response.headers["Location"])
    auth.logout()

    auth.login(resource_parent)
    assert "half past seven" in page_of(client, child_url(family))


@pytest.mark.parametrize("state", [ContentState.PENDING, ContentState.DECLINED,
                                   ContentState.HIDDEN, ContentState.WITHDRAWN])
def test_versions_not_shared_reach_only_their_author_and_the_caseworker(
    client, auth, family, parent, resource_parent, caseworker, db, state
):
    make_about(family, resource_parent, text="Shared: a story about the moon.")
    secret = make_about(family, parent, state, text="Not shared: the old address.")
    secret.state_reason = "Please leave out addresses." if state.value != "pending" else ""
    db.session.commit()
    urls = [f"/families/{family.id}", f"/families/{family.id}/about", child_url(family),
            f"{child_url(family)}/bedtime/history", f"{child_url(family)}/bedtime"]

    auth.login(resource_parent)
    for url in urls:
        page = page_of(client, url)
        assert "the old address" not in page, url
    assert "a story about the moon" in page_of(client, child_url(family))  # falls back
    assert client.post(f"/families/{family.id}/about/versions/{secret.id}/withdraw"
                       ).status_code == 404
    auth.logout()

    auth.login(parent)
    page = page_of(client, child_url(family))
    if state is ContentState.WITHDRAWN:
        assert "the old address" not in page  # taken back: the caseworker keeps it
    else:
        assert "the old address" in page and "a story about the moon" in page
        if state is not ContentState.PENDING:
            assert "Please leave out addresses." in page
    auth.logout()

    auth.login(caseworker)
    assert "the old address" in page_of(client, child_url(family))
    assert "the old address" in page_of(client, f"{child_url(family)}/bedtime/history")


def test_the_caseworker_declines_hides_and_the_author_takes_back_with_a_record(
    client, auth, family, parent, caseworker, db
):
    waiting = make_about(family, parent, ContentState.PENDING, text="Waiting words")
    shared = make_about(family, parent, section="likes", text="Trains and mangoes")
    mine = make_about(family, parent, section="meals", text="Rice at six")
    auth.login(caseworker)
    url = f"/families/{family.id}/about/versions"
    response = client.post(f"{url}/{waiting.id}/decline", data={"reason": ""})
    assert "Please fix what is marked below." in as_read(response)
    client.post(f"{url}/{waiting.id}/decline", data={"reason": "Please say it more kindly."})
    client.post(f"{url}/{shared.id}/hide", data={"reason": "Names a school."})
    assert client.post(f"{url}/{mine.id}/withdraw").status_code == 403  # not the author
    auth.logout()
    auth.login(parent)
    assert client.post(f"{url}/{mine.id}/approve").status_code == 403
    assert "Take back" in page_of(client, f"{child_url(family)}/meals/history")
    client.post(f"{url}/{mine.id}/withdraw")
    assert [v.state for v in (waiting, shared, mine)] == [
        ContentState.DECLINED, ContentState.HIDDEN, ContentState.WITHDRAWN]
    auth.logout()
    auth.login(caseworker)
    record = page_of(client, f"/families/{family.id}/record")
    assert "Sam did not share a change to “about me”. Reason: Please say it more kindly." in record
    assert "Sam hid a part of “about me”. Reason: Names a school." in record
    assert "Dana took back a part of “about me”." in record


def test_writing_is_recorded_in_plain_words(client, auth, open_family, parent, caseworker):
    auth.login(parent)
    write(client, open_family, "A hug and the blue blanket.", section="upset")
    auth.logout()
    auth.login(caseworker)
    record = page_of(client, f"/families/{open_family.id}/record")
    assert "Dana wrote “When upset” about Mia." in record


def test_the_family_home_shows_what_is_new_until_the_about_page_is_opened(
    client, auth, open_family, parent, resource_parent, db
):
    auth.login(parent)
    home = page_of(client, f"/families/{open_family.id}")
    assert "Welcome! Nothing is shared yet." in home
    assert "Write about Mia" in home
    write(client, open_family, "Two books and a song.")
    home = page_of(client, f"/families/{open_family.id}")
    assert "Sleep and bedtime, about Mia" not in home  # you know what you wrote
    auth.logout()

    auth.login(resource_parent)
    home = page_of(client, f"/families/{open_family.id}")
    assert "Nuevo desde su última visita" in home
    assert "Sueño y hora de dormir, sobre Mia" in home
    membership = scope_of(resource_parent, open_family).membership
    area = f"about:{open_family.children[0].id}"
    assert last_seen(membership.id, area) == 0
    page_of(client, f"/families/{open_family.id}/about")  # one child: her sections
    newest = db.session.scalar(db.select(db.func.max(AboutVersion.id)))
    assert last_seen(membership.id, area) == newest
    home = page_of(client, f"/families/{open_family.id}")
    assert "Sueño y hora de dormir, sobre Mia" not in home
    assert "Nada nuevo desde su última visita." in home


def test_the_home_shows_no_contact_details(client, auth, open_family, parent, resource_parent):
    auth.login(parent)
    home = page_of(client, f"/families/{open_family.id}")
    assert "Rosa" in home and "Abuela Rosa" in home
    assert "@" not in re.sub(r"<(script|form|body)[^>]*>", "", home).split("<main", 1)[1]
    assert parent.email not in home


def test_several_children_get_one_card_each_and_each_childs_news_stays_new_until_opened(
    client, auth, open_family, parent, resource_parent, caseworker
):
    from app.families.services import add_child

    leo = add_child(open_family, caseworker, "Leo", None)
    make_about(open_family, parent, child=leo, text="Leo naps at one.")
    auth.login(parent)
    index = page_of(client, f"/families/{open_family.id}/about")
    assert "About Mia" in index and "About Leo" in index and "naps" not in index
    make_about(open_family, parent, text="Mia sleeps with the rabbit.")  # newer than Leo's
    assert "Leo naps at one." not in page_of(client, child_url(open_family))
    auth.logout()

    auth.login(resource_parent)  # opens Mia's page only: Leo's change stays new on the home
    assert "Mia sleeps with the rabbit." in page_of(client, child_url(open_family))
    home = page_of(client, f"/families/{open_family.id}")
    assert "sobre Leo" in home and "sobre Mia" not in home
    assert "Leo naps at one." in page_of(client, child_url(open_family, leo))
    home = page_of(client, f"/families/{open_family.id}")
    assert "Nada nuevo desde su última visita." in home


def test_outsiders_get_404_on_every_about_url_and_guessed_ids(
    request, client, auth, family, other_family, parent, outsider, pending_member, db
):
    mine = make_about(family, parent)
    theirs_child = other_family.children[0]
    theirs = make_about(other_family, other_family.memberships[0].user)
    base = f"/families/{family.id}"
    urls = [f"{base}/about", child_url(family), f"{child_url(family)}/bedtime",
            f"{child_url(family)}/bedtime/history"]
    actions = [f"{base}/about/versions/{mine.id}/{a}"
               for a in ("approve", "withdraw", "decline", "hide")]
    for visitor in (outsider, pending_member, None):
        if visitor is not None:
            auth.login(visitor)
        for url in urls + actions:
            assert client.get(url).status_code in (404, 405), url
            assert client.post(url, data={"text": "x", "reason": "x"}).status_code in (404, 405)
        auth.logout()
    auth.login(parent)
    guessed = [f"{base}/children/{theirs_child.id}/about",
               f"{base}/children/{theirs_child.id}/about/bedtime",
               f"{base}/children/{theirs_child.id}/about/bedtime/history",
               f"{base}/children/999999/about", f"{base}/about/versions/999999/withdraw",
               f"{base}/about/versions/{theirs.id}/withdraw",
               f"{base}/children/99999999999999/about"]
    for url in guessed:
        method = client.post if url.endswith("withdraw") else client.get
        assert method(url).status_code == 404, url
    assert write(client, family, "fine").status_code == 303  # the same person, own family


def test_about_pages_and_home_cost_the_same_queries_however_much_was_written(
    client, auth, open_family, parent, resource_parent, caseworker, db, count_queries
):
    child = open_family.children[0]
    sections = ["bedtime", "meals", "likes", "allergies", "upset"]

    authors = [parent, resource_parent]

    def add(n):
        db.session.add_all(
            AboutVersion(family_id=open_family.id, author_id=authors[i % len(authors)].id,
                         child_id=child.id, section=sections[i % 5], text=f"Version {i}",
                         state=(ContentState.VISIBLE, ContentState.PENDING)[i % 7 == 0])
            for i in range(n)
        )
        db.session.commit()

    urls = [f"/families/{open_family.id}", f"/families/{open_family.id}/about",
            child_url(open_family), f"{child_url(open_family)}/bedtime/history",
            f"{child_url(open_family)}/bedtime"]

    def counts(who):
        # Each measure starts with nothing seen, so both find new sections and move the marker.
        db.session.execute(db.delete(SeenMarker))
        db.session.commit()
        auth.login(who)
        result = []
        for url in urls:
            with count_queries() as counted:
                assert client.get(url).status_code == 200
            result.append(counted.count)
        auth.logout()
        return result

    add(10)
    few = {who.id: counts(who) for who in (parent, caseworker)}
    add(490)
    # More writers too: a page that loaded each author on its own would cost more now.
    for n in range(4):
        authors.append(factories.make_user(display_name=f"Writer {n}"))
        factories.add_member(open_family, authors[-1], role=Role.PARENT)
    add(20)
    many = {who.id: counts(who) for who in (parent, caseworker)}
    assert few == many


def test_the_audit_sentences_cover_every_about_action():
    from app.record.services import describe

    class Event:
        actor = None
        subject_type = "AboutVersion"
        subject_id = 1

    for action in ("written", "approved", "declined", "hidden", "withdrawn"):
        event = Event()
        event.action = f"about.{action}"
        event.detail = {"section": "bedtime", "child_name": "Mia", "reason": "r"}
        assert describe(event, {}) != event.action


def test_the_demo_has_about_me_in_two_languages_an_earlier_version_and_one_waiting(demo, db):
    from app.models import Family

    rivera = db.session.scalar(db.select(Family).filter_by(name="The Rivera family"))
    nguyen = db.session.scalar(db.select(Family).filter_by(name="The Nguyen family"))
    versions = db.session.scalars(db.select(AboutVersion).order_by(AboutVersion.id)).all()
    by_family = {f.id: [v for v in versions if v.family_id == f.id] for f in (rivera, nguyen)}
    rivera_versions = by_family[rivera.id]
    assert rivera.review_level is ReviewLevel.OPEN and all(v.is_visible for v in rivera_versions)
    assert {v.author.name for v in rivera_versions} == {"Dana", "Marcus", "Rosa"}
    assert any("tamales" in v.text for v in rivera_versions)
    assert [v.section for v in rivera_versions].count("bedtime") == 2  # an earlier version
    [waiting] = [v for v in by_family[nguyen.id] if v.is_pending]
    assert waiting.author.name == "Chris"
    # Wei writes in Chinese; Sam shared it (app/demo_languages.py).
    assert any("春节" in v.text and v.is_visible for v in by_family[nguyen.id])


def test_earlier_versions_page_by_keyset_with_and_without_htmx(client, auth, open_family, parent):
    from app.about.services import HISTORY_PAGE_SIZE

    versions = [make_about(open_family, parent, text=f"Words number {n}.")
                for n in range(HISTORY_PAGE_SIZE + 3)]
    auth.login(parent)
    url = f"{child_url(open_family)}/bedtime/history"
    first = page_of(client, url)
    assert "Words number 22." in first and "Words number 3." in first
    assert "Words number 2." not in first
    before = int(re.search(r"before=(\d+)", first).group(1))
    assert before == versions[3].id
    older = client.get(f"{url}?before={before}", headers={"HX-Request": "true"})
    fragment = as_read(older)
    assert "<html" not in fragment and "HX-Request" in older.headers["Vary"]
    assert "Words number 0." in fragment and "Show older" not in fragment
    assert "<html" in page_of(client, f"{url}?before={before}")


def test_writing_is_limited_per_person(app, client, auth, open_family, parent, db):
    app.config["ABOUT_WRITE_LIMIT_PER_PERSON"] = "2 per hour"
    auth.login(parent)
    assert write(client, open_family, "One.").status_code == 303
    assert write(client, open_family, "Two.").status_code == 303
    assert write(client, open_family, "Three.").status_code == 429
    assert db.session.scalar(db.select(db.func.count(AboutVersion.id))) == 2
