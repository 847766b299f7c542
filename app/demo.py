"""Demo data for trying the portal: one admin, one caseworker, four families.

The Rivera and Nguyen families are here; the people who read Chinese, Arabic, Somali and
Haitian Creole, and their families, are in app/demo_languages.py. Every name here is made up.
The demo refuses to run where real accounts exist.
"""

from datetime import date, timedelta

from sqlalchemy import func, select

from app.admin.services import create_caseworker
from app.auth.services import create_user
from app.extensions import db
from app.families.services import add_child, create_family
from app.joining import services as joining
from app.members import services as members
from app.models import Membership, ReviewLevel, Role, User
from app.models.types import utcnow

DEMO_PASSWORD = "hearth demo 2026"  # noqa: S105 - printed to the person running the demo


class RealDataPresent(Exception):
    pass


def _join(family, caseworker, *, role, label, is_kin=False, approve=True, **account):
    user = create_user(password=DEMO_PASSWORD, **account)
    db.session.flush()
    invitation = joining.create_invitation(
        family_id=family.id, actor=caseworker, role=role, invitee_name=user.display_name,
        relationship_label=label, is_kin=is_kin,
    ).invitation
    membership = joining.accept(invitation, user)
    if approve:
        members.approve(membership, caseworker)
    return user


def load_demo_data() -> list[tuple[str, str, str]]:
    """Create the demo people; returns (who, sign-in, password) rows to print."""
    if db.session.scalar(select(func.count(User.id))):
        raise RealDataPresent
    admin = create_user(
        email="admin@demo.hearth.example", password=DEMO_PASSWORD,
        display_name="Alex Admin", is_admin=True,
    )
    db.session.flush()
    sam = create_caseworker(
        actor=admin, email="sam@demo.hearth.example", display_name="Samantha Lee",
        preferred_name="Sam", password=DEMO_PASSWORD,
    )
    sam.must_change_password = False  # the demo password is printed for everyone to try

    rivera = create_family(
        actor=sam, name="The Rivera family", time_zone="America/Los_Angeles",
        child_name="Mia", child_birth_date=date(2019, 4, 12),
    )
    add_child(rivera, sam, "Leo", date(2022, 9, 3))
    _join(rivera, sam, role=Role.PARENT, label="Mom", email="dana@demo.hearth.example",
          display_name="Dana Rivera", preferred_name="Dana")
    _join(rivera, sam, role=Role.PARENT, label="Dad", email="marcus@demo.hearth.example",
          display_name="Marcus Rivera", preferred_name="Marcus")
    _join(rivera, sam, role=Role.RESOURCE_PARENT, is_kin=True, label="Abuela Rosa",
          username="rosa", display_name="Rosa Martínez", preferred_name="Rosa", locale="es")

    nguyen = create_family(
        actor=sam, name="The Nguyen family", time_zone="America/Chicago",
        child_name="An", child_birth_date=date(2016, 1, 20),
    )
    _join(nguyen, sam, role=Role.RESOURCE_PARENT, label="Chris",
          email="chris@demo.hearth.example", display_name="Chris Park", preferred_name="Chris")
    _join(nguyen, sam, role=Role.PARENT, label="Mom", approve=False, username="linh",
          display_name="Linh Nguyen", preferred_name="Linh", locale="vi")

    _demo_photos(rivera, nguyen)
    _demo_events(rivera, nguyen, sam)
    _demo_about(rivera, nguyen)
    _demo_messages(rivera, nguyen)
    _demo_family_time(rivera, sam)
    _demo_concerns(rivera, sam)
    _demo_report(rivera)
    from app.demo_languages import load_language_families

    more = load_language_families(sam, nguyen)

    return [
        ("Admin", "admin@demo.hearth.example", DEMO_PASSWORD),
        ("Caseworker (every family)", "sam@demo.hearth.example", DEMO_PASSWORD),
        ("Parent, Rivera family (Mom)", "dana@demo.hearth.example", DEMO_PASSWORD),
        ("Parent, Rivera family (Dad)", "marcus@demo.hearth.example", DEMO_PASSWORD),
        ("Kin caregiver, Rivera family, Spanish", "rosa", DEMO_PASSWORD),
        ("Resource parent, Nguyen family", "chris@demo.hearth.example", DEMO_PASSWORD),
        ("Parent, Nguyen family, waiting, Vietnamese", "linh", DEMO_PASSWORD),
        *((who, sign_in, DEMO_PASSWORD) for who, sign_in in more),
    ]


def _demo_events(rivera, nguyen, sam) -> None:
    """A month of Rivera events (some past, some coming, with answers); one Nguyen event waiting.

    Made through the events service, as people would, so the record tells the same story.
    """
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from app import moderation
    from app.events import services as events
    from app.models import Answer, EventKind, ReviewLevel

    # HELPER_SHARING.md: trust is built in the Rivera family (open), Nguyen is still reviewed.
    rivera.review_level = ReviewLevel.OPEN

    dana = _scope(rivera, "dana@demo.hearth.example")
    marcus = _scope(rivera, "marcus@demo.hearth.example")
    rosa = _scope(rivera, "rosa")
    sam_rivera = _scope(rivera, sam.email)
    chris = _scope(nguyen, "chris@demo.hearth.example")
    mia, leo = (child.id for child in rivera.children)
    today = datetime.now(ZoneInfo(rivera.time_zone)).date()

    def add(who, title, kind, days, at=None, *, until=None, children=(mia,), **more):
        details = events.EventDetails(
            title=title, kind=kind, child_ids=list(children), day=today + timedelta(days=days),
            all_day=at is None, start=at, end=until, **more,
        )
        event = events.create_event(who, details)
        if event.is_pending:  # in case the family is reviewed again: the caseworker said yes
            moderation.approve(event, sam_rivera)
        return event

    play = add(rosa, "Winter school play", EventKind.SCHOOL_PERFORMANCE, 3, time(18),
               until=time(19, 30), place="Lincoln Elementary, gym",
               notes="Mia is a snowflake. Doors open at 5:30.")
    soccer = add(marcus, "Soccer game", EventKind.ACTIVITY, 5, time(10), until=time(11),
                 children=(mia, leo), place="Riverside Park, field 2")
    dentist = add(rosa, "Dentist checkup", EventKind.DENTAL, 9, time(15, 30),
                  place="Smile Kids Dental")
    hearing = add(sam_rivera, "Court hearing", EventKind.COURT_HEARING, 16, time(9),
                  until=time(10), children=(mia, leo), place="Family Court, room 4B",
                  video_link="https://meet.example.org/rivera-hearing",
                  notes="A review hearing about the case plan. The GAL will be there too.\n"
                        "You can join in person or by video.")
    mia_birthday = date(today.year + (today >= date(today.year, 4, 12)), 4, 12)
    birthday = add(dana, "Mia's birthday", EventKind.BIRTHDAY, (mia_birthday - today).days,
                   notes="Party at Grandma Rosa's on the Saturday after.")
    add(dana, "Parent-teacher meeting", EventKind.SCHOOL_CONFERENCE, -12, time(15),
        until=time(15, 30), place="Lincoln Elementary, room 12")
    add(rosa, "Soccer practice", EventKind.ACTIVITY, -9, time(17), children=(mia, leo),
        place="Riverside Park")
    add(rosa, "Therapy", EventKind.THERAPY, -5, time(16), place="Bright Path Counseling")
    add(rosa, "Family dinner at Grandma Rosa's", EventKind.FAMILY_GATHERING, -1,
        children=(mia, leo),
        notes="Dana and Marcus came for dessert.")

    for event, answers in [
        (play, [(dana, Answer.GOING), (marcus, Answer.MAYBE), (rosa, Answer.GOING)]),
        (soccer, [(marcus, Answer.GOING), (dana, Answer.NOT_GOING)]),
        (dentist, [(rosa, Answer.GOING)]),
        (hearing, [(dana, Answer.GOING), (marcus, Answer.GOING), (rosa, Answer.GOING)]),
        (birthday, [(dana, Answer.GOING), (rosa, Answer.GOING)]),
    ]:
        for who, choice in answers:
            events.answer(event, who, choice)

    # Chris's event waits for Sam in the reviewed Nguyen family.
    events.create_event(chris, events.EventDetails(
        title="Parent-teacher meeting", kind=EventKind.SCHOOL_CONFERENCE,
        child_ids=[nguyen.children[0].id], day=today + timedelta(days=6), all_day=False,
        start=time(16), end=time(16, 30), place="Roosevelt Middle School, room 8",
    ))
def _demo_family_time(rivera, sam) -> None:
    """Rivera family time: a weekly supervised series (attendance recorded for past weeks, one
    missed then made up, one moved, last week's still to record), an extra visit at the park a
    few days ago (also still to record), a video call, and Dana's request waiting for Sam. Made
    through the family-time service, so the record and the court figures tell the same story.

    Two past times wait for Rosa's word, so the browser tests can record one with JavaScript
    and one without on the same demo (tests/e2e/test_family_time.py); times not recorded yet
    stay out of the court record's percent, so its figures do not change."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from app.family_time import services as ft
    from app.models import Mode, Outcome, Supervision

    dana = _scope(rivera, "dana@demo.hearth.example")
    rosa = _scope(rivera, "rosa")
    sam_rivera = _scope(rivera, sam.email)
    mia, leo = (child.id for child in rivera.children)
    today = datetime.now(ZoneInfo(rivera.time_zone)).date()
    first = today - timedelta(days=34)

    series = ft.create_family_time(sam_rivera, ft.FamilyTimeDetails(
        child_ids=[mia, leo], day=first, start=time(10), end=time(12),
        supervision=Supervision.SUPERVISED, supervisor="Ms. Patel, family center",
        parent_ids=[dana.membership.id], place="Family center, room 2",
        host_id=rosa.membership.id, every_weeks=1, last_date=first + timedelta(weeks=12),
        notes="Rosa brings Mia and Leo. Snacks are fine; no gifts please."))
    ft.record_outcome(rosa, series, first, Outcome.ATTENDED,
                      note="Mia showed Dana her drawings. A calm, happy visit.")
    ft.record_outcome(rosa, series, first + timedelta(weeks=1), Outcome.ATTENDED,
                      note="They built a tower with Leo.")
    missed = first + timedelta(weeks=2)
    ft.record_outcome(sam_rivera, series, missed, Outcome.PARENT_DID_NOT_COME,
                      note="Dana called: her bus did not come.")
    make_up = ft.make_up(sam_rivera, series, missed, ft.FamilyTimeDetails(
        child_ids=[mia, leo], day=missed + timedelta(days=3), start=time(16), end=time(17),
        supervision=Supervision.SUPERVISED, parent_ids=[dana.membership.id],
        place="Family center, room 2", host_id=rosa.membership.id))
    ft.record_outcome(rosa, make_up, None, Outcome.ATTENDED, note="Dana read them a story.")
    ft.record_outcome(rosa, series, first + timedelta(weeks=3), Outcome.ATTENDED)
    # Last week's (first + 4 weeks) is left for Rosa to record, as after a real visit.
    ft.move_occurrence(sam_rivera, series, first + timedelta(weeks=6),
                       first + timedelta(weeks=6, days=1), time(10), time(12))
    # An extra visit Mia asked for; Rosa has not said yet how it went.
    ft.create_family_time(sam_rivera, ft.FamilyTimeDetails(
        child_ids=[mia, leo], day=today - timedelta(days=3), start=time(16), end=time(17),
        supervision=Supervision.SUPERVISED, supervisor="Ms. Patel, family center",
        parent_ids=[dana.membership.id], place="Riverside Park, by the playground",
        host_id=rosa.membership.id,
        notes="Mia wants to show Dana how she climbs the big frame."))

    ft.create_family_time(sam_rivera, ft.FamilyTimeDetails(
        child_ids=[mia], day=today + timedelta(days=3), start=time(18), end=time(18, 30),
        mode=Mode.VIDEO, call_link="https://meet.example.org/rivera-mia",
        supervision=Supervision.MONITORED, supervisor="Sam", parent_ids=[dana.membership.id],
        notes="A short call before bedtime."))
    ft.create_family_time(dana, ft.FamilyTimeDetails(
        child_ids=[mia, leo], day=today + timedelta(days=4), start=time(15), end=time(16),
        supervision=Supervision.SUPERVISED, place="Central Library, children's room",
        notes="Story time is at 3:30. Mia loves it."))


def _demo_about(rivera, nguyen) -> None:
    """A month of "about me" in the Rivera family (open: shared at once), in English and in
    Rosa's Spanish, with one section updated; one change waiting for review in the Nguyen family."""
    from app.about import services as about

    rivera.review_level = ReviewLevel.OPEN  # trust is built: the demo's lived-in family
    mia = rivera.children[0]
    dana = _scope(rivera, "dana@demo.hearth.example")
    marcus = _scope(rivera, "marcus@demo.hearth.example")
    rosa = _scope(rivera, "rosa")
    written = [
        (dana, "bedtime", "Bath at 7. Two books, then lights out. She sleeps with Conejo, "
                          "her grey rabbit.", 30),
        (dana, "allergies", "Peanuts. She gets hives and her lips swell. Her EpiPen is in "
                            "the red bag; the school nurse has one too.", 28),
        (marcus, "likes", "Loves: dinosaurs, drawing, swings, mango. Does not like: loud "
                          "hand dryers, socks with seams.", 21),
        (rosa, "culture", "Los domingos hacemos tamales con la familia. Mia reza con su "
                          "abuela antes de dormir.", 14),
        (marcus, "bedtime", "Bath at 7. Two books, then lights out. She sleeps with Conejo, "
                            "her grey rabbit. If she wakes up, a glass of water and one song "
                            "(\"Twinkle, twinkle\") help her settle.", 5),
    ]
    now = utcnow()
    for who, section, text, days_ago in written:
        version = about.write(who, mia, section, text)
        version.created_at = now - timedelta(days=days_ago)
    chris = _scope(nguyen, "chris@demo.hearth.example")  # Nguyen is reviewed: this one waits
    about.write(chris, nguyen.children[0], "meals",
                "An eats rice with every meal and does not like spicy food yet.")
    db.session.commit()


def _demo_photos(rivera, nguyen) -> None:
    """A month of photos in the Rivera family and one waiting for review in the Nguyen family.

    Drawn here with Pillow (no image files in the repository) and shared through the real
    pipeline, so the demo shows exactly what an upload becomes.
    """
    from datetime import timedelta

    from app.models import Photo, ReviewLevel
    from app.models.types import utcnow
    from app.photos.services import share_photos

    rivera.review_level = ReviewLevel.OPEN  # DESIGN: the Rivera case has built trust
    db.session.commit()

    sun = ("ellipse", (620, 60, 820, 260), "#f6c431")
    photos = [
        (30, "rosa", "Mia's drawing of our house",
         drawing("#dff3ff", [sun, ("rectangle", (180, 330, 560, 620), "#c0392b"),
                             ("polygon", [(150, 340), (370, 150), (590, 340)], "#7b3f00")],
                 "Mia's drawing")),
        (24, "dana@demo.hearth.example", "First day at the new school",
         drawing("#fef6e4", [("rectangle", (100, 200, 860, 560), "#3d6fb6"), sun], "School")),
        (17, "marcus@demo.hearth.example", "Leo found a big leaf at the park",
         drawing("#e8f5e9", [("ellipse", (300, 180, 660, 540), "#2e7d32")], "The park")),
        (10, "rosa", "Cumpleaños de Leo: ¡tres años!",
         drawing("#fff0f6", [("rectangle", (280, 360, 680, 600), "#f48fb1"),
                             ("rectangle", (470, 240, 490, 360), "#ffd54f")], "3")),
        (4, "dana@demo.hearth.example", "",
         drawing("#ede7f6", [("ellipse", (80, 80, 400, 400), "#7e57c2"),
                             ("ellipse", (480, 240, 880, 640), "#26a69a")], "Bubbles")),
        (1, "rosa", "Mia's spelling test: 10 out of 10",
         drawing("#ffffff", [("rectangle", (120, 120, 840, 560), "#fafafa")], "10/10")),
        (2, "chris@demo.hearth.example", "An's soccer team photo",
         drawing("#e3f2fd", [("rectangle", (0, 480, 960, 720), "#43a047"), sun], "Goal!")),
    ]
    now = utcnow()
    for days_ago, who, caption, data in photos:
        family = nguyen if who.startswith("chris") else rivera
        (photo,) = share_photos(_scope(family, who), [("demo.jpg", data)], caption)
        # A month of use: spread over the past weeks, as if shared on those days.
        db.session.execute(db.update(Photo).where(Photo.id == photo.id)
                           .values(created_at=now - timedelta(days=days_ago, hours=days_ago % 7)))
    db.session.commit()


def _demo_messages(rivera, nguyen) -> None:
    """Three weeks of the Rivera thread (open: shared at once), Rosa writing in Spanish, one
    message corrected and one taken back; one Nguyen message waiting for review.

    Sent through the messages service, as people would, then dated back to the day each was sent.
    """
    from datetime import UTC, datetime, time
    from zoneinfo import ZoneInfo

    from app import moderation
    from app.messages import services as messages
    from app.models import Message, MessageRevision

    rivera.review_level = ReviewLevel.OPEN
    sam = _scope(rivera, "sam@demo.hearth.example")
    dana = _scope(rivera, "dana@demo.hearth.example")
    marcus = _scope(rivera, "marcus@demo.hearth.example")
    rosa = _scope(rivera, "rosa")
    zone = ZoneInfo(rivera.time_zone)
    today = datetime.now(zone).date()

    def when(days_ago, hour, minute):
        local = datetime.combine(today - timedelta(days=days_ago), time(hour, minute), zone)
        return min(local.astimezone(UTC), utcnow() - timedelta(minutes=5))

    def dated(message, moment, edited=None):
        db.session.execute(db.update(Message).where(Message.id == message.id)
                           .values(created_at=moment, edited_at=edited))
        revisions = db.session.scalars(select(MessageRevision).filter_by(message_id=message.id)
                                       .order_by(MessageRevision.id)).all()
        for revision, at in zip(revisions, [moment, edited], strict=False):
            revision.created_at = at or moment
        db.session.commit()

    thread = [
        (sam, 21, 9, 10, "Hi everyone. This thread is for all of us: Dana, Marcus, Rosa and "
                         "me. I updated the case plan after Monday's meeting. The goal is "
                         "still reunification. Ask me about any word that is not clear."),
        (dana, 21, 12, 30, "Thank you Sam. Can we talk about family time? Tuesdays after "
                           "school work best for me."),
        (rosa, 21, 18, 5, "Hola a todos. Los martes están bien. Mia sale de la escuela a las "
                          "3 y yo la puedo llevar."),
        (marcus, 20, 8, 40, "Tuesdays work for me too. My drug screen is on Wednesday "
                            "mornings now, so Tuesday is good."),
        (sam, 20, 10, 15, "Great. Family time is Tuesdays 3:30 to 5:00 at the family center. "
                          "For now it is supervised family time. We will talk about the next "
                          "step at the case review."),
        (dana, 18, 19, 20, "Mia asked if she can bring her drawings to show us. Is that ok?"),
        (rosa, 18, 20, 2, "¡Claro que sí! Tiene muchos dibujos. Los ponemos en su mochila."),
    ]
    for who, days_ago, hour, minute, text in thread:
        dated(messages.send(who, text), when(days_ago, hour, minute))

    # Marcus fixes a typo and adds a question a minute later: two versions, Sam can read both.
    question = messages.send(marcus, "Who is the GAL? I got a letter from somone named "
                                     "Ms. Patel.")
    messages.correct(question, marcus, "Who is the GAL? I got a letter from someone named "
                                       "Ms. Patel. Is she the same as the CASA?")
    dated(question, when(14, 9, 0), edited=when(14, 9, 2))

    thread = [
        (sam, 14, 11, 30, "Ms. Patel is the GAL (guardian ad litem). She is a lawyer who "
                          "tells the court what is best for Mia and Leo. The CASA is a "
                          "volunteer, Mr. Green. Both will want to meet you. That is normal."),
    ]
    for who, days_ago, hour, minute, text in thread:
        dated(messages.send(who, text), when(days_ago, hour, minute))

    # Dana takes back a message written on a hard night; Sam still has it in the record.
    regret = messages.send(dana, "I am so tired of all these meetings. Nobody listens to us.")
    moderation.withdraw(regret, dana)
    dated(regret, when(12, 21, 45))

    thread = [
        (dana, 12, 21, 50, "Sorry, long day. Thank you for explaining, Sam."),
        (rosa, 10, 16, 0, "Mia tuvo una buena semana en la escuela. Sacó 10 en ortografía. "
                          "Leo ya dice \"abuela\" muy claro."),
        (dana, 10, 16, 30, "That makes me so happy. Tell her I am proud of her!"),
        (sam, 7, 10, 0, "Good news: at the case review we agreed to plan a trial home visit "
                        "in the next few weeks. First we will write a safety plan together. "
                        "Can we meet Thursday at 2?"),
        (marcus, 7, 12, 10, "Thursday at 2 works. What goes in the safety plan?"),
        (sam, 7, 13, 0, "Who the kids can call, who is there to help you, and what you do if "
                        "things get hard. We write it together. It is your plan too."),
        (rosa, 6, 9, 30, "Yo puedo ayudar los fines de semana si hace falta. Lo más importante "
                         "es que los niños estén bien y con sus papás."),
        (dana, 3, 18, 0, "Thank you, Rosa. We could not do this without you."),
        (marcus, 1, 19, 30, "Negative drug screen again this week. 10 weeks now."),
        (sam, 1, 20, 0, "That is real progress, Marcus. I will put it in my report for the "
                        "permanency hearing."),
    ]
    for who, days_ago, hour, minute, text in thread:
        dated(messages.send(who, text), when(days_ago, hour, minute))
    for who in (sam, dana, marcus, rosa):
        messages.read_newest(who)  # as opening the thread does
    # The newest one nobody but Rosa has read yet: the unread count and "Seen by" show.
    dated(messages.send(rosa, "¡Qué orgullo, Marcus! Nos vemos el martes en el tiempo en "
                              "familia."), utcnow() - timedelta(hours=2))

    chris = _scope(nguyen, "chris@demo.hearth.example")  # Nguyen is reviewed: this one waits
    messages.send(chris, "Hi Sam, An has a school field trip on Friday. Can I sign the "
                         "permission slip, or does Linh need to?")


def _demo_concerns(rivera, sam) -> None:
    """One open Rivera concern: Dana, shared with Rosa, about late pick-ups, with one step
    Sam took (a note for the family) and one private staff note. Made through the service,
    so the record tells the same story."""
    from app.concerns import services as concerns
    from app.i18n import today_in
    from app.models import StepKind

    dana = _scope(rivera, "dana@demo.hearth.example")
    sam_rivera = _scope(rivera, sam.email)
    concern = concerns.raise_concern(
        dana,
        "The last two family times started late because Mia was not ready at pick-up. "
        "We lost almost an hour with the kids.",
        "A set pick-up time that works for Rosa, and a text if it will be late.",
        shared=True,
    )
    today = today_in(rivera.time_zone)
    concerns.add_step(sam_rivera, concern, StepKind.TALKED_WITH_RESOURCE_PARENT,
                      today - timedelta(days=2),
                      "Rosa says the school bus often runs late on Thursdays.", True)
    concerns.add_step(sam_rivera, concern, StepKind.TALKED_WITH_PARENT, today - timedelta(days=1),
                      "Dana was upset but calm. Suggest 5:30 pm pick-up at the meeting.", False)


def _demo_report(rivera) -> None:
    """One open report in Sam's review queue: Dana asks about a message that names Mia's
    school. Sam decides there (keep it, hide it, or talk with the family)."""
    from app.messages import services as messages

    rosa = _scope(rivera, "rosa")
    dana = _scope(rivera, "dana@demo.hearth.example")
    school = messages.send(rosa, "Mia empieza en la escuela Lincoln, en la calle 5. La recojo "
                                 "a las 3.")
    messages.report(school, dana, "This says where Mia goes to school. Is it safe to share "
                                  "here?")


def drawing(background, shapes, words) -> bytes:
    """A JPEG drawn with Pillow: the demo's photos (no image files in the repository)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 720), background)
    pen = ImageDraw.Draw(image)
    for kind, box, colour in shapes:
        getattr(pen, kind)(box, fill=colour)
    pen.text((40, 640), words, fill="black", font_size=40)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def _scope(family, identifier: str):
    """The family scope of the demo person with this email or username, as a route gets it."""
    from app.access import FamilyScope

    membership = db.session.scalar(
        select(Membership).join(User, User.id == Membership.user_id)
        .where(Membership.family_id == family.id,
               (User.email == identifier) | (User.username == identifier)))
    return FamilyScope(family=family, membership=membership)
