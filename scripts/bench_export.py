"""Time and peak memory of one family's export with 1,000 photos (run by hand).

    .venv/bin/python scripts/bench_export.py [photos]

Seeds a fresh SQLite file and photo folder in a temporary directory (1,000 photos with two
renditions of about 150 KB and 10 KB, 2,000 messages), then downloads the ZIP through the
test client, reading the streamed response piece by piece and throwing it away as a phone
would save it. Peak RSS (resource.getrusage) is printed after seeding and after the export:
the export should add little, however many photos there are.

On the dev machine (SQLite, 2 shared cores), 1,000 photos and 2,000 messages: a 160 MB ZIP in
1.6 s; peak RSS 97 MB after seeding, 102 MB after the export (200 photos: 93 -> 98 MB).
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app
from app.extensions import db
from app.models import ContentState, Message, MessageRevision, Photo
from app.storage import get_storage, new_key
from tests import factories


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed(photos: int, family, author) -> None:
    display, thumb = os.urandom(150_000), os.urandom(10_000)  # incompressible, like a JPEG
    for n in range(photos):
        keys = {"display_key": new_key(), "thumb_key": new_key()}
        get_storage().save(keys["display_key"], display)
        get_storage().save(keys["thumb_key"], thumb)
        db.session.add(Photo(family_id=family.id, author_id=author.id,
                             state=ContentState.VISIBLE, caption=f"Photo {n}",
                             content_type="image/jpeg", display_width=1600,
                             display_height=1200, thumb_width=320, thumb_height=240, **keys))
    for n in range(2 * photos):
        message = Message(family_id=family.id, author_id=author.id,
                          state=ContentState.VISIBLE, text=f"Message {n}: " + "words " * 30)
        db.session.add(message)
        db.session.flush()
        db.session.add(MessageRevision(message_id=message.id, family_id=family.id,
                                       text=message.text))
    db.session.commit()


def main() -> None:
    photos = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"ENV_NAME": "testing",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                          "PHOTO_STORAGE_DIR": f"{folder}/photos"})
        with app.app_context():
            db.create_all()
            caseworker = factories.make_caseworker(preferred_name="Sam")
            family = factories.make_family(caseworker)
            parent = factories.make_user(preferred_name="Dana")
            factories.add_member(family, parent)
            seed(photos, family, parent)
            seeded = peak_mb()
            client = app.test_client()
            client.post("/sign-in", data={"identifier": caseworker.email,
                                          "password": factories.PASSWORD})
            started = time.perf_counter()
            response = client.post(f"/families/{family.id}/export",
                                   data={"leave_out_private": "y", "submit": "Download"},
                                   buffered=False)
            size = sum(len(piece) for piece in response.response)
            seconds = time.perf_counter() - started
            print(f"{photos} photos, {2 * photos} messages: ZIP {size / 1e6:.1f} MB "
                  f"in {seconds:.1f} s; peak RSS {seeded:.0f} MB after seeding, "
                  f"{peak_mb():.0f} MB after the export")


if __name__ == "__main__":
    main()
