"""Demo people who read Hearth in Chinese, Arabic, Somali and Haitian Creole (Linh, in
app/demo.py, reads Vietnamese), each writing in their own language.

- The Nguyen family: Wei, An's dad, reads and writes Chinese. The family is reviewed: Sam
  approved what he and Chris wrote; only Chris's items from app/demo.py still wait.
- The Warsame family (Minneapolis), new and reviewed: the children live with their
  grandmother Faadumo (Somali) and their aunt Ifrah (Arabic; she went to school in Arabic).
  Their mother Hodan is invited and has not joined yet. One photo of Faadumo's waits for Sam.
- The Joseph family (Miami), open: Kenley lives with his grandmother Mirlande (Haitian
  Creole); his dad Frantz writes in English and has asked for a family time Sam has not
  answered yet.

Every name is made up. Made through the services, as people would, then dated back.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app import moderation
from app.about import services as about
from app.events import services as events
from app.extensions import db
from app.families.services import add_child, create_family
from app.family_time import services as ft
from app.joining import services as joining
from app.messages import services as messages
from app.models import (
    AboutVersion,
    Answer,
    EventKind,
    Message,
    MessageRevision,
    Photo,
    ReviewLevel,
    Role,
    Supervision,
)
from app.models.types import utcnow
from app.photos.services import share_photos
from app.review_level.services import change_level


def load_language_families(sam, nguyen) -> list[tuple[str, str]]:
    """Add the people and families above; returns (who, sign-in) rows to print."""
    from app.demo import _join

    _join(nguyen, sam, role=Role.PARENT, label="Dad", username="wei",
          display_name="Wei Huang", preferred_name="Wei", locale="zh_Hans")
    _nguyen(sam, nguyen)

    warsame = create_family(
        actor=sam, name="The Warsame family", time_zone="America/Chicago",
        child_name="Ayaan", child_birth_date=date(2017, 6, 2),
    )
    add_child(warsame, sam, "Cabdi", date(2020, 11, 15))
    _join(warsame, sam, role=Role.RESOURCE_PARENT, is_kin=True, label="Ayeeyo Faadumo",
          username="faadumo", display_name="Faadumo Warsame", preferred_name="Faadumo",
          locale="so")
    _join(warsame, sam, role=Role.RESOURCE_PARENT, is_kin=True, label="Eedo Ifrah",
          username="ifrah", display_name="Ifrah Warsame", preferred_name="Ifrah", locale="ar")
    joining.create_invitation(family_id=warsame.id, actor=sam, role=Role.PARENT,
                              invitee_name="Hodan Abdi", relationship_label="Hooyo")
    _warsame(sam, warsame)

    joseph = create_family(
        actor=sam, name="The Joseph family", time_zone="America/New_York",
        child_name="Kenley", child_birth_date=date(2015, 9, 21),
    )
    _join(joseph, sam, role=Role.RESOURCE_PARENT, is_kin=True, label="Grann Mirlande",
          username="mirlande", display_name="Mirlande Joseph", preferred_name="Mirlande",
          locale="ht")
    _join(joseph, sam, role=Role.PARENT, label="Dad", email="frantz@demo.hearth.example",
          display_name="Frantz Joseph", preferred_name="Frantz")
    _joseph(sam, joseph)
    db.session.commit()

    return [
        ("Parent, Nguyen family (Dad), Chinese", "wei"),
        ("Kin caregiver, Warsame family, Somali", "faadumo"),
        ("Kin caregiver, Warsame family, Arabic", "ifrah"),
        ("Kin caregiver, Joseph family, Haitian Creole", "mirlande"),
        ("Parent, Joseph family (Dad)", "frantz@demo.hearth.example"),
    ]


def _nguyen(sam, nguyen) -> None:
    from app.demo import _scope

    wei = _scope(nguyen, "wei")
    chris = _scope(nguyen, "chris@demo.hearth.example")
    staff = _scope(nguyen, sam.email)
    _thread(nguyen, staff, [
        (wei, 9, 19, 0, "大家好，我是安的爸爸黄伟。谢谢 Chris 照顾安。"  # noqa: RUF001
                        "我星期六上午有空，可以参加家庭时间。"),  # noqa: RUF001
        (staff, 8, 9, 30, "Welcome, Wei. Saturday mornings can work. I will talk with Chris "
                          "and write back this week."),
        (chris, 8, 12, 15, "Hi Wei! An talks about you a lot. Saturday mornings are fine "
                           "for us."),
        (wei, 4, 20, 10, "安下个星期五有数学考试。我可以在家庭时间帮他复习吗？"),  # noqa: RUF001
        (staff, 3, 10, 0, "Yes, that is a good idea, Wei. Bring his math book."),
    ])
    an = nguyen.children[0]
    _about(staff, an, [
        (wei, "culture", "春节对我们很重要。我们一起包饺子，安会收到红包。"  # noqa: RUF001
                         "他也喜欢看舞狮。", 7),
        (wei, "words", "安叫我“爸爸”。他会说一点中文，比如“谢谢”和“好吃”。", 6),  # noqa: RUF001
    ])


def _warsame(sam, warsame) -> None:
    from app.demo import _scope

    faadumo = _scope(warsame, "faadumo")
    ifrah = _scope(warsame, "ifrah")
    staff = _scope(warsame, sam.email)
    ayaan, cabdi = warsame.children
    _thread(warsame, staff, [
        (staff, 12, 10, 0, "Welcome, Faadumo and Ifrah. This is the family's space. I invited "
                           "Hodan too. You can write here in your own language."),
        (faadumo, 12, 17, 30, "Salaan dhammaantiin. Waxaan ahay Faadumo, ayeeyada Ayaan iyo "
                              "Cabdi. Carruurtu way fiican yihiin. Mahadsanid, Sam."),
        (ifrah, 11, 20, 5, "مرحبًا بالجميع. أنا إفراح، عمّة أيان وعبدي. أعيش مع أمي فاطمة "
                           "والأطفال."),
        (staff, 10, 9, 15, "The first family time with Hodan is this Friday at 4 at the "
                           "family center. It is supervised family time."),
        (ifrah, 10, 13, 40, "أستطيع أن أوصل الأطفال إلى وقت العائلة يوم الجمعة بعد المدرسة."),
        (faadumo, 5, 18, 20, "Ayaan waxay jeceshahay inay sawirto. Cabdi wuxuu jecel yahay "
                             "kubadda cagta. Jimcaha waan iman karnaa."),
    ])
    _about(staff, ayaan, [
        (faadumo, "meals", "Ayaan iyo Cabdi waxay jecel yihiin bariis iyo hilib ari. Hilib "
                           "doofaar ma cunaan. Subaxdii waxay cunaan canjeero.", 9),
        (faadumo, "culture", "Ciidda waa maalin muhiim ah. Carruurtu waxay xirtaan dhar "
                             "cusub, annaguna waxaan booqannaa qaraabada.", 8),
        (ifrah, "school", "أيان في الصف الرابع. تحب القراءة والرياضيات. معلمتها السيدة "
                          "جونسون لطيفة جدًا.", 7),
    ])
    _about(staff, cabdi, [
        (ifrah, "upset", "عندما يحزن عبدي، يحب أن نحمله ونغني له أغنية صومالية. "
                         "يهدأ بسرعة.", 7),
    ])
    today = datetime.now(ZoneInfo(warsame.time_zone)).date()
    dentist = events.create_event(ifrah, events.EventDetails(
        title="موعد طبيب الأسنان لعبدي", kind=EventKind.DENTAL, child_ids=[cabdi.id],
        day=today + timedelta(days=(1 - today.weekday()) % 7 or 7), all_day=False,
        start=time(15, 30), end=time(16, 15), place="Cedar Kids Dental"))
    moderation.approve(dentist, staff)
    events.answer(dentist, ifrah, Answer.GOING)
    _photos(warsame, staff, [
        (faadumo, 6, "Ayaan iyo Cabdi beerta", "#e8f5e9", "#2e7d32", True),
        # Waits for Sam: the reviewed family's queue has a Somali caption in it.
        (faadumo, 0, "Sawirka Ayaan ee gurigeena", "#dff3ff", "#c0392b", False),
    ])


def _joseph(sam, joseph) -> None:
    from app.demo import _scope

    staff = _scope(joseph, sam.email)
    change_level(staff, ReviewLevel.OPEN, "Mirlande and Frantz have shared well for months.")
    mirlande = _scope(joseph, "mirlande")
    frantz = _scope(joseph, "frantz@demo.hearth.example")
    kenley = joseph.children[0]
    _thread(joseph, staff, [
        (mirlande, 15, 8, 45, "Bonjou tout moun. Se Mirlande, grann Kenley. Kenley byen, li "
                              "renmen lekòl li."),
        (frantz, 15, 12, 0, "Thank you Manman. Tell Kenley I am proud of him."),
        (staff, 14, 9, 0, "Family time is every Saturday at 10 at the library. Mirlande, "
                          "thank you for bringing Kenley."),
        (mirlande, 14, 18, 30, "Mèsi Sam. Samdi bon pou nou. M ap mennen Kenley nan tan "
                               "fanmi an."),
        (mirlande, 2, 19, 15, "Kenley fè yon bèl desen pou papa l. L ap pote l samdi."),
        (frantz, 2, 21, 0, "I can't wait to see it!"),
    ])
    _about(staff, kenley, [
        (mirlande, "meals", "Kenley renmen diri ak pwa, bannann peze ak bouyon. Li pa renmen "
                            "piman.", 20),
        (mirlande, "culture", "Chak dimanch nou ale legliz ansanm. Premye janvye nou manje "
                              "soup joumou pou fèt endepandans Ayiti.", 18),
        (frantz, "likes", "Loves: basketball, drawing cars, his grandma's cooking.", 10),
    ])
    _photos(joseph, staff, [(mirlande, 3, "Kenley ak desen li", "#fff8e1", "#1565c0", True)])
    from app.family_time import levels

    levels.set_level(staff, frantz.membership.id, levels.Level.MONITORED,
                     "Three months of supervised family time went well.")
    today = datetime.now(ZoneInfo(joseph.time_zone)).date()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    ft.create_family_time(staff, ft.FamilyTimeDetails(
        child_ids=[kenley.id], day=saturday - timedelta(weeks=3), start=time(10), end=time(11),
        supervision=Supervision.MONITORED, supervisor="Sam", parent_ids=[frantz.membership.id],
        place="Little Haiti library, children's room", host_id=mirlande.membership.id,
        every_weeks=1, last_date=saturday + timedelta(weeks=8)))
    # Frantz asks for an extra time: family time a parent asks for waits for Sam.
    ft.create_family_time(frantz, ft.FamilyTimeDetails(
        child_ids=[kenley.id], day=saturday + timedelta(days=1), start=time(14), end=time(15),
        supervision=Supervision.MONITORED, parent_ids=[frantz.membership.id],
        place="Little Haiti park", notes="Kenley wants to play basketball with me."))


def _thread(family, staff, thread) -> None:
    """Send each message, share it if the family is reviewed (Sam said yes), date it back."""
    zone = ZoneInfo(family.time_zone)
    today = datetime.now(zone).date()
    for who, days_ago, hour, minute, text in thread:
        message = messages.send(who, text)
        if message.is_pending:
            moderation.approve(message, staff)
        local = datetime.combine(today - timedelta(days=days_ago), time(hour, minute), zone)
        moment = min(local.astimezone(UTC), utcnow() - timedelta(minutes=5))
        db.session.execute(db.update(Message).where(Message.id == message.id)
                           .values(created_at=moment))
        db.session.execute(db.update(MessageRevision)
                           .where(MessageRevision.message_id == message.id)
                           .values(created_at=moment))
        db.session.commit()
    for scope in {who.membership.id: who for who, *_ in thread}.values():
        messages.read_newest(scope)  # as opening the thread does


def _about(staff, child, written) -> None:
    now = utcnow()
    for who, section, text, days_ago in written:
        version = about.write(who, child, section, text)
        if version.is_pending:
            about.approve(staff, version)
        db.session.execute(db.update(AboutVersion).where(AboutVersion.id == version.id)
                           .values(created_at=now - timedelta(days=days_ago)))
    db.session.commit()


def _photos(family, staff, photos) -> None:
    from app.demo import drawing

    now = utcnow()
    for who, days_ago, caption, background, colour, approve in photos:
        data = drawing(background, [("ellipse", (260, 140, 700, 580), colour)], caption[:12])
        (photo,) = share_photos(who, [("demo.jpg", data)], caption)
        if approve and photo.is_pending:
            moderation.approve(photo, staff)
        db.session.execute(db.update(Photo).where(Photo.id == photo.id)
                           .values(created_at=now - timedelta(days=days_ago, hours=2)))
    db.session.commit()

