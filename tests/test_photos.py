"""Photos through the browser's eyes: sharing, refusals, who sees what, the gallery, the bytes."""

import io
from pathlib import Path

import pytest
from PIL import Image

from app.models import AuditEvent, ContentState, Photo, ReviewLevel
from app.models.seen import last_seen
from app.photos import services
from app.storage import get_storage
from tests import factories
from tests.factories import scope_of
from tests.pages import as_read
from tests.photo_files import FORMATS, MARKER, mpo_bytes, photo_bytes


def open_family(family, db):
    family.review_level = ReviewLevel.OPEN
    db.session.commit()


def upload(client, family, *files, caption=""):
    data = {"caption": caption, "photos": [(io.BytesIO(d), name) for name, d in files]}
    return client.post(f"/families/{family.id}/photos/new", data=data,
                       content_type="multipart/form-data")


def stored_files(app) -> list[Path]:
    root = Path(app.config["PHOTO_STORAGE_DIR"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def photos_in(db, family):
    return list(db.session.scalars(db.select(Photo).filter_by(family_id=family.id)))


# --- Sharing --------------------------------------------------------------------------------


def test_a_parent_shares_several_photos_at_once_and_the_family_sees_them(
        app, client, auth, family, parent, resource_parent, db):
    open_family(family, db)
    auth.login(parent)
    files = [(f"beach.{ext}", photo_bytes(fmt)) for fmt, ext in FORMATS.items()]
    response = upload(client, family, *files, caption="Mia at the beach")
    assert response.status_code == 303
    assert client.get(response.location).status_code == 200
    photos = photos_in(db, family)
    assert len(photos) == 4 and all(p.is_visible and p.caption == "Mia at the beach"
                                    for p in photos)
    auth.logout()
    auth.login(resource_parent)
    page = as_read(client.get(f"/families/{family.id}/photos"))
    assert page.count('loading="lazy"') == 4 and "Mia at the beach" in page
    events = db.session.scalars(db.select(AuditEvent).filter_by(action="photo.shared"))
    assert len(list(events)) == 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_stored_file_keeps_any_metadata_or_the_marker(app, client, auth, family, parent, db,
                                                         fmt):
    auth.login(parent)
    assert upload(client, family, (f"p.{FORMATS[fmt]}", photo_bytes(fmt))).status_code == 303
    files = stored_files(app)
    assert len(files) == 2  # display and thumbnail; never the original
    for path in files:
        data = path.read_bytes()
        assert MARKER.encode() not in data and b"MarkerPhone" not in data
        image = Image.open(io.BytesIO(data))
        assert not image.getexif() and not {"exif", "xmp", "comment"} & set(image.info)
    photo = photos_in(db, family)[0]
    if fmt != "HEIF":  # HEIC keeps rotation in its container (see test_photo_images)
        assert (photo.display_width, photo.display_height) == (40, 60)


def test_in_a_reviewed_family_the_author_sees_waiting_for_review_and_others_nothing(
        client, auth, family, parent, resource_parent, db):
    auth.login(parent)
    response = upload(client, family, ("a.jpg", photo_bytes()))
    page = as_read(client.get(response.location))
    assert "waiting for the caseworker" in page and "Waiting for review" in page
    photo = photos_in(db, family)[0]
    assert photo.is_pending
    auth.logout()
    auth.login(resource_parent)
    assert f"/photos/{photo.id}" not in client.get(f"/families/{family.id}/photos").get_data(
        as_text=True)
    assert client.get(f"/families/{family.id}/photos/{photo.id}/thumb").status_code == 404


def _refusal(client, family, *files):
    response = upload(client, family, *files)
    assert response.status_code == 422
    return as_read(response)


def test_bad_files_are_refused_by_name_and_nothing_of_the_upload_is_stored(
        app, client, auth, family, parent, db):
    auth.login(parent)
    good = ("good.jpg", photo_bytes())
    jpeg = photo_bytes(size=(400, 300))
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    big_png = io.BytesIO()
    Image.new("RGB", (8000, 7000)).save(big_png, "PNG")  # 56 MP, over the 50 MP limit
    cases = {
        "cut.jpg": (jpeg[: len(jpeg) // 2], "looks damaged or incomplete"),
        "notes.jpg": (b"this is a text file with a photo's name", "is not a photo we can use"),
        "drawing.svg": (svg, "is not a photo we can use"),
        "huge.png": (big_png.getvalue(), "is too large. It has 56 million pixels, and a photo "
                     "of this kind can have up to 30.5 million. Please choose a smaller copy, "
                     "or save it as a JPEG."),
        "empty.jpg": (b"", "is empty"),
    }
    for name, (data, message) in cases.items():
        page = _refusal(client, family, good, (name, data))
        assert f"{name} {message}" in page and "Nothing was shared" in page
    assert photos_in(db, family) == [] and stored_files(app) == []


def test_a_photo_too_large_for_its_kind_is_refused_saying_how_large_and_what_to_send(
        make_app, family, parent, resource_parent, db):
    """A PNG, WebP or HEIC decodes whole, so it may have fewer pixels than a JPEG (issue 22)."""
    open_family(family, db)
    app = make_app(PHOTO_MAX_DECODE_BYTES=22_000_000)  # PNG: 2 MP; JPEG: 5.5 MP; WebP: 1.1 MP
    client = app.test_client()
    client.post("/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD})
    page = _refusal(client, family, ("screen.png", photo_bytes("PNG", size=(1500, 1401))))
    assert ("screen.png is too large. It has 2.2 million pixels, and a photo of this kind can "
            "have up to 2 million. Please choose a smaller copy, or save it as a JPEG.") in page
    page = _refusal(client, family, ("camera.jpg", photo_bytes("JPEG", size=(3000, 2000))))
    assert ("camera.jpg is too large. It has 6 million pixels, and a photo can have up to "
            "5.5 million. Please choose a smaller copy.") in page
    same_pixels_as_the_png = ("camera.jpg", photo_bytes("JPEG", size=(1500, 1401)))
    assert upload(client, family, same_pixels_as_the_png).status_code == 303
    assert len(photos_in(db, family)) == 1
    client = app.test_client()
    client.post("/sign-in", data={"identifier": resource_parent.username,
                                  "password": factories.PASSWORD})
    page = _refusal(client, family, ("pantalla.webp", photo_bytes("WEBP", size=(1500, 1401))))
    assert ("pantalla.webp es demasiado grande. Tiene 2,2 millones de píxeles, y una foto de "
            "este tipo puede tener hasta 1,1 millones. Por favor, elija una copia más pequeña "
            "o guárdela como JPEG.") in page


def test_an_mpo_photo_from_an_android_phone_is_shared_as_its_first_frame(
        app, client, auth, family, parent, db):
    auth.login(parent)
    assert upload(client, family, ("PXL_2026.MP.jpg", mpo_bytes())).status_code == 303
    photo = photos_in(db, family)[0]
    assert (photo.display_width, photo.display_height) == (40, 60)  # turned as its tag says
    image = Image.open(io.BytesIO(get_storage().read(photo.display_key)))
    red, green, _blue = image.getpixel((image.width - 3, 3))
    assert image.format == "JPEG" and red > 200 and green < 60  # the first frame, not the second
    assert all(MARKER.encode() not in path.read_bytes() for path in stored_files(app))


def test_an_oversize_file_and_too_many_files_are_refused(make_app, tmp_path, db, family, parent):
    app = make_app(PHOTO_MAX_BYTES=2000, PHOTO_MAX_FILES=2)
    client = app.test_client()
    client.post("/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD})
    page = _refusal(client, family, ("big.jpg", photo_bytes(size=(300, 300))))
    assert "big.jpg is too big. Photos can be up to 2 kB." in page
    page = _refusal(client, family, *[(f"{n}.jpg", photo_bytes()) for n in range(3)])
    assert "You can share up to 2 photos at a time." in page
    assert photos_in(db, family) == []


def test_an_empty_upload_asks_for_a_photo(client, auth, family, parent, db):
    auth.login(parent)
    page = _refusal(client, family)
    assert "Choose at least one photo." in page


def test_a_body_over_the_limit_gets_413(make_app, family, parent):
    app = make_app(MAX_CONTENT_LENGTH=10_000)
    client = app.test_client()
    client.post("/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD})
    response = upload(client, family, ("big.jpg", b"x" * 20_000))
    assert response.status_code == 413


def test_the_upload_answers_the_progress_script_without_a_redirect(client, auth, family,
                                                                   parent):
    auth.login(parent)
    response = client.post(
        f"/families/{family.id}/photos/new",
        data={"photos": [(io.BytesIO(photo_bytes()), "a.jpg")]},
        headers={"X-Hearth-Upload": "1"}, content_type="multipart/form-data",
    )
    assert response.status_code == 204
    assert response.headers["X-Hearth-Upload"] == f"/families/{family.id}/photos"
    # The message waits for the page the script goes to.
    assert "waiting for the caseworker" in client.get(f"/families/{family.id}/photos").get_data(
        as_text=True)


def test_the_upload_page_works_without_javascript_and_loads_only_our_script(client, auth, family,
                                                                             parent):
    auth.login(parent)
    page = as_read(client.get(f"/families/{family.id}/photos/new"))
    assert 'enctype="multipart/form-data"' in page and 'accept="image/*"' in page
    assert "multiple" in page and '<script src="/static/js/photo-upload.js"' in page
    assert "<progress" in page


# --- The bytes ------------------------------------------------------------------------------


def test_images_are_never_stored_by_the_browser_and_carry_no_storage_key(
        client, auth, family, parent):
    """Children's photos on shared phones: no copy in the cache outlives "Sign out" (issue 22),
    and nothing in the answer names where the file is stored."""
    photo = factories.make_photo(family, parent)
    auth.login(parent)
    base = f"/families/{family.id}/photos/{photo.id}"
    for path, key in (("display", photo.display_key), ("thumb", photo.thumb_key),
                      ("download", photo.display_key)):
        response = client.get(f"{base}/{path}")
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "ETag" not in response.headers and "Last-Modified" not in response.headers
        assert key not in str(response.headers)
        # A browser holding an old copy (and its old ETag) gets the bytes, not a 304.
        again = client.get(f"{base}/{path}", headers={"If-None-Match": f'"{key}"'})
        assert again.status_code == 200 and again.data == response.data
    download = client.get(f"{base}/download")
    assert download.headers["Content-Disposition"] == f'attachment; filename="photo-{photo.id}.jpg"'
    assert client.get(base).headers["Cache-Control"] == "no-store"  # the page itself


def test_a_lost_file_is_not_found_for_the_reader_and_logged_for_staff(client, auth, family,
                                                                      parent, caplog):
    photo = factories.make_photo(family, parent)
    get_storage().delete(photo.thumb_key)
    auth.login(parent)
    response = client.get(f"/families/{family.id}/photos/{photo.id}/thumb")
    assert response.status_code == 404
    assert f"photo {photo.id}: the stored thumb file is missing" in caplog.text
    assert client.get(f"/families/{family.id}/photos/{photo.id}/display").status_code == 200


def test_signing_out_clears_what_the_browser_kept_and_the_photo_is_gone(
        client, auth, family, parent):
    # A phone or library computer is often shared. Photos are never stored (above), and
    # sign-out tells the browser to drop its cache and storage too: whatever an older
    # version of Hearth, or the back-forward cache, kept is gone for the next person.
    photo = factories.make_photo(family, parent)
    auth.login(parent)
    url = f"/families/{family.id}/photos/{photo.id}/thumb"
    assert client.get(url).status_code == 200
    signed_out = auth.logout()
    assert signed_out.status_code == 303
    assert signed_out.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get(url).status_code == 404


ALL_PHOTO_URLS = ("", "/display", "/thumb", "/download")


@pytest.mark.parametrize("visitor", ["outsider", "pending_member", "suspended_member", None])
def test_those_outside_get_404_on_every_photo_url_guessed_ids_included(
        request, client, auth, family, parent, other_family, visitor):
    photo = factories.make_photo(family, parent)
    theirs = factories.make_photo(other_family, other_family.memberships[0].user)
    if visitor:
        auth.login(request.getfixturevalue(visitor))
    for family_id, photo_id in ((family.id, photo.id), (family.id, theirs.id),
                                (other_family.id, photo.id), (family.id, 999_999)):
        for suffix in ALL_PHOTO_URLS:
            url = f"/families/{family_id}/photos/{photo_id}{suffix}"
            if visitor == "outsider" and (family_id, photo_id) == (other_family.id, theirs.id):
                continue
            assert client.get(url).status_code == 404, url
        assert client.get(f"/families/{family_id}/photos").status_code in (
            (200,) if visitor == "outsider" and family_id == other_family.id else (404,))


def test_a_photo_of_another_family_is_404_inside_your_own_family_url(client, auth, family,
                                                                     parent, other_family):
    theirs = factories.make_photo(other_family, other_family.memberships[0].user)
    auth.login(parent)
    for suffix in ALL_PHOTO_URLS:
        assert client.get(f"/families/{family.id}/photos/{theirs.id}{suffix}").status_code == 404
    assert client.post(f"/families/{family.id}/photos/{theirs.id}/approve").status_code == 404


@pytest.mark.parametrize("state", [ContentState.DECLINED, ContentState.HIDDEN,
                                   ContentState.WITHDRAWN, ContentState.PENDING])
def test_unshared_photos_appear_only_for_their_author_and_the_caseworker(
        client, auth, family, parent, resource_parent, caseworker, state, db):
    photo = factories.make_photo(family, parent, state, state_reason="Shows the school name",
                                 caption="Secret caption")
    base = f"/families/{family.id}/photos"
    auth.login(resource_parent)
    for suffix in ALL_PHOTO_URLS:
        assert client.get(f"{base}/{photo.id}{suffix}").status_code == 404
    assert "Secret caption" not in as_read(client.get(base))
    fragment = client.get(f"{base}?before={photo.id + 1}", headers={"HX-Request": "true"})
    assert "Secret caption" not in as_read(fragment)
    assert "Secret caption" not in as_read(client.get(f"/families/{family.id}"))
    assert services.home_section(scope_of(resource_parent, family)).new_count == 0
    auth.logout()
    author_sees = state is not ContentState.WITHDRAWN
    for reader, sees in ((parent, author_sees), (caseworker, True)):
        auth.login(reader)
        gallery = as_read(client.get(base))
        assert ("Secret caption" in gallery) is sees
        for suffix in ALL_PHOTO_URLS:
            assert client.get(f"{base}/{photo.id}{suffix}").status_code == (200 if sees else 404)
        if sees and state in (ContentState.DECLINED, ContentState.HIDDEN):
            assert "Shows the school name" in client.get(f"{base}/{photo.id}").get_data(
                as_text=True)
        auth.logout()


# --- Moderation in the UI -------------------------------------------------------------------


def test_the_caseworker_approves_and_declines_in_the_gallery(client, auth, family, parent,
                                                             caseworker, db):
    waiting = factories.make_photo(family, parent, ContentState.PENDING)
    unwanted = factories.make_photo(family, parent, ContentState.PENDING)
    base = f"/families/{family.id}/photos"
    auth.login(caseworker)
    gallery = as_read(client.get(base))
    assert gallery.count("Waiting for review") == 2 and gallery.count(">Approve<") == 2
    response = client.post(f"{base}/{waiting.id}/approve", data={"next": base})
    assert response.status_code == 303 and response.location == base
    form = as_read(client.get(f"{base}/{unwanted.id}/decline"))
    assert 'name="reason"' in form and f"{base}/{unwanted.id}/thumb" in form
    assert "Please fix" in as_read(client.post(f"{base}/{unwanted.id}/decline",
                                       data={"reason": ""}))
    client.post(f"{base}/{unwanted.id}/decline", data={"reason": "It shows the house number"})
    db.session.refresh(waiting)
    db.session.refresh(unwanted)
    assert waiting.is_visible
    assert (unwanted.state, unwanted.state_reason) == (ContentState.DECLINED,
                                                       "It shows the house number")
    auth.logout()
    auth.login(parent)
    page = as_read(client.get(f"{base}/{unwanted.id}"))
    assert "Not shared: It shows the house number" in page


def test_the_caseworker_hides_and_the_author_takes_back(client, auth, family, parent,
                                                        caseworker, db):
    shared, mine = factories.make_photo(family, parent), factories.make_photo(family, parent)
    base = f"/families/{family.id}/photos"
    auth.login(caseworker)
    assert ">Hide<" in as_read(client.get(f"{base}/{shared.id}"))
    client.post(f"{base}/{shared.id}/hide", data={"reason": "Another child's face"})
    auth.logout()
    auth.login(parent)
    page = as_read(client.get(f"{base}/{mine.id}"))
    assert ">Take back<" in page and ">Approve<" not in page
    confirm = client.get(f"{base}/{mine.id}/withdraw?next={base}/{mine.id}")
    assert "You cannot undo this." in as_read(confirm)
    db.session.refresh(mine)
    assert mine.is_visible  # asking is not doing
    client.post(f"{base}/{mine.id}/withdraw")
    db.session.refresh(shared)
    db.session.refresh(mine)
    assert shared.state is ContentState.HIDDEN and mine.state is ContentState.WITHDRAWN
    assert client.get(f"{base}/{mine.id}").status_code == 404
    record = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    assert record[-2:] == ["photo.hidden", "photo.withdrawn"]


def test_members_cannot_moderate(client, auth, family, parent, resource_parent, db):
    waiting = factories.make_photo(family, resource_parent, ContentState.PENDING)
    theirs = factories.make_photo(family, resource_parent)
    base = f"/families/{family.id}/photos"
    auth.login(parent)
    assert client.post(f"{base}/{waiting.id}/approve").status_code == 404  # cannot see it
    assert client.get(f"{base}/{theirs.id}/hide").status_code == 403  # sees it, not hers to hide
    assert client.get(f"{base}/{theirs.id}/withdraw").status_code == 403  # not the author
    client.post(f"{base}/{theirs.id}/withdraw")
    db.session.refresh(waiting)
    db.session.refresh(theirs)
    assert waiting.is_pending and theirs.is_visible


def test_an_author_cannot_approve_their_own_waiting_photo(client, auth, family, parent, db):
    # They see it (waiting for review), so the lookup succeeds; the answer must still be the
    # same 403 as Decline and Hide (docs/security.md, "Refusals"), not "This photo has changed
    # since you opened the page".
    mine = factories.make_photo(family, parent, ContentState.PENDING)
    auth.login(parent)
    response = client.post(f"/families/{family.id}/photos/{mine.id}/approve")
    assert response.status_code == 403
    db.session.refresh(mine)
    assert mine.is_pending


def test_the_record_says_what_happened_to_photos(client, auth, family, parent, caseworker):
    photo = factories.make_photo(family, parent, ContentState.PENDING)
    services.decline(photo, scope_of(caseworker, family), "Too dark")
    auth.login(caseworker)
    page = as_read(client.get(f"/families/{family.id}/record"))
    assert "Sam did not share a photo. Reason: Too dark" in page


# --- Gallery, pages, "new since you last looked" ----------------------------------------------


def test_the_gallery_pages_by_keyset_and_show_more_works_without_javascript(
        client, auth, family, parent, db):
    photos = [factories.make_photo(family, parent, with_files=False, caption=f"Photo {n}")
              for n in range(services.PAGE_SIZE + 3)]
    auth.login(parent)
    page = as_read(client.get(f"/families/{family.id}/photos"))
    assert f"Photo {len(photos) - 1}" in page and "Photo 2\"" not in page
    more = f"/families/{family.id}/photos?before={photos[3].id}"
    assert more in page and "Show more" in page
    fragment = client.get(more, headers={"HX-Request": "true"})
    text = as_read(fragment)
    assert "<html" not in text and all(f'alt="Photo {n}"' in text for n in range(3))
    assert "HX-Request" in fragment.headers["Vary"]


def test_alt_text_is_the_caption_or_who_shared_it_and_when(client, auth, family, parent):
    factories.make_photo(family, parent)
    auth.login(parent)
    page = as_read(client.get(f"/families/{family.id}/photos"))
    assert 'alt="Photo shared by Dana on' in page
    assert 'width="8" height="6"' in page


def test_the_gallery_and_photo_pages_are_in_spanish(client, auth, family, resource_parent):
    photo = factories.make_photo(family, resource_parent)
    auth.login(resource_parent)
    page = as_read(client.get(f"/families/{family.id}/photos/{photo.id}"))
    assert "Guardar la foto" in page and "Foto compartida por Rosa" in page


def test_opening_the_gallery_marks_photos_seen_and_the_home_section_counts_new_ones(
        client, auth, family, parent, resource_parent, db):
    membership = scope_of(parent, family).membership
    first = factories.make_photo(family, resource_parent)
    assert services.home_section(scope_of(parent, family)).new_count == 1
    auth.login(parent)
    client.get(f"/families/{family.id}/photos")
    assert last_seen(membership.id, "photos") == first.id
    later = [factories.make_photo(family, resource_parent) for _ in range(8)]
    section = services.home_section(scope_of(parent, family))
    assert section.new_count == 8
    assert [p.id for p in section.photos] == [p.id for p in reversed(later)][:6]
    # An older page ("show more") does not move the marker.
    client.get(f"/families/{family.id}/photos?before={first.id}")
    assert last_seen(membership.id, "photos") == first.id


def test_the_family_home_shows_new_photos_by_others_and_nothing_when_none(
        client, auth, family, parent, resource_parent, db):
    factories.make_photo(family, parent, caption="My own")  # not news to me
    auth.login(parent)
    home = as_read(client.get(f"/families/{family.id}"))
    assert "new photo" not in home and "Welcome! Nothing is shared yet." not in home
    factories.make_photo(family, resource_parent, caption="Mia at the park")
    home = as_read(client.get(f"/families/{family.id}"))
    assert "1 new photo" in home and "Mia at the park" in home and "My own" not in home
    client.get(f"/families/{family.id}/photos")
    assert "new photo" not in as_read(client.get(f"/families/{family.id}"))


def test_the_home_section_partial_renders_for_the_home_page(app, family, parent, resource_parent):
    from flask import render_template
    from flask_login import login_user

    from app.access import family_scope

    factories.make_photo(family, resource_parent, caption="Mia's drawing")
    with app.test_request_context():
        login_user(parent)
        scope = family_scope(family.id)
        html = render_template("photos/_home_section.html", scope=scope)
    assert "1 new photo" in html and "Mia&#39;s drawing" in html and "See all photos" in html


@pytest.mark.parametrize("who", ["parent", "caseworker"])
def test_the_gallery_runs_a_fixed_number_of_queries(request, client, auth, family, parent, db,
                                                    count_queries, who):
    other = factories.add_member(family).user
    for n in range(9):
        factories.make_photo(family, other if n % 2 else parent, with_files=False)
    auth.login(request.getfixturevalue(who))
    client.get(f"/families/{family.id}/photos")  # the seen marker exists; now it only moves
    factories.make_photo(family, parent, with_files=False)
    with count_queries() as few:
        assert client.get(f"/families/{family.id}/photos").status_code == 200
    db.session.execute(db.insert(Photo), [
        {"family_id": family.id, "author_id": parent.id, "state": ContentState.VISIBLE,
         "caption": "", "content_type": "image/jpeg", "display_key": f"{n:032x}",
         "display_width": 8, "display_height": 6, "thumb_key": f"{n:032x}",
         "thumb_width": 8, "thumb_height": 6,
         # Their places in the family's order of sharing, as app.moderation.number_new gives.
         "position": 10_000 + n, "shared_seq": 10_000 + n}
        for n in range(490)
    ])
    db.session.commit()
    with count_queries() as many:
        assert client.get(f"/families/{family.id}/photos").status_code == 200
    assert many.count == few.count, many.statements[few.count:]


def test_uploads_are_limited_per_person(make_app, family, parent, db):
    app = make_app(PHOTO_UPLOAD_LIMIT_PER_PERSON="2 per hour")
    client = app.test_client()
    client.post("/sign-in", data={"identifier": parent.email, "password": factories.PASSWORD})
    for _ in range(2):
        assert upload(client, family, ("a.jpg", photo_bytes())).status_code == 303
    assert upload(client, family, ("a.jpg", photo_bytes())).status_code == 429
    assert len(photos_in(db, family)) == 2


def test_the_home_section_runs_a_fixed_number_of_queries(family, parent, resource_parent, db,
                                                         count_queries):
    scope = scope_of(parent, family)

    def queries_for_home():
        with count_queries() as counted:
            section = services.home_section(scope)
            [p.author.name for p in section.photos]
        return counted.count, section.new_count

    for _ in range(10):
        factories.make_photo(family, resource_parent, with_files=False)
    few, ten = queries_for_home()
    for _ in range(40):
        factories.make_photo(family, resource_parent, with_files=False)
    many, fifty = queries_for_home()
    assert (ten, fifty) == (10, 50) and few == many


def test_a_parent_partner_sees_photos_but_does_not_post_them(client, auth, family, parent, db):
    partner = factories.add_member(family, role=factories.Role.PARENT_PARTNER).user
    factories.make_photo(family, parent, caption="Mia on the swing")
    auth.login(partner)
    gallery = as_read(client.get(f"/families/{family.id}/photos"))
    assert "Mia on the swing" in gallery and "/photos/new" not in gallery
    assert upload(client, family, ("a.jpg", photo_bytes())).status_code == 403
    assert len(photos_in(db, family)) == 1


def test_a_refused_file_is_named_without_its_folders(client, auth, family, parent):
    auth.login(parent)
    page = _refusal(client, family, ("Users/dana/notes.jpg", b"not a photo"),
                    ("x" * 100 + ".jpg", b""))
    assert "notes.jpg is not a photo" in page and "Users" not in page
    assert "x" * 57 + "… is empty." in page


def test_files_are_removed_when_the_rows_cannot_be_saved(app, family, parent, db, monkeypatch):
    def broken_commit():
        raise RuntimeError("database went away")

    monkeypatch.setattr(db.session, "commit", broken_commit)
    with pytest.raises(RuntimeError):
        services.share_photos(scope_of(parent, family), [("a.jpg", photo_bytes())] * 2, "")
    monkeypatch.undo()
    assert stored_files(app) == [] and photos_in(db, family) == []


def caption_version(client, url) -> str:
    """The version the caption form was opened on, as the browser sends it back."""
    import re

    page = as_read(client.get(url))
    return re.search(r'name="version" type="hidden" value="([^"]*)"', page).group(1)


def test_the_author_gives_each_photo_its_own_caption_and_the_record_keeps_it(
        client, auth, family, parent, resource_parent, caseworker, db):
    """In an open family a new caption is shared at once (a reviewed family: test_edits.py)."""
    from app.models import AuditEvent

    open_family(family, db)
    first, second = (factories.make_photo(family, parent, caption="Our day") for _ in range(2))
    auth.login(parent)
    page = as_read(client.get(f"/families/{family.id}/photos/{second.id}"))
    assert "Change the caption" in page
    url = f"/families/{family.id}/photos/{second.id}/caption"
    assert "Our day" in as_read(client.get(url))  # starts from the old words
    response = client.post(url, data={"caption": "  Mia on the slide  ",
                                      "version": caption_version(client, url)})
    assert response.status_code == 303
    db.session.expire_all()
    first, second = db.session.get(Photo, first.id), db.session.get(Photo, second.id)
    assert (first.caption, second.caption) == ("Our day", "Mia on the slide")
    too_long = client.post(url, data={"caption": "x" * 501,
                                      "version": caption_version(client, url)})
    assert too_long.status_code == 200
    db.session.expire_all()
    assert db.session.get(Photo, second.id).caption == "Mia on the slide"
    event = db.session.scalars(db.select(AuditEvent).filter_by(
        action="photo.caption_changed")).one()
    assert event.detail == {"old": "Our day", "new": "Mia on the slide"}
    client.post(url, data={"caption": "Mia on the slide",
                           "version": caption_version(client, url)})  # no change, no new line
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(
        action="photo.caption_changed")) == 1
    auth.logout()
    auth.login(resource_parent)
    assert "Mia on the slide" in as_read(client.get(
        f"/families/{family.id}/photos/{second.id}"))
    auth.logout()
    auth.login(caseworker)
    record = as_read(client.get(f"/families/{family.id}/record"))
    assert "Dana changed the caption of a photo." in record


@pytest.mark.parametrize("who", ["resource_parent", "caseworker"])
def test_only_the_author_changes_a_caption(request, client, auth, family, parent, db, who):
    photo = factories.make_photo(family, parent, caption="Our day")
    auth.login(request.getfixturevalue(who))
    url = f"/families/{family.id}/photos/{photo.id}/caption"
    assert "Change the caption" not in as_read(client.get(
        f"/families/{family.id}/photos/{photo.id}"))
    assert client.get(url).status_code == 403
    assert client.post(url, data={"caption": "Not mine"}).status_code == 403
    assert photo.caption == "Our day"


def test_a_declined_photo_keeps_its_caption(client, auth, family, parent, db):
    photo = factories.make_photo(family, parent, ContentState.DECLINED, caption="Our day")
    auth.login(parent)
    url = f"/families/{family.id}/photos/{photo.id}/caption"
    assert client.post(url, data={"caption": "Try again"}).status_code == 403
    assert photo.caption == "Our day"
