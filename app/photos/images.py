"""Turning an uploaded file into clean photo renditions: decode, check, strip, re-encode.

Nothing from the upload is trusted: the format is the one Pillow decodes (never the file name
or Content-Type), size and pixel limits are checked before any pixel is decoded, and the output
is built from bare pixels, so no EXIF (GPS), XMP, comment or profile of the original survives.
The original bytes are never kept. Pure functions: no Flask, no database, no storage.

Memory (issue 22, docs/photos.md "Big files"): a few kilobytes can declare 50 million pixels.
JPEG decodes straight at 1/2, 1/4 or 1/8 scale, but PNG, WebP and HEIC decode at full size,
and their decoders hold several full-size copies (a 7071x7071 lossless WebP of 2 kB took
900 MB). So each format has its own pixel budget, checked on the header's declared size before
`load()`; the picture is made small right after decoding, before any other full-size copy;
and one process decodes one photo at a time, so six files, or six people, never add up.
"""

import io
import threading
import warnings
from dataclasses import dataclass

import pillow_heif
from PIL import ExifTags, Image, ImageCms

# HEIC/HEIF (iPhones) is decoded by pillow-heif; Pillow then reports the format "HEIF".
pillow_heif.register_heif_opener()

# MPO is the JPEG many Android phones write (a JPEG with a second, depth or preview, frame
# after it): Pillow reports it as "MPO". It is taken as the JPEG it is: its first frame.
ACCEPTED_FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "HEIF")
# The decoders tried (Pillow's JPEG opener is the one that reports an MPO).
_OPENERS = ("JPEG", "PNG", "WEBP", "HEIF")
# The most memory one decode may take, as bytes per declared pixel above the idle process:
# what the decoder holds at its peak plus our first shrink, for the costliest mode of each
# format (RGBA for PNG), rounded up. Measured with scripts/bench_photo_decode.py (Pillow 13,
# pillow-heif 1.8, docs/photos.md). JPEG decodes at 1/2 to 1/8 scale (`draft`), but a
# progressive one keeps every coefficient at full size; the others decode whole, and
# Pillow's WebP decoder holds three full RGBA copies.
DECODE_BYTES_PER_PIXEL = {"JPEG": 4, "MPO": 4, "PNG": 11, "WEBP": 20, "HEIF": 10}
# (Measured, per pixel: WebP 16.2 for RGB and 18 for RGBA; RGBA PNG 9.3; HEIC 8; a 50 MP
# progressive JPEG 3.3. The rounding up is room for other builds of the decoders.)
REDUCED_DECODE = frozenset({"JPEG", "MPO"})  # `draft` can decode these at reduced scale
DISPLAY_SIDE = 1600
THUMB_SIDE = 400
JPEG_QUALITY = 82
OUTPUT_CONTENT_TYPE = "image/jpeg"

_SRGB = ImageCms.createProfile("sRGB")
_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Modes Pillow resizes as they are; others (palette, 16-bit, 1-bit…) become RGB(A) first.
_RESIZABLE = frozenset({"RGB", "RGBA", "L", "LA", "CMYK"})

# One decode at a time in this process: the big allocation is the decode, and threads of one
# worker (or the files of one upload) would otherwise each hold theirs at once.
_DECODING = threading.Lock()


class ImageRefused(Exception):
    """The file is not a photo we take. `reason` is one of the REASONS keys.

    For "too_many_pixels": `fmt` the decoded format, `pixels` what its header declares and
    `limit` the most that format may have here.
    """

    REASONS = ("empty", "too_big", "not_a_photo", "too_many_pixels", "broken")

    def __init__(self, reason: str, *, fmt: str = "", pixels: int = 0, limit: int = 0):
        if reason not in self.REASONS:
            raise ValueError(reason)
        super().__init__(reason)
        self.reason = reason
        self.fmt, self.pixels, self.limit = fmt, pixels, limit


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


def pixel_limit(fmt: str, *, max_pixels: int, max_decode_bytes: int | None) -> int:
    """The most pixels a file of this decoded format may declare."""
    if max_decode_bytes is None:
        return max_pixels
    return min(max_pixels, max_decode_bytes // DECODE_BYTES_PER_PIXEL[fmt])


def process(data: bytes, *, max_bytes: int, max_pixels: int,
            max_decode_bytes: int | None = None) -> CleanPhoto:
    """The display rendition and the thumbnail of one uploaded file, or ImageRefused.

    `max_pixels` bounds every format; `max_decode_bytes` bounds the memory of the decode,
    through each format's cost per pixel (None: only `max_pixels`).
    """
    if not data:
        raise ImageRefused("empty")
    if len(data) > max_bytes:
        raise ImageRefused("too_big")
    image = _open(data, max_pixels=max_pixels, max_decode_bytes=max_decode_bytes)
    with _DECODING:
        try:
            with image:
                pixels = _decode_small(image, DISPLAY_SIDE)
        except ImageRefused:
            raise
        except Exception as error:  # truncated or corrupt data fails here, in many ways
            raise ImageRefused("broken") from error
        display = _bare(pixels)
        del pixels
        thumb = _bare(_shrink(display, THUMB_SIDE))
        return CleanPhoto(display=_encode(display), thumb=_encode(thumb))


def _open(data: bytes, *, max_pixels: int, max_decode_bytes: int | None) -> Image.Image:
    """Open (read the header only) and check the decoded format and the declared size."""
    with warnings.catch_warnings():
        # Pillow only warns about a decompression bomb; here it is a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=_OPENERS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageRefused("too_many_pixels", limit=max_pixels) from error
        except Exception as error:  # not an image of an accepted format
            raise ImageRefused("not_a_photo") from error
    if image.format not in ACCEPTED_FORMATS:
        image.close()
        raise ImageRefused("not_a_photo")
    limit = pixel_limit(image.format, max_pixels=max_pixels, max_decode_bytes=max_decode_bytes)
    width, height = image.size
    if width < 1 or height < 1 or width * height > limit:
        image.close()
        raise ImageRefused("too_many_pixels", fmt=image.format, pixels=width * height,
                           limit=limit)
    return image


def _decode_small(image: Image.Image, longest: int) -> Image.Image:
    """Upright sRGB RGB pixels no longer than `longest`, made small before any other copy."""
    if image.format in REDUCED_DECODE:
        # JPEG can decode straight at 1/2, 1/4 or 1/8 scale: most of the time and memory saved.
        image.draft("RGB", _fit(image.size, longest))
    image.load()
    # Read what the shrink drops: the orientation tag and the colour profile.
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    icc = image.info.get("icc_profile")
    if image.mode not in _RESIZABLE:
        transparent = image.mode in ("PA", "RGBa", "La") or "transparency" in image.info
        image = image.convert("RGBA" if transparent else "RGB")
    image = _shrink(image, longest)  # Pillow premultiplies alpha while resizing RGBA and LA
    if orientation in _ORIENTATION:
        image = image.transpose(_ORIENTATION[orientation])
    return _to_srgb(image, icc)


def _fit(size: tuple[int, int], longest: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB pixels in sRGB: transparency laid on white, colour profiles converted, then dropped."""
    if image.mode in ("RGBA", "LA"):
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
    size = _fit(image.size, longest)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _bare(image: Image.Image) -> Image.Image:
    """A new image of the same pixels and nothing of the source's info."""
    return Image.frombytes("RGB", image.size, image.tobytes())


def _encode(image: Image.Image) -> Rendition:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return Rendition(data=out.getvalue(), width=image.width, height=image.height)
