"""The export names every person by their user number with their name beside it (issue 22:
family time kept membership numbers, and a reader who looked them up as user numbers read
that the father recorded what the grandmother had). The family here is built so that no
membership number equals its person's user number: a wrong kind of number names someone
else, and the test sees it."""

import csv
import io
import json
import zipfile

import pytest

from app.events import services as events
from app.family_time import levels
from app.family_time import services as family_time
from app.models import Answer, Level, Outcome, Role
from tests import factories
from tests.factories import scope_of


@pytest.fixture
def crossed(db, caseworker, family):
    """Rosa (the grandmother) has the user number that Marcus's membership has, and the
    other way round; family time, its date, a level and an answer each name one of them."""
    rosa = factories.make_user(display_name="Rosa Martínez", preferred_name="Abuela Rosa")
    marcus = factories.make_user(display_name="Marcus Rivera", preferred_name="Marcus")
    dad = factories.add_member(family, marcus, role=Role.PARENT, relationship_label="Dad")
    grandma = factories.add_member(family, rosa, role=Role.RESOURCE_PARENT, is_kin=True,
                                   relationship_label="Grandma")
    assert (dad.id, grandma.id) == (rosa.id, marcus.id)  # the trap is set
    staff = scope_of(caseworker, family)
    past = factories.make_family_time(family, caseworker, days_ahead=-3, host_id=grandma.id,
                                      parents=[dad])
    family_time.record_outcome(scope_of(rosa, family), past, None, Outcome.ATTENDED,
                               note="Marcus read to Mia")
    levels.set_level(staff, dad.id, Level.MONITORED, "Visits have gone well")
    event = factories.make_event(family, caseworker, title="School play")
    events.answer(event, scope_of(marcus, family), Answer.GOING)
    return {"rosa": rosa, "marcus": marcus, "dad": dad, "grandma": grandma, "past": past,
            "event": event}


def _archive(client, family) -> zipfile.ZipFile:
    response = client.post(f"/families/{family.id}/export",
                      data={"submit": "Download the ZIP file", "leave_out_private": "y"})
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.get_data()))


def _json(archive, name):
    return json.loads(archive.read(name))


def test_family_time_names_the_host_parents_and_recorder_by_user(client, auth, caseworker,
                                                                 family, crossed):
    auth.login(caseworker)
    archive = _archive(client, family)
    rosa, marcus = crossed["rosa"], crossed["marcus"]
    times = _json(archive, "family_time.json")
    (past,) = [t for t in times["family_time"] if t["id"] == crossed["past"].id]
    assert (past["host_user_id"], past["host_name"]) == (rosa.id, "Abuela Rosa")
    assert past["parents"] == [{"user_id": marcus.id, "name": "Marcus"}]
    (date,) = past["dates"]
    assert (date["outcome_by_user_id"], date["outcome_by_name"]) == (rosa.id, "Abuela Rosa")
    (level,) = times["levels"]
    assert (level["user_id"], level["name"], level["set_by_name"]) == (marcus.id, "Marcus",
                                                                       "Sam")
    (event,) = _json(archive, "events.json")["events"]
    assert [(a["user_id"], a["user_name"], a["answer"]) for a in event["answers"]] == [
        (marcus.id, "Marcus", "going")]


def test_no_membership_number_is_left_where_a_person_is_named(client, auth, caseworker,
                                                               family, crossed):
    auth.login(caseworker)
    archive = _archive(client, family)
    members = {m["user_id"]: m for m in _json(archive, "members.json")["members"]}
    assert members[crossed["rosa"].id]["name"] == "Abuela Rosa"
    assert members[crossed["rosa"].id]["membership_id"] == crossed["grandma"].id
    assert all("id" not in m for m in members.values())  # one kind of number for people

    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    for name in archive.namelist():
        if name.endswith(".json") and name != "members.json":
            found = set(keys(_json(archive, name)))
            assert not found & {"host_id", "outcome_by_id", "membership_id",
                                "parent_membership_ids"}, name
    # Each *_user_id and *_id that names a person has its name beside it.
    for name in ("family_time.json", "events.json", "messages.json", "audit.json"):
        text = archive.read(name).decode()
        for key in ("host_user_id", "outcome_by_user_id", "author_id", "actor_id"):
            if f'"{key}"' in text:
                assert f'"{key.removesuffix("_user_id").removesuffix("_id")}_name"' in text


def test_audit_lines_about_a_membership_name_the_person(client, auth, caseworker, family,
                                                        crossed):
    auth.login(caseworker)
    audit = _json(_archive(client, family), "audit.json")["audit"]
    (level_line,) = [a for a in audit if a["action"] == "family_time.level_set"]
    assert level_line["subject_id"] == crossed["dad"].id
    assert (level_line["subject_user_id"], level_line["subject_name"]) == (
        crossed["marcus"].id, "Marcus")


def test_the_readme_says_which_times_are_local(client, auth, caseworker, family, crossed):
    auth.login(caseworker)
    readme = _archive(client, family).read("README.txt").decode()
    assert "Moments are in UTC" in readme
    assert "(first_date, last_date, local_start, original_date) are the family's own time, " \
           "in America/Los_Angeles" in readme
    assert "user number" in readme and "_user_id" in readme


def test_the_court_csv_names_who_cancelled(client, auth, caseworker, family, crossed):
    # Rosa hosts it: only the people in a family time (and the caseworker) may cancel it.
    soon = factories.make_family_time(family, caseworker, days_ahead=2,
                                      host_id=crossed["past"].host_id)
    family_time.cancel(scope_of(crossed["rosa"], family), soon, "Mia has a cold.")
    day = soon.first_date.isoformat()
    auth.login(caseworker)
    response = client.get(f"/families/{family.id}/calendar/record.csv?start={day}"
                              f"&end={day}")
    table = response.get_data(as_text=True).lstrip("\ufeff").split("\r\n\r\n")[0]
    (row,) = csv.DictReader(io.StringIO(table))
    assert row["Cancelled by"] == "Abuela Rosa (Kin caregiver)"
