"""Time and memory of the photo pipeline on a 12 MP JPEG and a 12 MP HEIC (run by hand).

    .venv/bin/python scripts/bench_photos.py

Aim (issue 14): at most 1.5 s and 300 MB per 12 MP photo on one core.
"""

import io
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from app.photos import images

WIDTH, HEIGHT = 4032, 3024  # a 12 MP phone photo
RUNS = 3


def photo_like() -> Image.Image:
    """Gradients plus noise, so it compresses about like a real photo (not like a flat colour)."""
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    radial = Image.radial_gradient("L").resize((WIDTH, HEIGHT))
    noise = Image.effect_noise((WIDTH, HEIGHT), 40)
    return Image.merge("RGB", (gradient, radial, noise))


def encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, quality=90)
    return out.getvalue()


def main() -> None:
    source = photo_like()
    inputs = {"JPEG": encoded(source, "JPEG"), "HEIC": encoded(source, "HEIF")}
    del source
    for name, data in inputs.items():
        times = []
        tracemalloc.start()
        for _ in range(RUNS):
            started = time.perf_counter()
            clean = images.process(data, max_bytes=50 * 1024 * 1024, max_pixels=50_000_000)
            times.append(time.perf_counter() - started)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{name}: {len(data) / 1e6:.1f} MB in, {WIDTH}x{HEIGHT} -> "
            f"{clean.display.width}x{clean.display.height} ({len(clean.display.data) / 1e3:.0f} kB)"
            f" + {clean.thumb.width}x{clean.thumb.height}; best {min(times):.2f} s, "
            f"worst {max(times):.2f} s per photo; peak Python allocations {peak / 1e6:.0f} MB"
        )
    # ru_maxrss is in kB on Linux: the whole process, including decoders' own buffers.
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
