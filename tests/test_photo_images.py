"""The photo pipeline alone: what is accepted, what is refused, and what comes out."""

import io

import pytest
from PIL import Image, ImageFile

from app.photos import images
from tests.photo_files import FORMATS, MARKER, photo_bytes, picture

LIMITS = {"max_bytes": 5 * 1024 * 1024, "max_pixels": 1_000_000}


def opened(rendition: images.Rendition) -> Image.Image:
    image = Image.open(io.BytesIO(rendition.data))
    assert (image.width, image.height) == (rendition.width, rendition.height)
    return image


@pytest.mark.parametrize("fmt", FORMATS)
def test_renditions_carry_no_metadata_at_all(fmt):
    clean = images.process(photo_bytes(fmt), **LIMITS)
    for rendition in (clean.display, clean.thumb):
        assert MARKER.encode() not in rendition.data
        assert b"MarkerPhone" not in rendition.data
        image = opened(rendition)
        assert image.format == "JPEG" and rendition.content_type == "image/jpeg"
        assert not image.getexif()  # no GPS, no orientation, no description
        assert not {"exif", "xmp", "comment", "icc_profile"} & set(image.info)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_the_orientation_tag_is_applied(fmt):
    """A wide picture tagged "rotate 90°" comes out tall, its red corner now top right."""
    clean = images.process(photo_bytes(fmt, size=(60, 40), orientation=6), **LIMITS)
    image = opened(clean.display)
    assert image.size == (40, 60)
    red, _green, blue = image.getpixel((image.width - 3, 3))
    assert red > 200 and blue < 60


def test_heic_comes_out_as_its_container_says():
    """In HEIC the rotation lives in the container (applied by libheif), not in EXIF."""
    clean = images.process(photo_bytes("HEIF", size=(60, 40)), **LIMITS)
    assert opened(clean.display).size == (60, 40)


def test_big_photos_are_shrunk_and_keep_their_shape():
    clean = images.process(photo_bytes("JPEG", size=(3200, 1800), orientation=1),
                           max_bytes=LIMITS["max_bytes"], max_pixels=10_000_000)
    assert (clean.display.width, clean.display.height) == (1600, 900)
    assert (clean.thumb.width, clean.thumb.height) == (400, 225)


def test_transparent_png_is_laid_on_white():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (255, 0, 0, 0)).save(out, "PNG")
    image = opened(images.process(out.getvalue(), **LIMITS).display)
    assert image.getpixel((5, 5)) == pytest.approx((255, 255, 255), abs=3)


def test_an_icc_profile_is_converted_and_dropped():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    out = io.BytesIO()
    picture().save(out, "JPEG", icc_profile=profile)
    clean = images.process(out.getvalue(), **LIMITS)
    assert "icc_profile" not in opened(clean.display).info


def _refused(data: bytes, **limits) -> str:
    with pytest.raises(images.ImageRefused) as refused:
        images.process(data, **{**LIMITS, **limits})
    return refused.value.reason


def test_refusals():
    jpeg = photo_bytes("JPEG", size=(400, 300))
    assert _refused(b"") == "empty"
    assert _refused(jpeg, max_bytes=len(jpeg) - 1) == "too_big"
    assert _refused(b"just some text, named photo.jpg") == "not_a_photo"
    assert _refused(b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>') == "not_a_photo"
    assert _refused(jpeg[: len(jpeg) // 2]) == "broken"
    out = io.BytesIO()
    Image.new("RGB", (1001, 1000)).save(out, "PNG")
    assert _refused(out.getvalue()) == "too_many_pixels"


def test_a_gif_or_bmp_is_refused_by_its_decoded_format():
    for fmt in ("GIF", "BMP", "TIFF"):
        out = io.BytesIO()
        picture().save(out, fmt)
        assert _refused(out.getvalue()) == "not_a_photo", fmt


def test_a_decompression_bomb_is_refused_before_decoding(monkeypatch):
    """Pillow's own bomb check only warns below twice its limit: here it is a refusal."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    out = io.BytesIO()
    Image.new("RGB", (40, 30)).save(out, "PNG")  # 1,200 pixels: a warning in Pillow
    assert _refused(out.getvalue(), max_pixels=10**9) == "too_many_pixels"


def test_the_pixel_limit_is_checked_before_pixels_are_decoded(monkeypatch):
    out = io.BytesIO()
    Image.new("RGB", (2000, 1000)).save(out, "PNG")

    def must_not_load(self):
        raise AssertionError("decoded pixels of an image over the limit")

    monkeypatch.setattr(Image.Image, "load", must_not_load)
    monkeypatch.setattr(ImageFile.ImageFile, "load", must_not_load)
    assert _refused(out.getvalue()) == "too_many_pixels"


def test_cmyk_and_greyscale_photos_come_out_rgb():
    for mode in ("CMYK", "L"):
        out = io.BytesIO()
        Image.new(mode, (20, 10)).save(out, "JPEG")
        assert opened(images.process(out.getvalue(), **LIMITS).display).mode == "RGB", mode


def test_an_srgb_profile_leaves_colours_alone():
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 40, 40)).save(out, "PNG", icc_profile=srgb)
    image = opened(images.process(out.getvalue(), **LIMITS).display)
    assert image.getpixel((10, 5)) == pytest.approx((200, 40, 40), abs=4)
