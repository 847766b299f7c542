"""Image files made in the tests, loaded with what a phone puts in them (GPS, XMP, comments)."""

import io

from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo

MARKER = "HEARTH-MARKER-7f3a9c"
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>'
    f"{MARKER}</rdf:Description></rdf:RDF></x:xmpmeta>"
).encode()
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}


def picture(size=(60, 40)) -> Image.Image:
    """Blue with a red top-left corner, so a rotation shows where the corner went."""
    image = Image.new("RGB", size, "blue")
    image.paste("red", (0, 0, size[0] // 3, size[1] // 2))
    return image


def exif_with_secrets(orientation=6) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.ImageDescription] = MARKER
    exif[ExifTags.Base.Make] = "MarkerPhone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (37.0, 46.0, 29.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (122.0, 25.0, 9.0)
    return exif


def photo_bytes(fmt="JPEG", size=(60, 40), orientation=6, image=None) -> bytes:
    """A file in `fmt` carrying GPS EXIF, XMP, a comment, an orientation tag and MARKER."""
    image = image or picture(size)
    out = io.BytesIO()
    exif = exif_with_secrets(orientation)
    if fmt == "PNG":
        info = PngInfo()
        info.add_text("Comment", MARKER)
        info.add_itxt("XML:com.adobe.xmp", XMP.decode())
        image.save(out, "PNG", exif=exif, pnginfo=info)
    elif fmt == "JPEG":
        image.save(out, "JPEG", exif=exif, xmp=XMP, comment=MARKER, quality=95)
    else:
        image.save(out, fmt, exif=exif, xmp=XMP, quality=95)
    data = out.getvalue()
    assert MARKER.encode() in data  # the test only means something if the secret is there
    return data


def mpo_bytes(size=(60, 40), orientation=6) -> bytes:
    """An MPO, as many Android phones write: a JPEG (our picture, with the phone's secrets)
    followed by a second frame (here green, as a depth map or preview would be)."""
    out = io.BytesIO()
    second = Image.new("RGB", size, "green")
    picture(size).save(out, "MPO", save_all=True, append_images=[second],
                       exif=exif_with_secrets(orientation), comment=MARKER, quality=95)
    data = out.getvalue()
    assert MARKER.encode() in data and Image.open(io.BytesIO(data)).format == "MPO"
    return data
