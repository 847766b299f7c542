"""Fan-out and delivery of 10,000 notifications by one worker (run by hand).

    .venv/bin/python scripts/bench_notifications.py [notifications]

Seeds a fresh SQLite file (or TEST_DATABASE_URL's PostgreSQL database, emptied first) with
100 open families of 11 members each (one caseworker, ten parents and resource parents, each
wanting email at once, no quiet hours) and enough shared messages that every member but the
author hears of each: 10 lines a message. Then:

1. fan-out: `notify.item_added` for every message, as the message service calls it, committed
   in batches of 100 messages (the lines and their outbox rows);
2. delivery: one worker (`delivery.deliver_due`, as the queue's task runs it) until nothing is
   due, to a real SMTP server on this machine (aiosmtpd), which counts what arrives.

Prints lines per second for each, the emails received (a person's due lines go as one email),
and peak RSS after seeding and after delivery (memory should stay flat: the worker holds one
person's rows at a time). Aim (issue 25): at least 500 notifications a second delivered.

On the dev machine (2 shared cores), 9,999 lines to 900 people: fan-out 543 a second (SQLite
file on disk) / 299 (PostgreSQL 15); delivery 451 lines a second in 41 emails a second on
both, peak RSS 117 -> 130 MB. A person's due lines go as one email, so that is 41 people a
second; what a pass costs per person now: its commit (fsync), "may see" (two queries), the
MIME email (~4 ms) and the SMTP exchange (~6 ms, one connection per pass).
"""

import os
import resource
import sys
import tempfile
import time as timer
from datetime import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select

from app import create_app
from app.extensions import db
from app.models import Message, ReviewLevel, Role
from app.models.notifications import (
    Channel,
    DeliveryStatus,
    Group,
    Mode,
    NotificationChoice,
    NotificationDelivery,
    NotificationSettings,
)
from app.notifications import delivery, notify
from tests import factories, postgres
from tests.smtp_inbox import SMTPServer

FAMILIES = 100
MEMBERS = 10  # besides the caseworker


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed(lines: int) -> list[Message]:
    caseworker = factories.make_caseworker()
    people, families = [], []
    for f in range(FAMILIES):
        family = factories.make_family(caseworker, name=f"Family {f}")
        family.review_level = ReviewLevel.OPEN
        members = []
        for m in range(MEMBERS):
            person = factories.make_user(email=f"p{f}-{m}@example.org")
            factories.add_member(family, person,
                                 role=Role.PARENT if m % 2 else Role.RESOURCE_PARENT)
            members.append(person)
        people += members
        families.append((family, members))
    db.session.execute(insert(NotificationChoice), [
        {"user_id": p.id, "group": Group.MESSAGES, "channel": Channel.EMAIL,
         "mode": Mode.INSTANT, "version": 1} for p in people])
    db.session.execute(insert(NotificationSettings), [
        {"user_id": p.id, "time_zone": "UTC", "quiet_hours": False,
         "quiet_start": time(21), "quiet_end": time(7), "summary_at": time(7),
         "summary_only": False, "show_details": False}
        for p in people])
    db.session.commit()
    messages = []
    per_message = MEMBERS - 1
    for n in range(lines // per_message):
        family, members = families[n % FAMILIES]
        message = factories.make_message(family, members[n % MEMBERS], text=f"Message {n}")
        messages.append(message)
    return messages


def main(lines: int) -> None:
    folder = Path(tempfile.mkdtemp())
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite'}"
    if url.startswith("postgresql"):
        postgres.build_schema(url)
        postgres.empty_tables(url)
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url,
                      "PHOTO_STORAGE_DIR": str(folder / "photos")})
    with app.app_context():
        if not url.startswith("postgresql"):
            db.create_all()
        started = timer.perf_counter()
        messages = seed(lines)
        ids = [m.id for m in messages]
        print(f"seeded {len(ids)} messages in {timer.perf_counter() - started:.1f} s; "
              f"peak RSS {peak_mb():.0f} MB")
        db.session.expire_all()

        started = timer.perf_counter()
        for batch in range(0, len(ids), 100):
            for message in db.session.scalars(select(Message).where(
                    Message.id.in_(ids[batch:batch + 100]))):
                notify.item_added(message, message.author_id)
            db.session.commit()
        fanned = timer.perf_counter() - started
        rows = db.session.query(NotificationDelivery).count()
        print(f"fan-out: {rows} lines with their outbox rows in {fanned:.1f} s "
              f"({rows / fanned:.0f} a second)")

    with SMTPServer() as smtp, app.app_context():
        app.config.update(smtp.settings())
        started = timer.perf_counter()
        sent = 0
        while True:
            done = delivery.deliver_due(people=200)
            sent += done
            if not done:
                break
        took = timer.perf_counter() - started
        delivered = db.session.query(NotificationDelivery).filter_by(
            status=DeliveryStatus.SENT).count()
        print(f"delivery: {delivered} lines in {sent} emails ({len(smtp.inbox.messages)} "
              f"received) in {took:.1f} s ({delivered / took:.0f} lines, {sent / took:.0f} "
              f"emails a second); peak RSS {peak_mb():.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
