"""Weekly and every-other-week family time: local time kept across daylight saving changes,
one occurrence moved or cancelled without touching the others, "this and following"."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.family_time import services as ft
from app.family_time.agenda import Status
from app.models import FamilyTimeSlot, Membership
from tests.factories import scope_of

LA = ZoneInfo("America/Los_Angeles")


def series(family, first: date, last: date, every_weeks=1, start=time(17), end=time(18),
           **overrides):
    fields = {"place": "Family center", **overrides}
    return ft.FamilyTimeDetails(child_ids=[family.children[0].id], day=first, start=start,
                                end=end, every_weeks=every_weeks, last_date=last, **fields)


def between(first: date, last: date):
    return (datetime.combine(first, time(0), tzinfo=LA).astimezone(UTC),
            datetime.combine(last + timedelta(days=1), time(0), tzinfo=LA).astimezone(UTC))


def local(entries):
    return [(e.starts_at.astimezone(LA).date(), e.starts_at.astimezone(LA).time(),
             e.ends_at.astimezone(LA).time()) for e in entries]


@pytest.mark.parametrize("first, last, change", [
    (date(2027, 2, 25), date(2027, 3, 25), date(2027, 3, 14)),  # clocks go forward
    (date(2027, 10, 21), date(2027, 11, 18), date(2027, 11, 7)),  # clocks go back
])
def test_a_weekly_series_keeps_five_pm_across_daylight_saving(family, caseworker, parent, db,
                                                              first, last, change):
    assert family.time_zone == "America/Los_Angeles"
    item = ft.create_family_time(scope_of(caseworker, family), series(family, first, last))
    entries = ft.calendar_between(scope_of(parent, family), *between(first, last))
    assert local(entries) == [(first + timedelta(weeks=n), time(17), time(18))
                              for n in range(5)]
    # The same wall time is a different UTC time on each side of the change.
    before = [e.starts_at for e in entries if e.starts_at.astimezone(LA).date() < change]
    after = [e.starts_at for e in entries if e.starts_at.astimezone(LA).date() > change]
    assert {s.astimezone(UTC).hour for s in before} != {s.astimezone(UTC).hour for s in after}
    assert all(e.ends_at - e.starts_at == timedelta(hours=1) for e in entries)
    # Each occurrence owns its slots at its own UTC time.
    slots = db.session.scalars(db.select(FamilyTimeSlot.starts_at).filter_by(
        family_time_id=item.id).order_by(FamilyTimeSlot.starts_at)).all()
    assert slots[::4] == [e.starts_at for e in entries]


def test_every_other_week(family, caseworker, db):
    first = date(2027, 1, 7)
    ft.create_family_time(scope_of(caseworker, family),
                          series(family, first, date(2027, 2, 28), every_weeks=2))
    entries = ft.calendar_between(scope_of(caseworker, family),
                                  *between(first, date(2027, 2, 28)))
    assert [d for d, _, _ in local(entries)] == [date(2027, 1, 7), date(2027, 1, 21),
                                                 date(2027, 2, 4), date(2027, 2, 18)]


def test_moving_one_occurrence_leaves_the_others(family, caseworker, resource_parent, db):
    sam = scope_of(caseworker, family)
    first, last = date(2027, 1, 7), date(2027, 1, 28)
    item = ft.create_family_time(sam, series(family, first, last))
    ft.move_occurrence(sam, item, date(2027, 1, 14), date(2027, 1, 15), time(10), time(11, 30))
    entries = ft.calendar_between(scope_of(resource_parent, family), *between(first, last))
    assert local(entries) == [
        (date(2027, 1, 7), time(17), time(18)),
        (date(2027, 1, 15), time(10), time(11, 30)),
        (date(2027, 1, 21), time(17), time(18)),
        (date(2027, 1, 28), time(17), time(18)),
    ]
    assert [e.moved for e in entries] == [False, True, False, False]
    assert entries[1].occurrence_date == date(2027, 1, 14)  # still named by its rule date
    # Its old place is free for another time, its new one is taken.
    ft.create_family_time(sam, ft.FamilyTimeDetails(
        child_ids=[family.children[0].id], day=date(2027, 1, 14), start=time(17),
        end=time(18)))
    with pytest.raises(ft.Refused):
        ft.create_family_time(sam, ft.FamilyTimeDetails(
            child_ids=[family.children[0].id], day=date(2027, 1, 15), start=time(11),
            end=time(12)))


def test_moving_an_occurrence_outside_the_series_range_still_shows_it(family, caseworker, db):
    sam = scope_of(caseworker, family)
    item = ft.create_family_time(sam, series(family, date(2027, 1, 7), date(2027, 1, 28)))
    ft.move_occurrence(sam, item, date(2027, 1, 28), date(2027, 2, 2), time(9), time(10))
    entries = ft.calendar_between(sam, *between(date(2027, 2, 1), date(2027, 2, 3)))
    assert local(entries) == [(date(2027, 2, 2), time(9), time(10))]


def test_cancelling_one_occurrence(family, caseworker, parent, db):
    first, last = date(2027, 1, 7), date(2027, 1, 28)
    item = ft.create_family_time(scope_of(caseworker, family), series(family, first, last))
    ft.cancel(scope_of(parent, family), item, "Dentist", date(2027, 1, 21))
    entries = ft.calendar_between(scope_of(caseworker, family), *between(first, last))
    assert [(e.occurrence_date.day, e.status) for e in entries] == [
        (7, Status.APPROVED), (14, Status.APPROVED), (21, Status.CANCELLED),
        (28, Status.APPROVED)]
    with pytest.raises(ft.Refused):  # not a day of the series
        ft.cancel(scope_of(parent, family), item, "Dentist", date(2027, 1, 22))


def test_this_and_following(family, caseworker, parent, db):
    sam = scope_of(caseworker, family)
    first, last = date(2027, 1, 7), date(2027, 2, 25)
    item = ft.create_family_time(sam, series(family, first, last))
    ft.cancel(sam, item, "Snow", date(2027, 1, 14))
    new = ft.change_following(sam, item, date(2027, 2, 4), series(
        family, date(2027, 2, 5), last, start=time(15), end=time(16, 30),
        place="The park"))
    entries = ft.calendar_between(scope_of(parent, family), *between(first, last))
    assert [(d, s) for d, s, _ in local(entries)] == [
        (date(2027, 1, 7), time(17)), (date(2027, 1, 14), time(17)),
        (date(2027, 1, 21), time(17)), (date(2027, 1, 28), time(17)),
        (date(2027, 2, 5), time(15)), (date(2027, 2, 12), time(15)),
        (date(2027, 2, 19), time(15)),
    ]
    assert entries[1].status is Status.CANCELLED  # the exception before the split stays
    assert {e.item_id for e in entries[4:]} == {new.id} and new.continues_id == item.id
    assert entries[-1].place == "The park"
    # The old series gave up its slots after the split: 4 dates minus the cancelled one.
    owned = db.session.scalars(db.select(FamilyTimeSlot.occurrence_date).distinct().filter_by(
        family_time_id=item.id)).all()
    assert sorted(owned) == [date(2027, 1, 7), date(2027, 1, 21), date(2027, 1, 28)]


def test_asking_to_change_one_occurrence_of_a_series(family, caseworker, parent, db):
    sam = scope_of(caseworker, family)
    first, last = date(2027, 1, 7), date(2027, 1, 28)
    item = ft.create_family_time(sam, series(family, first, last))
    dana = db.session.scalar(db.select(Membership).filter_by(user_id=parent.id))
    change = ft.ask_to_change(scope_of(parent, family), item, ft.FamilyTimeDetails(
        child_ids=[family.children[0].id], day=date(2027, 1, 16), start=time(11), end=time(13),
        parent_ids=[dana.id]), date(2027, 1, 14))
    ft.approve(sam, change)
    entries = ft.calendar_between(scope_of(parent, family), *between(first, last))
    assert [(e.item_id, d, s) for e, (d, s, _) in zip(entries, local(entries), strict=True)] == [
        (item.id, date(2027, 1, 7), time(17)), (change.id, date(2027, 1, 16), time(11)),
        (item.id, date(2027, 1, 21), time(17)), (item.id, date(2027, 1, 28), time(17)),
    ]


def test_a_series_is_bounded(family, caseworker, db):
    with pytest.raises(ft.Refused):
        ft.create_family_time(scope_of(caseworker, family),
                              series(family, date(2027, 1, 7), date(2028, 3, 1)))


# --- overnight across daylight saving ----------------------------------------------------------

FALL_BACK, SPRING_FORWARD = date(2027, 11, 7), date(2028, 3, 12)  # both Sundays, in LA
DASH = "\N{EN DASH}"  # between a start and an end, as the pages write it


def test_overnight_weekly_time_ends_at_ten_every_sunday_across_both_changes(
        app, client, auth, family, caseworker, db):
    """Saturday 18:00 to Sunday 10:00, weekly from late October to late March: each date
    reads 6 PM to 10 AM in the agenda, the court page and CSV, the .ics files and
    the feed, and its slots end at 10:00 local. (The first time lasts 16 hours; the nights of
    the changes last 17 and 15, so adding 16 hours in UTC would end them at 9 or 11.)"""
    import csv
    import io
    import re
    from html import unescape

    import icalendar
    from flask import url_for

    from app.family_time import ical

    first, last = date(2027, 10, 30), date(2028, 3, 25)
    item = ft.create_family_time(scope_of(caseworker, family), series(
        family, first, last, start=time(18), end=time(10)))
    saturdays = [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]
    assert FALL_BACK - timedelta(days=1) in saturdays
    assert SPRING_FORWARD - timedelta(days=1) in saturdays
    expected = [(day, time(18), day + timedelta(days=1), time(10)) for day in saturdays]

    def local_span(start, end):
        start, end = start.astimezone(LA), end.astimezone(LA)
        return start.date(), start.time(), end.date(), end.time()

    def words(response):
        html = response.get_data(as_text=True)
        return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))

    auth.login(caseworker)
    for around in (FALL_BACK, SPRING_FORWARD):
        # The agenda, on the weeks of each change (the month grid shows only starts).
        monday = around - timedelta(days=6)
        page = words(client.get(f"/families/{family.id}/calendar?from={monday.isoformat()}"))
        shown = [day for day in saturdays if monday <= day < monday + timedelta(days=28)]
        assert page.count(f"6:00 PM {DASH} 10:00 AM") == len(shown) >= 3, page
        assert f"{DASH} 9:00 AM" not in page and f"{DASH} 11:00 AM" not in page
        # The .ics of the night of the change.
        night = around - timedelta(days=1)
        response = client.get(f"/families/{family.id}/calendar/{item.id}/event.ics"
                              f"?day={night.isoformat()}")
        [vevent] = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
        assert local_span(vevent["DTSTART"].dt, vevent["DTEND"].dt) == (
            night, time(18), around, time(10))

    # The court record: the page's table and the CSV, every date.
    url = (f"/families/{family.id}/calendar/record?start={first.isoformat()}"
           f"&end={(last + timedelta(days=1)).isoformat()}")
    page = words(client.get(url))
    assert page.count(f"6:00 PM {DASH} 10:00 AM") == len(saturdays)
    body = client.get(url.replace("/record?", "/record.csv?")).get_data().decode("utf-8-sig")
    table = body.split("\r\n\r\n", 1)[0]
    rows = list(csv.DictReader(io.StringIO(table + "\r\n")))
    assert [(r["Date"], r["Starts"], r["Ends"]) for r in rows] == [
        (day.isoformat(), "18:00", "10:00") for day in saturdays]

    # The feed (what phones hold), seen from October 2027.
    with app.test_request_context():
        feed = ical.feed_calendar(caseworker, lambda e: url_for(
            e.endpoint, _external=True, **e.url_args), now=datetime(2027, 10, 25, tzinfo=UTC))
    vevents = {str(v["UID"]): v for v in icalendar.Calendar.from_ical(feed).walk("VEVENT")}
    assert [local_span(vevents[f"ft-{item.id}-{day:%Y%m%d}@localhost"]["DTSTART"].dt,
                       vevents[f"ft-{item.id}-{day:%Y%m%d}@localhost"]["DTEND"].dt)
            for day in saturdays] == expected

    # The slots that keep the child in one place: from 18:00 to 10:00 local, each night.
    slots = db.session.execute(db.select(FamilyTimeSlot.occurrence_date,
                                         db.func.min(FamilyTimeSlot.starts_at),
                                         db.func.max(FamilyTimeSlot.starts_at))
                               .where(FamilyTimeSlot.family_time_id == item.id)
                               .group_by(FamilyTimeSlot.occurrence_date)
                               .order_by(FamilyTimeSlot.occurrence_date)).all()
    assert [(day, local_span(low, high + timedelta(minutes=15))) for day, low, high in slots] \
        == [(span[0], span) for span in expected]
