"""Photos at phone size: a kin caregiver (in Spanish) shares one, Mom sees it, and it is taken
back; in the reviewed Nguyen family the caseworker approves one photo and declines another.
With JavaScript on and off.

Each run shares new photos with its own captions, so the demo's own photos stay as they were.
"""

import io
import re
import uuid

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from tests.e2e.test_password_recovery import NEW_PASSWORD
from tests.e2e.ui import (
    CASEWORKER,
    DEMO_PASSWORD,
    KIN_CAREGIVER,
    PARENT,
    DemoAccount,
    account_link,
    path_re,
    resume_session,
)

RESOURCE_PARENT_NGUYEN = DemoAccount("chris@demo.hearth.example", "Chris")
JS = [pytest.param(True, id="js"), pytest.param(False, id="no-js")]


def sign_in_chris(page: Page) -> None:
    """Chris is the Nguyen family's only active member besides Sam, and test_password_recovery
    (earlier in the same run, on the same server) gives him a new password."""
    for password in (DEMO_PASSWORD, NEW_PASSWORD):
        page.goto("/sign-in")
        page.get_by_label("Email or username").fill(RESOURCE_PARENT_NGUYEN.identifier)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        # Either signed in, or the sign-in page again with its "please fix" alert.
        expect(account_link(page).or_(page.get_by_role("alert"))).to_be_visible()
        if account_link(page).count():
            break
    expect(account_link(page)).to_be_visible()


def jpeg(colour: str) -> dict:
    image = Image.new("RGB", (1200, 900), colour)
    ImageDraw.Draw(image).ellipse((300, 200, 900, 700), fill="white")
    out = io.BytesIO()
    image.save(out, "JPEG")
    return {"name": f"{colour}.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def open_family(page: Page, name: str) -> None:
    page.goto("/families")
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def photos_nav(page: Page):
    return page.locator("nav a[href$='/photos']")


def share(page: Page, files: list[dict], caption: str) -> None:
    page.locator("main a[href$='/photos/new']").click()
    page.locator("input[type=file][name=photos]").set_input_files(files)
    page.locator("textarea[name=caption]").fill(caption)
    page.locator("main form[enctype] [type=submit]").click()
    expect(page).to_have_url(path_re(r"/families/\d+/photos"))


def tile(page: Page, caption: str):
    return page.locator(".photo-tile", has=page.locator(f"img[alt='{caption}']"))


@pytest.mark.parametrize("javascript", JS)
def test_a_kin_caregiver_shares_a_photo_in_spanish_and_mom_sees_it(open_page, check, javascript):
    tag = f"photos-share-{'js' if javascript else 'nojs'}"
    caption = f"Mia en el parque {uuid.uuid4().hex[:6]}"
    rosa = open_page("phone", javascript=javascript)
    resume_session(rosa, KIN_CAREGIVER)
    open_family(rosa, "The Rivera family")
    photos_nav(rosa).click()
    expect(rosa.get_by_role("heading", level=1)).to_have_text("Fotos")
    check(rosa, f"{tag}-01-gallery-es")
    rosa.locator("main a[href$='/photos/new']").click()
    expect(rosa.get_by_role("heading", level=1)).to_have_text("Compartir fotos")
    check(rosa, f"{tag}-02-upload-es")
    rosa.locator("main form[enctype] [type=submit]").click()  # nothing chosen
    expect(rosa.locator(".field__errors")).to_contain_text("Elija al menos una foto.")
    check(rosa, f"{tag}-03-upload-error-es")
    photos_nav(rosa).click()
    share(rosa, [jpeg("orange")], caption)
    expect(rosa.locator(".flash--success")).to_contain_text("compartidas con la familia")
    expect(tile(rosa, caption)).to_be_visible()

    dana = open_page("phone", javascript=javascript)
    resume_session(dana, PARENT)
    open_family(dana, "The Rivera family")
    photos_nav(dana).click()
    dana.locator(f"img[alt='{caption}']").click()
    expect(dana.get_by_role("heading", level=1)).to_have_text("Photo")
    expect(dana.locator("figcaption")).to_contain_text(caption)
    expect(dana.locator("figcaption")).to_contain_text("Shared by Rosa")
    image = dana.locator("img.photo__image")
    expect(image).to_be_visible()
    expect(image).to_have_js_property("naturalWidth", 1200)  # served, decoded, shown
    expect(dana.get_by_role("link", name="Save photo")).to_have_attribute(
        "href", re.compile(r"/download$"))
    check(dana, f"{tag}-04-photo-page")

    # Each photo can have its own words: Rosa changes this one's caption on its page.
    rosa.locator(f"img[alt='{caption}']").click()
    rosa.get_by_role("link", name="Cambiar el texto").click()
    check(rosa, f"{tag}-05-caption-es")
    caption = "Mia en el columpio"
    rosa.get_by_label("Texto de la foto (opcional)").fill(caption)
    rosa.get_by_role("button", name="Guardar el texto").click()
    expect(rosa.locator("figcaption")).to_contain_text(caption)
    dana.reload()
    expect(dana.locator("figcaption")).to_contain_text(caption)
    photos_nav(rosa).click()

    # Rosa changes her mind: she is asked once more, then Dana no longer sees the photo.
    rosa.locator(f"img[alt='{caption}']").click()
    rosa.get_by_role("link", name="Retirar").click()
    expect(rosa.get_by_role("heading", level=1)).to_have_text("¿Retirar esta foto?")
    check(rosa, f"{tag}-06-take-back-es")
    rosa.get_by_role("button", name="Retirar la foto").click()
    expect(rosa.locator(".flash--success")).to_contain_text("Retiró la foto")
    expect(rosa.locator(f"img[alt='{caption}']")).to_have_count(0)
    dana.reload()
    expect(dana.get_by_role("heading", level=1)).not_to_have_text("Photo")
    expect(dana.locator("img.photo__image")).to_have_count(0)


@pytest.mark.parametrize("javascript", JS)
def test_the_caseworker_approves_one_photo_and_declines_another(open_page, check, javascript):
    tag = f"photos-review-{'js' if javascript else 'nojs'}"
    run = uuid.uuid4().hex[:6]
    keep, refuse = f"Team photo {run}", f"Photo with the school sign {run}"
    chris = open_page("phone", javascript=javascript)
    sign_in_chris(chris)
    open_family(chris, "The Nguyen family")
    photos_nav(chris).click()
    share(chris, [jpeg("teal")], keep)
    share(chris, [jpeg("purple")], refuse)
    expect(chris.locator(".flash--success")).to_contain_text("waiting for the caseworker")
    expect(tile(chris, keep).locator(".status--pending")).to_have_text("Waiting for review")
    check(chris, f"{tag}-01-author-waiting")

    sam = open_page("phone", javascript=javascript)
    resume_session(sam, CASEWORKER)
    open_family(sam, "The Nguyen family")
    photos_nav(sam).click()
    expect(tile(sam, keep).locator(".status--pending")).to_be_visible()
    check(sam, f"{tag}-02-caseworker-gallery")
    tile(sam, keep).get_by_role("button", name="Approve").click()
    expect(sam.locator(".flash--success")).to_contain_text("shared with the family")
    expect(tile(sam, keep).locator(".status")).to_have_count(0)
    tile(sam, refuse).get_by_role("link", name="Do not share").click()
    expect(sam.get_by_role("heading", level=1)).to_have_text("Do not share this photo")
    check(sam, f"{tag}-03-decline-reason")
    sam.get_by_label("Reason").fill("It shows the name of An's school.")
    sam.get_by_role("button", name="Confirm").click()
    expect(sam.locator(".flash--success")).to_contain_text("not shared")
    expect(tile(sam, refuse).locator(".status--declined")).to_be_visible()

    chris.reload()
    expect(tile(chris, keep).locator(".status")).to_have_count(0)
    expect(tile(chris, refuse).locator(".status--declined")).to_have_text(
        "Not shared: It shows the name of An's school.")
    check(chris, f"{tag}-04-author-after-review")
