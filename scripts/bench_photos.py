"""Time and memory of the photo pipeline on a 12 MP JPEG and a 12 MP HEIC (run by hand).

    .venv/bin/python scripts/bench_photos.py

Each format is processed in a fresh child process, so its peak RSS (resource.getrusage) is
the cost of one upload and not of making the test files. HEIC decoding is limited to one
thread, for a "one core" figure. Aim (issue 14): at most 1.5 s and 300 MB per 12 MP photo.
"""

import io
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageChops, ImageDraw, ImageFilter

WIDTH, HEIGHT = 4032, 3024  # a 12 MP phone photo
RUNS = 3


def photo_like() -> Image.Image:
    """Gradients, soft shapes and grain, so it compresses about like a real photo."""
    red = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    green = Image.radial_gradient("L").resize((WIDTH, HEIGHT))
    blue = red.transpose(Image.Transpose.ROTATE_180)
    image = Image.merge("RGB", (red, green, blue))
    pen = ImageDraw.Draw(image)
    for n in range(40):
        x, y = (n * 997) % WIDTH, (n * 613) % HEIGHT
        pen.ellipse((x, y, x + 400, y + 300), fill=((n * 50) % 256, (n * 80) % 256, 120))
    image = image.filter(ImageFilter.GaussianBlur(6))
    grain = Image.merge("RGB", [Image.effect_noise((WIDTH, HEIGHT), 5)] * 3)
    return ImageChops.add(image, grain, scale=1.0, offset=-128)


def make_inputs(folder: Path) -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()  # lets Pillow write HEIC too
    source = photo_like()
    # Phones write JPEG at about 90 and HEIC at a lower setting for a similar look and size.
    for name, fmt, quality in (("JPEG", "JPEG", 90), ("HEIC", "HEIF", 75)):
        out = io.BytesIO()
        source.save(out, fmt, quality=quality)
        (folder / f"photo.{name.lower()}").write_bytes(out.getvalue())


def measure(name: str, path: Path) -> None:
    """In the child: process the file RUNS times; print seconds and memory."""
    import pillow_heif

    from app.photos import images

    pillow_heif.options.DECODE_THREADS = 1
    data = path.read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times, cpu = [], []
    tracemalloc.start()
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        clean = images.process(data, max_bytes=50 * 1024 * 1024, max_pixels=50_000_000)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{name}: {len(data) / 1e6:.1f} MB file, {WIDTH}x{HEIGHT} -> "
        f"{clean.display.width}x{clean.display.height} ({len(clean.display.data) / 1e3:.0f} kB) "
        f"+ {clean.thumb.width}x{clean.thumb.height} ({len(clean.thumb.data) / 1e3:.0f} kB); "
        f"wall best {min(times):.2f} s, worst {max(times):.2f} s; "
        f"CPU best {min(cpu):.2f} s per photo; "
        f"peak RSS {after:.0f} MB ({after - before:.0f} MB above the idle process), "
        f"peak Python allocations {peak / 1e6:.0f} MB"
    )


def main() -> None:
    if sys.argv[1:2] == ["make"]:
        make_inputs(Path(sys.argv[2]))
        return
    if len(sys.argv) == 3:
        measure(sys.argv[1], Path(sys.argv[2]))
        return
    # This parent stays small: Linux children inherit its peak RSS across fork and exec.
    with tempfile.TemporaryDirectory() as folder:
        for args in (["make", folder], *([name, str(Path(folder) / f"photo.{name.lower()}")]
                                         for name in ("JPEG", "HEIC"))):
            # Our own interpreter, this file and a path we made: nothing from outside.
            subprocess.run([sys.executable, __file__, *args], check=True)  # noqa: S603


if __name__ == "__main__":
    main()
