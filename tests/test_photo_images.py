"""The photo pipeline alone: what is accepted, what is refused, and what comes out."""

import io

import pytest
from PIL import Image, ImageFile

from app.photos import images
from tests.photo_files import FORMATS, MARKER, mpo_bytes, photo_bytes, picture

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


def test_an_mpo_is_taken_as_the_jpeg_it_is_its_first_frame():
    """Many Android phones write MPO: a JPEG followed by a second (depth or preview) frame."""
    clean = images.process(mpo_bytes(size=(60, 40), orientation=6), **LIMITS)
    image = opened(clean.display)
    assert image.size == (40, 60)  # its orientation tag applied, as for any JPEG
    red, green, _blue = image.getpixel((image.width - 3, 3))
    assert red > 200 and green < 60  # the first frame's red corner, not the green second frame
    assert MARKER.encode() not in clean.display.data and not image.getexif()


# 10 MB of decode memory: 2.5 MP for a JPEG (4 bytes a pixel), 0.9 MP for a PNG (11).
SMALL_BUDGET = {"max_bytes": 5 * 1024 * 1024, "max_pixels": 50_000_000,
                "max_decode_bytes": 10_000_000}


def test_formats_decoded_whole_have_a_smaller_pixel_budget_than_jpeg(monkeypatch):
    """JPEG decodes at 1/2 to 1/8 scale; PNG, WebP and HEIC decode whole, so the same pixels
    cost them more memory, and the limit each takes is what its decode costs."""
    jpeg = photo_bytes("JPEG", size=(1200, 1000), orientation=1)
    assert images.process(jpeg, **SMALL_BUDGET).display.width == 1200
    mpo = mpo_bytes(size=(1200, 1000), orientation=1)
    assert images.process(mpo, **SMALL_BUDGET).display.width == 1200

    files = {fmt: photo_bytes(fmt, size=(1200, 1000)) for fmt in ("PNG", "WEBP", "HEIF")}

    def must_not_load(self):
        raise AssertionError("decoded pixels of an image over its format's limit")

    monkeypatch.setattr(Image.Image, "load", must_not_load)
    monkeypatch.setattr(ImageFile.ImageFile, "load", must_not_load)
    for fmt, data in files.items():
        with pytest.raises(images.ImageRefused) as refused:
            images.process(data, **SMALL_BUDGET)
        assert refused.value.reason == "too_many_pixels", fmt
        assert refused.value.fmt == fmt and refused.value.pixels == 1_200_000
        assert refused.value.limit == 10_000_000 // images.DECODE_BYTES_PER_PIXEL[fmt]


def test_the_default_budgets_take_phone_photos_and_refuse_the_audits_bombs():
    from app.config import Config

    def limit(fmt):
        return images.pixel_limit(fmt, max_pixels=Config.PHOTO_MAX_PIXELS,
                                  max_decode_bytes=Config.PHOTO_MAX_DECODE_BYTES)

    assert limit("JPEG") == limit("MPO") == 50_000_000  # 50 MP cameras, 200 MP modes shrunk
    assert limit("HEIF") >= 5712 * 4284  # an iPhone's 24 MP HEIC
    assert limit("PNG") >= 2048 * 2732 * 2  # a tablet's screenshot, with room to spare
    assert limit("WEBP") >= 4000 * 3000
    assert max(limit("WEBP"), limit("PNG")) < 7000 * 7000  # the audit's 7071x7071, 7000x7000


def test_big_transparent_and_palette_pngs_are_shrunk_before_laid_on_white():
    """Shrinking first keeps one full-size copy; the colours still come out right."""
    out = io.BytesIO()
    rgba = Image.new("RGBA", (3200, 1600), (0, 0, 255, 0))
    rgba.paste((255, 0, 0, 255), (0, 0, 1600, 1600))
    rgba.save(out, "PNG")
    image = opened(images.process(out.getvalue(), **{**LIMITS, "max_pixels": 10**7}).display)
    assert image.size == (1600, 800)
    assert image.getpixel((400, 400)) == pytest.approx((255, 0, 0), abs=4)
    assert image.getpixel((1200, 400)) == pytest.approx((255, 255, 255), abs=4)
    out = io.BytesIO()
    rgba.convert("P").save(out, "PNG")
    image = opened(images.process(out.getvalue(), **{**LIMITS, "max_pixels": 10**7}).display)
    assert image.getpixel((400, 400)) == pytest.approx((255, 0, 0), abs=4)
