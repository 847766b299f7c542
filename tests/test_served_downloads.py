"""Every download whose body is read after its view returned, read as a server reads it: no
application context held by the test, the body read whole (the test client, tests/conftest.py).
Issue 22: the caseworker's ZIP stopped at 0 bytes on gunicorn (its membership row, detached
from the closed session, could not load) while the test client, holding a context, read it
fine."""

import csv
import io
import json
import re
import zipfile

from app.family_time import ical
from app.models import Role
from app.storage import get_storage
from tests import factories
from tests.test_export import README_LINE, rich_family  # noqa: F401 - a fixture used here


def _export(client, family):
    return client.post(f"/families/{family.id}/export",
                  data={"submit": "Download the ZIP file", "leave_out_private": "y"})


def _whole_zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert archive.testzip() is None
    readme = archive.read("README.txt").decode()
    for name in [m.group(1) for line in readme.splitlines() if (m := README_LINE.match(line))]:
        if name.endswith(".json"):
            json.loads(archive.read(name))
    return archive


def test_the_caseworkers_export_is_whole_when_read_as_a_server_reads_it(
        client, auth, caseworker, family, rich_family):  # noqa: F811
    auth.login(caseworker)
    archive = _whole_zip(_export(client, family))
    messages = json.loads(archive.read("messages.json"))["messages"]
    assert {"First words", "Mia slept well"} <= {r["text"] for m in messages
                                                 for r in m["revisions"]}
    assert any(name.startswith("photos/") and name.endswith(".jpg")
               for name in archive.namelist())


def test_the_admins_export_is_whole_when_read_as_a_server_reads_it(
        client, auth, admin, family, rich_family):  # noqa: F811
    auth.login(admin)
    archive = _whole_zip(_export(client, family))
    assert "Alex Admin" in archive.read("family.json").decode()


def test_the_export_keeps_the_readers_language_and_the_familys_zone(client, auth, db, family):
    # The language comes from the reader's row, which the ZIP can no longer read.
    carla = factories.make_caseworker(display_name="Carla Ruiz", locale="es")
    factories.add_member(family, carla, role=Role.CASEWORKER)
    auth.login(carla)
    readme = _whole_zip(_export(client, family)).read("README.txt").decode()
    assert readme.startswith("El registro de The Rivera family")
    assert "America/Los_Angeles" in readme


def test_the_court_csv_is_whole_when_read_as_a_server_reads_it(client, auth, caseworker,
                                                               family, db):
    item = factories.make_family_time(family, caseworker, days_ahead=-3)
    day = item.first_date.isoformat()
    auth.login(caseworker)
    response = client.get(f"/families/{family.id}/calendar/record.csv?start={day}&end={day}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    table = response.get_data(as_text=True).lstrip("\ufeff").split("\r\n\r\n")[0]
    (row,) = list(csv.DictReader(io.StringIO(table)))
    assert (row["Date"], row["Starts"], row["Children"]) == (day, "17:00", "Mia")


def test_calendar_files_are_whole_when_read_as_a_server_reads_them(client, auth, caseworker,
                                                                   family, parent, db):
    item = factories.make_family_time(family, caseworker, days_ahead=3)
    event = factories.make_event(family, parent, place="Lincoln school")
    token = ical.new_feed_token(parent)
    feed = client.get(f"/feed/{token}.ics")
    assert feed.status_code == 200
    assert feed.get_data(as_text=True).count("BEGIN:VEVENT") == 2
    auth.login(parent)
    one = client.get(f"/families/{family.id}/calendar/{item.id}/event.ics"
                         f"?day={item.first_date.isoformat()}")
    assert one.status_code == 200
    assert re.search(rf"UID:ft-{item.id}-\d{{8}}@localhost", one.get_data(as_text=True))
    other = client.get(f"/families/{family.id}/events/{event.id}/event.ics")
    assert other.status_code == 200 and "Lincoln school" in other.get_data(as_text=True)


def test_photo_files_are_whole_when_read_as_a_server_reads_them(client, auth, family, parent,
                                                                db):
    photo = factories.make_photo(family, parent, caption="At the park")
    stored = {"display": get_storage().read(photo.display_key),
              "thumb": get_storage().read(photo.thumb_key)}
    auth.login(parent)
    base = f"/families/{family.id}/photos/{photo.id}"
    for path, which in (("/download", "display"), ("/display", "display"), ("/thumb", "thumb")):
        response = client.get(base + path)
        assert response.status_code == 200
        assert response.get_data() == stored[which]
