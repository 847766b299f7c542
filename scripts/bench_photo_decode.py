"""Time and peak memory of one photo's decode, for the audit's big files (run by hand).

    .venv/bin/python scripts/bench_photo_decode.py

Issue 22: a 1.9 kB lossless WebP of 7071x7071 pixels took 3.2 s and 1.2 GB to decode, and six
in one upload held a worker 16 s at 1.3 GB; a 7000x7000 RGBA PNG peaked near 880 MB. This
prints, for those files, for the largest file of each format the default limits still take
(app/config.py PHOTO_MAX_PIXELS, PHOTO_MAX_DECODE_BYTES) and for ordinary phone photos: the
answer, wall and CPU seconds, and the peak RSS above the idle process.

Each case runs in a fresh child process (`... measure FILE COPIES in-turn|at-once` prints one
case as JSON; tests/test_photo_memory.py uses it too). Its peak is the kernel's high-water
mark of resident memory (VmHWM), reset once the child has imported the app and read the
file (/proc/self/clear_refs), so it is the cost of the upload alone. Linux only.
"""

import io
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageChops, ImageDraw, ImageFilter


def photo_like(width: int, height: int) -> Image.Image:
    """Gradients, soft shapes and grain, so it compresses about like a real photo."""
    small = (max(1, width // 4), max(1, height // 4))
    red = Image.linear_gradient("L").resize(small)
    green = Image.radial_gradient("L").resize(small)
    blue = red.transpose(Image.Transpose.ROTATE_180)
    image = Image.merge("RGB", (red, green, blue))
    pen = ImageDraw.Draw(image)
    for n in range(40):
        x, y = (n * 997) % small[0], (n * 613) % small[1]
        pen.ellipse((x, y, x + small[0] // 10, y + small[1] // 10),
                    fill=((n * 50) % 256, (n * 80) % 256, 120))
    image = image.filter(ImageFilter.GaussianBlur(2)).resize((width, height))
    grain = Image.merge("RGB", [Image.effect_noise((width, height), 5)] * 3)
    return ImageChops.add(image, grain, scale=1.0, offset=-128)


def flat(mode: str, width: int, height: int) -> Image.Image:
    """One colour: what a bomb is (it compresses to almost nothing)."""
    return Image.new(mode, (width, height), (200, 100, 50, 128)[: len(mode)])


def _save(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _largest(fmt: str) -> tuple[int, int]:
    """The biggest 4:3 size the default limits take for `fmt`."""
    from app.config import Config
    from app.photos.images import pixel_limit

    limit = pixel_limit(fmt, max_pixels=Config.PHOTO_MAX_PIXELS,
                        max_decode_bytes=Config.PHOTO_MAX_DECODE_BYTES)
    height = int((limit * 3 / 4) ** 0.5)
    return height * 4 // 3, height


def _mpo(image: Image.Image) -> bytes:
    return _save(image, "MPO", save_all=True, append_images=[image.resize((640, 480))],
                 quality=90)


# name, how to make the file, how many copies go in one upload, decoded at once in threads?
CASES = [
    ("audit: lossless WebP 7071x7071 (bomb)",
     lambda: _save(flat("RGB", 7071, 7071), "WEBP", lossless=True, quality=0, method=0), 1, False),
    ("audit: six of those in one upload",
     lambda: _save(flat("RGB", 7071, 7071), "WEBP", lossless=True, quality=0, method=0), 6, False),
    ("audit: RGBA PNG 7000x7000", lambda: _save(flat("RGBA", 7000, 7000), "PNG",
                                                compress_level=1), 1, False),
    ("largest lossless WebP taken", lambda: _save(flat("RGBA", *_largest("WEBP")), "WEBP",
                                                  lossless=True, quality=0, method=0), 1, False),
    ("largest RGBA PNG taken", lambda: _save(flat("RGBA", *_largest("PNG")), "PNG",
                                             compress_level=1), 1, False),
    ("six RGBA PNGs of 8 MP, six threads at once",
     lambda: _save(flat("RGBA", 3264, 2448), "PNG", compress_level=1), 6, True),
    # (at quality 50: this grainy picture at 75 would pass PHOTO_MAX_BYTES at this size)
    ("largest HEIC taken (photo)", lambda: _heic(photo_like(*_largest("HEIF")), quality=50),
     1, False),
    ("phone HEIC 4032x3024 (photo)", lambda: _heic(photo_like(4032, 3024)), 1, False),
    ("phone JPEG 4032x3024 (photo)", lambda: _save(photo_like(4032, 3024), "JPEG", quality=90),
     1, False),
    ("phone MPO 4032x3024 (photo)", lambda: _mpo(photo_like(4032, 3024)), 1, False),
    ("50 MP progressive JPEG 8160x6120 (photo)",
     lambda: _save(photo_like(8160, 6120), "JPEG", quality=90, progressive=True), 1, False),
]


def _heic(image: Image.Image, quality: int = 75) -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    return _save(image, "HEIF", quality=quality)


def _status(key: str) -> float:
    """A line of /proc/self/status in MB (VmRSS: now; VmHWM: the peak since the reset)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(key)


def measure(path: Path, copies: int, at_once: bool) -> dict:
    """In the child: process the file as one upload of `copies`, as the app does."""
    from app.config import Config
    from app.photos import images

    data = path.read_bytes()
    limits = {"max_bytes": Config.PHOTO_MAX_BYTES, "max_pixels": Config.PHOTO_MAX_PIXELS,
              "max_decode_bytes": Config.PHOTO_MAX_DECODE_BYTES}
    answers: list[str] = []

    def one() -> None:
        try:
            clean = images.process(data, **limits)
            answers.append(f"taken, {clean.display.width}x{clean.display.height}")
        except images.ImageRefused as refused:
            answers.append(f"refused ({refused.reason})")

    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from here
    idle = _status("VmRSS")
    started, started_cpu = time.perf_counter(), time.process_time()
    if at_once:
        threads = [threading.Thread(target=one) for _ in range(copies)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for _ in range(copies):
            one()
    return {
        "answer": ", ".join(sorted(set(answers))),
        "wall": time.perf_counter() - started, "cpu": time.process_time() - started_cpu,
        "idle": idle, "peak": _status("VmHWM") - idle, "bytes": len(data),
        "size": "x".join(map(str, Image.open(path).size)),
    }


def main() -> None:
    if sys.argv[1:2] == ["make"]:
        index, folder = int(sys.argv[2]), Path(sys.argv[3])
        (folder / f"{index}.bin").write_bytes(CASES[index][1]())
        return
    if sys.argv[1:2] == ["measure"]:  # also used by tests/test_photo_memory.py
        path, copies, how = sys.argv[2], int(sys.argv[3]), sys.argv[4]
        print(json.dumps(measure(Path(path), copies, at_once=how == "at-once")))
        return
    with tempfile.TemporaryDirectory() as folder:
        for index, (name, _make, copies, at_once) in enumerate(CASES):
            path = str(Path(folder) / f"{index}.bin")
            # Our own interpreter, this file and a path we made: nothing from outside.
            subprocess.run([sys.executable, __file__, "make", str(index), folder],  # noqa: S603
                           check=True)
            how = "at-once" if at_once else "in-turn"
            out = subprocess.run([sys.executable, __file__, "measure", path, str(copies), how],  # noqa: S603
                                 check=True, capture_output=True, text=True).stdout
            row = json.loads(out)
            print(f"{name}: {row['size']}, {row['bytes']:,} bytes"
                  f"{f' x{copies}' if copies > 1 else ''} -> {row['answer']}; "
                  f"wall {row['wall']:.2f} s, CPU {row['cpu']:.2f} s; "
                  f"peak RSS {row['idle'] + row['peak']:.0f} MB "
                  f"({row['peak']:.0f} MB above the idle {row['idle']:.0f} MB)", flush=True)


if __name__ == "__main__":
    main()
