"""Peak memory of decoding a photo (issue 22), measured as a worker would pay it.

Each file is processed in a fresh child process by scripts/bench_photo_decode.py, which reads
the kernel's high-water mark of its resident memory (VmHWM) after resetting it once the app is
imported and the file read: what the decode costs, not what pytest holds. Linux only.
"""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from app.config import Config
from app.photos.images import pixel_limit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "scripts" / "bench_photo_decode.py"
MB = 1024 * 1024
BUDGET_MB = Config.PHOTO_MAX_DECODE_BYTES / MB

pytestmark = pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(),
                                reason="measures memory through Linux /proc")


def measured(tmp_path, data: bytes, copies: int = 1, at_once: bool = False) -> dict:
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    how = "at-once" if at_once else "in-turn"
    out = subprocess.run(  # noqa: S603 - our own interpreter and script, a path we made
        [sys.executable, str(BENCH), "measure", str(path), str(copies), how],
        check=True, capture_output=True, text=True, cwd=ROOT,
    ).stdout
    return json.loads(out)


def saved(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def flat(mode: str, size: tuple[int, int]) -> Image.Image:
    return Image.new(mode, size, (200, 100, 50, 128)[: len(mode)])


def largest(fmt: str) -> tuple[int, int]:
    """The biggest 4:3 picture the default limits still take in this format."""
    limit = pixel_limit(fmt, max_pixels=Config.PHOTO_MAX_PIXELS,
                        max_decode_bytes=Config.PHOTO_MAX_DECODE_BYTES)
    height = int((limit * 3 / 4) ** 0.5)
    return height * 4 // 3, height


@pytest.mark.parametrize("bomb", ["webp", "png"])
def test_the_audits_bombs_are_refused_by_their_header_at_no_cost(tmp_path, bomb):
    """A 2 kB lossless WebP of 7071x7071 took 900 MB and seconds; a 7000x7000 RGBA PNG 880 MB."""
    data = (saved(flat("RGB", (7071, 7071)), "WEBP", lossless=True, quality=0, method=0)
            if bomb == "webp" else saved(flat("RGBA", (7000, 7000)), "PNG", compress_level=1))
    row = measured(tmp_path, data, copies=6)  # six of them in one upload
    assert row["answer"] == "refused (too_many_pixels)"
    assert row["peak"] < 16, row
    assert row["cpu"] < 1, row


@pytest.mark.parametrize("case", ["lossless webp", "rgba png", "progressive jpeg"])
def test_the_largest_file_taken_stays_within_the_decode_budget(tmp_path, case):
    if case == "lossless webp":
        data = saved(flat("RGBA", largest("WEBP")), "WEBP", lossless=True, quality=0, method=0)
    elif case == "rgba png":
        data = saved(flat("RGBA", largest("PNG")), "PNG", compress_level=1)
    else:  # a big legitimate camera photo: 50 MP, progressive (all coefficients kept whole)
        data = saved(flat("RGB", (8160, 6120)), "JPEG", quality=90, progressive=True)
    row = measured(tmp_path, data)
    assert row["answer"] == "taken, 1600x1200"
    assert row["peak"] <= BUDGET_MB, row


def test_six_photos_decoding_at_once_cost_about_one(tmp_path):
    """Six threads of one worker (six people uploading) decode one at a time."""
    data = saved(flat("RGBA", (3264, 2448)), "PNG", compress_level=1)  # 8 MP, ~85 MB to decode
    one = measured(tmp_path, data)["peak"]
    six = measured(tmp_path, data, copies=6, at_once=True)
    assert six["answer"] == "taken, 1600x1200"
    assert six["peak"] < 2 * one, (one, six)
