"""Turning an uploaded file into clean photo renditions: decode, check, strip, re-encode.

Nothing from the upload is trusted: the format is the one Pillow decodes (never the file name
or Content-Type), size and pixel limits are checked before any pixel is decoded, and the output
is built from bare pixels, so no EXIF (GPS), XMP, comment or profile of the original survives.
The original bytes are never kept. Pure functions: no Flask, no database, no storage.
"""

import io
import warnings
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageCms, ImageOps

# HEIC/HEIF (iPhones) is decoded by pillow-heif; Pillow then reports the format "HEIF".
pillow_heif.register_heif_opener()

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
DISPLAY_SIDE = 1600
THUMB_SIDE = 400
JPEG_QUALITY = 82
OUTPUT_CONTENT_TYPE = "image/jpeg"

_SRGB = ImageCms.createProfile("sRGB")


class ImageRefused(Exception):
    """The file is not a photo we take. `reason` is one of the REASONS keys."""

    REASONS = ("empty", "too_big", "not_a_photo", "too_many_pixels", "broken")

    def __init__(self, reason: str):
        if reason not in self.REASONS:
            raise ValueError(reason)
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Rendition:
    data: bytes
    width: int
    height: int
    content_type: str = OUTPUT_CONTENT_TYPE


@dataclass(frozen=True)
class CleanPhoto:
    display: Rendition
    thumb: Rendition


def process(data: bytes, *, max_bytes: int, max_pixels: int) -> CleanPhoto:
    """The display rendition and the thumbnail of one uploaded file, or ImageRefused."""
    if not data:
        raise ImageRefused("empty")
    if len(data) > max_bytes:
        raise ImageRefused("too_big")
    image = _open(data, max_pixels)
    try:
        with image:
            # JPEG can decode straight at 1/2, 1/4 or 1/8 scale: most of the time and memory saved.
            if image.format == "JPEG":
                image.draft("RGB", _fit(image.size, DISPLAY_SIDE))
            image.load()
            upright = ImageOps.exif_transpose(image)
            pixels = _to_srgb(upright)
    except ImageRefused:
        raise
    except Exception as error:  # truncated or corrupt data fails here, in many ways
        raise ImageRefused("broken") from error
    display = _shrink(pixels, DISPLAY_SIDE)
    thumb = _shrink(display, THUMB_SIDE)
    return CleanPhoto(display=_encode(display), thumb=_encode(thumb))


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """Open (read the header only) and check the decoded format and the pixel count."""
    with warnings.catch_warnings():
        # Pillow only warns about a decompression bomb; here it is a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageRefused("too_many_pixels") from error
        except Exception as error:  # not an image of an accepted format
            raise ImageRefused("not_a_photo") from error
    if image.format not in ACCEPTED_FORMATS:
        image.close()
        raise ImageRefused("not_a_photo")
    width, height = image.size
    if width < 1 or height < 1 or width * height > max_pixels:
        image.close()
        raise ImageRefused("too_many_pixels")
    return image


def _fit(size: tuple[int, int], longest: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB pixels in sRGB: transparency laid on white, colour profiles converted, then dropped."""
    icc = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, TypeError, ValueError):
            pass  # a broken or mismatched profile: keep the pixels as they are
    return image if image.mode == "RGB" else image.convert("RGB")


def _shrink(image: Image.Image, longest: int) -> Image.Image:
    """A new image of bare pixels no longer than `longest`: nothing of the source's info."""
    size = _fit(image.size, longest)
    if size != image.size:
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return Image.frombytes("RGB", image.size, image.tobytes())


def _encode(image: Image.Image) -> Rendition:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return Rendition(data=out.getvalue(), width=image.width, height=image.height)
