"""No English left on any page in any locale.

Each shipped language but English, one test each: the demo is loaded, and every page a demo
person who reads that language reaches (found by following the links of their pages, as they
would) is rendered in English and in their language, for the same person and the same data.
So are the caseworker's pages of their families and the caseload, the admin's pages, and the
pages before signing in. A sentence found on both renderings of a page was not translated
(a template string not marked, a Python string not wrapped, a format Babel did not localise),
unless it is what people typed (names, messages, captions: the same in every language), a
number, or in the short allowlist below. The forms sent empty, whose errors only a POST shows,
are the second test.
"""

import html
import re
from collections import Counter, deque
from html.parser import HTMLParser

import pytest
from sqlalchemy import JSON, Enum, String, delete, insert, select

from app.config import Config
from app.i18n import html_lang
from app.models import Family, Membership, User
from app.models.seen import SeenMarker
from tests import factories

LANGUAGE_COOKIE = Config.LANGUAGE_COOKIE_NAME
SHIPPED = [code for code in Config.LANGUAGES if code != "en"]

# Words the same in every language, each for a reason. Anything else found on both pages fails.
SAME_EVERYWHERE = {
    "Hearth": "the product's name",
    "Medicaid": "a program's own name, the same in the languages that use the Latin script",
    **{name: "each language is offered by its own name" for name in Config.LANGUAGES.values()},
}
# Words spelled the same in one language as in English.
SAME_IN = {
    "es": {"Agenda": "the Spanish word for an agenda"},
    "vi": {"Email": "Vietnamese screens write email as English does (Google, Zalo)"},
}
SAME_PATTERNS = [
    (re.compile(r"\S+@\S+\.\S+"), "an email address"),
    (re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}"), "a code to type, read out as it is"),
    (re.compile(r"https?://\S+"), "a web address"),
    (re.compile(r"(?:[A-Z][A-Za-z_ -]+/)+[A-Z][A-Za-z_ -]+|UTC"),
     "a time zone's name as the tz database writes it (the family form lists them)"),
    (re.compile(r"\((?:[A-Z0-9-]{2,6}(?:, )?)+\)"),
     "a glossary term's acronyms, as papers write them (the term explains them)"),
    (re.compile(r"(?:photos/|[a-z_]+\.json|README\.txt)"), "a file's name in the export"),
]
# Tables whose words are not typed by people: the glossary is checked on the page like the rest.
NOT_TYPED = {"seen_markers", "glossary_terms", "glossary_texts", "avoid_words", "avoid_word_texts",
             "glossary_state"}
LINKS_PER_KIND = 2  # pages of one kind (same path but for ids) rendered per person
NOT_PAGES = re.compile(
    r"^/static/|/sign-out|\.ics$|\.csv$|^/feed/|/(display|thumb|download)$|/poll|"
    r"^/caseload/counts")


class PageText(HTMLParser):
    """The words a person sees or hears on a page, and its links.

    Text and the labels screen readers read. Glossary marking splits what a person wrote
    into pieces around each explained term (app/rich_text.py): the pieces directly inside
    an element holding a term button, and the button's own words, are what the writer typed.
    """

    SPOKEN = {"aria-label", "title", "placeholder", "alt"}
    NOT_READ = {"script", "style", "textarea"}  # a textarea holds what is typed in it
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.texts: list[tuple[str, int]] = []  # (text, the element holding it)
        self.typed_elements: set[int] = set()
        self.links: list[str] = []
        self.lang = None
        self._stack: list[tuple[str, int]] = []
        self._next = 0
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        holder = self._stack[-1][1] if self._stack else -1
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in self.NOT_READ:
            self._skip += 1
        for name in self.SPOKEN & attrs.keys():
            self._add(attrs[name], holder)
        if tag == "input" and attrs.get("type") == "submit":
            self._add(attrs.get("value", ""), holder)
        if tag == "a" and attrs.get("href", "").startswith("/"):
            self.links.append(attrs["href"].split("#")[0])
        if tag in self.VOID:
            return
        self._next += 1
        self._stack.append((tag, self._next))
        if tag == "button" and "term" in (attrs.get("class") or "").split():
            self.typed_elements.update({holder, self._next})

    def handle_endtag(self, tag):
        if tag in self.NOT_READ:
            self._skip -= 1
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if not self._skip:
            self._add(data, self._stack[-1][1] if self._stack else -1)

    def _add(self, text, holder):
        text = " ".join(text.split())
        if text:
            self.texts.append((text, holder))

    def words(self) -> set[str]:
        return {text for text, holder in self.texts if holder not in self.typed_elements}


def page_text(html: str) -> PageText:
    parser = PageText()
    parser.feed(html)
    parser.close()
    return parser


class Typed:
    """What people typed, as the database holds it: names, messages, captions, notes,
    reasons (audit details too). Such words are the same in every language."""

    def __init__(self, db, locale):
        from app.models.glossary import GlossaryTerm

        values = set(db.session.scalars(select(GlossaryTerm.key)))  # identifiers admins see
        for table in db.metadata.sorted_tables:
            if table.name in NOT_TYPED:
                continue
            columns = [c for c in table.columns
                       if isinstance(c.type, String | JSON) and not isinstance(c.type, Enum)]
            if not columns:
                continue
            for row in db.session.execute(select(*columns)):
                for value in row:
                    values.update(_strings(value))
        values = {" ".join(v.split()) for v in values if v and v.strip()}
        values |= {v.replace("_", " ") for v in values}  # "America/Los_Angeles" as shown
        self.values = values
        pieces = sorted(values | set(SAME_EVERYWHERE) | set(SAME_IN.get(locale, {})),
                        key=len, reverse=True)
        self._within = re.compile(
            r"(?<!\w)(?:" + "|".join(map(re.escape, pieces)) + r")(?!\w)")

    def covers(self, text: str) -> bool:
        """True when nothing is left of `text` but typed words, numbers and punctuation."""
        if text in self.values:
            return True
        shortened = re.sub(r"(…|\.\.\.)$", "", text).rstrip()
        if shortened != text and any(v.startswith(shortened) for v in self.values):
            return True  # a preview of a longer text
        rest = text
        for pattern, _reason in SAME_PATTERNS:
            rest = pattern.sub(" ", rest)
        rest = self._within.sub(" ", rest)
        return not re.search(r"[^\W\d_]", rest)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# The English pages of the demo, per worker: each language's test compares its pages with the
# same English ones. The `demo` fixture gives every test the same rows (the same ids), so the
# English rendering of a page is the same for all six; the join link, new per test, is not
# cached under another test's address.
ENGLISH_PAGES: dict[tuple[int | None, str], PageText | None] = {}


class Reader:
    """One person's browser: signed in (or not), reading in the language their account says."""

    def __init__(self, app, db, user: User | None, starts: list[str], allowed):
        self.db, self.user, self.starts, self.allowed = db, user, starts, allowed
        self.client = app.test_client()
        self.urls = app.url_map.bind("localhost")
        if user is not None:
            response = self.client.post("/sign-in", data={
                "identifier": user.email or user.username, "password": "hearth demo 2026"})
            assert response.status_code == 303, f"{user.display_name} cannot sign in"

    def kind(self, url: str) -> str:
        """Pages of one kind: the same view, asked with the same query keys."""
        path, _, query = url.partition("?")
        try:
            endpoint, _args = self.urls.match(path)
        except Exception:  # a 404 or a redirect: a kind of its own
            endpoint = path
        return endpoint + "?" + ",".join(sorted(k.split("=")[0] for k in query.split("&")))

    def read(self, locale: str, urls: list[str] | None = None) -> dict[str, PageText]:
        """Each page in `locale`: the `urls` given, or the starts and every page reached from
        them by links (LINKS_PER_KIND of each kind). The "new since you last looked" markers
        are put back after, so each language's pages show the same news."""
        self.client.set_cookie(LANGUAGE_COOKIE, locale)
        if self.user is not None:
            self.user.locale = locale
            self.db.session.commit()
        markers = [{c: getattr(m, c) for c in ("membership_id", "area", "last_seen_seq",
                                                "receipt_seq")}
                   for m in self.db.session.scalars(select(SeenMarker))]
        pages, asked, kinds = {}, set(), Counter()
        crawl = urls is None
        cached = ENGLISH_PAGES if locale == "en" else {}
        queue = deque((url, True) for url in (self.starts if crawl else urls))
        while queue:
            url, given = queue.popleft()
            if url in asked or (not given and (kinds[self.kind(url)] >= LINKS_PER_KIND
                                               or not self.allowed(url)
                                               or NOT_PAGES.search(url.split("?")[0]))):
                continue
            asked.add(url)
            kinds[self.kind(url)] += 1
            key = (self.user.id if self.user else None, url)
            if key not in cached:
                response = self.client.get(url, follow_redirects=True)
                # a calendar file or a photo: no page to read
                cached[key] = (page_text(response.get_data(as_text=True))
                               if response.mimetype == "text/html" else None)
            if cached[key] is None:
                continue
            pages[url] = cached[key]
            if crawl:
                queue.extend((link, False) for link in pages[url].links)
        self.db.session.execute(delete(SeenMarker))
        if markers:
            self.db.session.execute(insert(SeenMarker), markers)
        self.db.session.commit()
        return pages


def english_left(english: PageText, other: PageText, typed: Typed) -> list[str]:
    same = english.words() & other.words()
    return sorted(text for text in same if not typed.covers(text))


def test_the_check_finds_english_and_lets_what_people_typed_be(app, db, family, parent):
    """The comparison itself: an English heading left in a Spanish page is found; names, a
    message split around an explained term, and the allowlist are not."""
    factories.make_message(family, parent, text="We talked about the case plan today.")
    message = ('<p>We talked about the <button class="term">case plan</button>'
               '<span popover>{}</span> today.</p>')
    english = page_text('<html lang="en"><h1>My families</h1><p>Dana Rivera (Mom)</p>'
                        + message.format("A plan") + "<p>Hearth</p><p>Sign out</p></html>")
    spanish = page_text('<html lang="es"><h1>My families</h1><p>Dana Rivera (Mom)</p>'
                        + message.format("Un plan") + "<p>Hearth</p><p>Salir</p></html>")
    assert english_left(english, spanish, Typed(db, "es")) == ["My families"]


def item_pages(db, families) -> list[str]:
    """Pages the links reach only after many of their kind: each family time on each day
    something happened (recorded, missed, moved, to record), and a message on its own."""
    from app.models import FamilyTime, FamilyTimeOccurrence, Message

    pages = []
    for item in db.session.scalars(select(FamilyTime).where(FamilyTime.family_id.in_(families))
                                   .order_by(FamilyTime.id)):
        days = [item.first_date, *db.session.scalars(
            select(FamilyTimeOccurrence.original_date)
            .where(FamilyTimeOccurrence.family_time_id == item.id))]
        pages += [f"/families/{item.family_id}/calendar/{item.id}?day={day.isoformat()}"
                  for day in sorted(set(days))]
    for family_id in sorted(families):
        first = db.session.scalar(select(Message.id).filter_by(family_id=family_id)
                                  .order_by(Message.id))
        if first:
            pages.append(f"/families/{family_id}/messages/{first}")
    return pages


def demo_readers(db, locale):
    """Each demo person who reads `locale`, the caseworker and the admin reading it too, and
    a person not signed in; with the families each may open."""
    readers = db.session.scalars(select(User).where(User.locale == locale)).all()
    assert readers, f"no demo person reads {locale} (app/demo.py)"
    families = set(db.session.scalars(select(Membership.family_id).where(
        Membership.user_id.in_([r.id for r in readers]))))
    sam = db.session.scalar(select(User).filter_by(email="sam@demo.hearth.example"))
    admin = db.session.scalar(select(User).filter_by(email="admin@demo.hearth.example"))

    def in_families(url):
        found = re.match(r"/families/(\d+)", url)
        return not found or int(found.group(1)) in families

    def admin_pages(url):
        return url.startswith(("/admin", "/glossary", "/account")) or url == "/families"

    items = item_pages(db, families)
    people = [(reader, ["/", "/account", "/glossary", "/nowhere", *items], in_families)
              for reader in readers]
    people.append((sam, ["/", "/families", "/caseload/queue", "/account", "/nowhere",
                         *(f"/families/{f}" for f in sorted(families)), *items], in_families))
    people.append((admin, ["/admin", "/admin/accounts", "/admin/accounts?q=a",
                           "/admin/glossary"], admin_pages))
    people.append((None, ["/", "/sign-in", "/join", "/forgot-password", "/language",
                          "/join/ZZZZ-ZZZZ-ZZZZ", "/nowhere"], lambda url: True))
    return people


@pytest.mark.xdist_group("demo-pages")  # one worker: the English pages are rendered once
@pytest.mark.parametrize("locale", SHIPPED)
def test_no_english_left_on_any_page(locale, app, db, glossary, demo):
    family = db.session.scalar(select(Family).filter_by(name="The Nguyen family"))
    sam = db.session.scalar(select(User).filter_by(email="sam@demo.hearth.example"))
    _invitation, _code, link = factories.make_invitation(family, sam)
    typed = Typed(db, locale)
    untranslated, rendered = {}, 0
    for user, starts, allowed in demo_readers(db, locale):
        starts += [f"/join/{link}"] if user is None else []
        reader = Reader(app, db, user, starts, allowed)
        english = reader.read("en")
        theirs = reader.read(locale, list(english))
        who = user.preferred_name if user else "signed out"
        for url, page in english.items():
            assert theirs[url].lang == html_lang(locale), (who, url)
            if same := english_left(page, theirs[url], typed):
                untranslated[f"{locale} {who} {url}"] = same
        rendered += len(english)
    assert rendered > 60  # the walk reached the pages, not just the first few
    assert untranslated == {}, "\n".join(f"{page}: {texts}" for page, texts in
                                         untranslated.items())


WTFORMS_SAYS = ["This field is required.", "Not a valid choice.", "Not a valid date value.",
                "Not a valid time value.",
                "Field cannot be longer than 80 characters.",
                "Invalid choice(s): one or more data inputs could not be coerced."]


def forms_to_send(family, caseworker, parent, resource_parent, pending_member,
                  suspended_member, admin):
    """(who, form page, data): every form whose errors a person can reach, sent empty."""
    from datetime import timedelta

    from app.models import ContentState

    pending = ContentState.PENDING
    message = factories.make_message(family, parent)
    waiting = factories.make_message(family, parent, pending)
    photo = factories.make_photo(family, parent)
    event = factories.make_event(family, parent)
    about = factories.make_about(family, parent)
    coming = factories.make_family_time(family, caseworker, days_ahead=3, every_weeks=1)
    coming.last_date = coming.first_date + timedelta(weeks=8)
    past = factories.make_family_time(family, caseworker, days_ahead=-2)
    asked = factories.make_family_time(family, parent, pending, days_ahead=5)
    concern = factories.make_concern(family, parent, shared=True)
    _invitation, _code, link = factories.make_invitation(family, caseworker)
    m = {mem.user_id: mem.id for mem in family.memberships}
    base = f"/families/{family.id}"
    child = family.children[0].id

    def on(item, when=None):
        day = (when or item.first_date).isoformat()
        return f"{base}/calendar/{item.id}", f"?day={day}"

    coming_url, coming_day = on(coming)
    past_url, past_day = on(past)
    asked_url, asked_day = on(asked)
    later = (coming.first_date + timedelta(days=1)).isoformat()
    return [
        (None, "/sign-in", {}),
        (None, "/join", {}),
        (None, (f"/join/{link}", "/join/accept"), {}),  # the link keeps the invitation
        (None, "/forgot-password", {}),
        (parent, "/account", {"display_name": "", "locale": None}),  # the language is kept
        (parent, "/account/password", {}),
        # What only a tampered or overlong post gives: WTForms' own messages.
        (parent, ("/account", "/account"), {"display_name": "x" * 200, "locale": "xx"}),
        (parent, (f"{base}/events/new", f"{base}/events/new"),
         {"day": "soon", "children": "one", "start": "noon"}),
        (parent, (f"{base}/calendar/new", f"{base}/calendar/new"), {"confirm_by": "soon"}),
        (parent, f"{base}/messages", {}),
        (parent, f"{base}/messages/{message.id}/edit", {f"m{message.id}-text": ""}),
        (resource_parent, f"{base}/messages/{message.id}/report", {}),
        (parent, f"{base}/photos/new", {}),
        (resource_parent, f"{base}/photos/{photo.id}/report", {}),
        (parent, f"{base}/events/new", {}),
        (parent, f"{base}/events/{event.id}/edit", {"title": ""}),
        (resource_parent, f"{base}/events/{event.id}/report", {}),
        (parent, f"{base}/calendar/new", {}),
        (parent, f"{coming_url}/change{coming_day}", {}),
        (parent, f"{coming_url}/cancel{coming_day}", {}),
        (resource_parent, f"{coming_url}/report", {}),
        (parent, f"{base}/children/{child}/about/bedtime", {}),
        (resource_parent, f"{base}/about/versions/{about.id}/report", {}),
        (parent, f"{base}/concerns/new", {}),
        (resource_parent, f"{base}/my-contact", {"phone": "not a phone"}),
        (caseworker, "/families/new", {}),
        (caseworker, f"{base}/children/new", {}),
        (caseworker, f"{base}/invitations/new", {}),
        (caseworker, f"{base}/people/{m[pending_member.id]}/decline", {}),
        (caseworker, f"{base}/people/{m[parent.id]}/suspend", {}),
        (caseworker, f"{base}/review-level", {}),
        (caseworker, f"{base}/family-time-levels/{m[parent.id]}", {}),
        (caseworker, f"{base}/messages/{message.id}/hide", {}),
        (caseworker, f"{base}/messages/{waiting.id}/decline", {}),
        (caseworker, f"{base}/photos/{photo.id}/hide", {}),
        (caseworker, f"{base}/events/{event.id}/hide", {}),
        (caseworker, f"{base}/about/versions/{about.id}/hide", {}),
        (caseworker, f"{asked_url}/decline{asked_day}", {}),
        (caseworker, f"{coming_url}/move{coming_day}", {"day": ""}),
        (caseworker, f"{coming_url}/following{coming_day}", {}),
        (caseworker, f"{past_url}/outcome{past_day}", {}),
        (caseworker, f"{past_url}/make-up{past_day}", {}),
        (caseworker, f"{base}/queue/message/{waiting.id}/decline", {}),
        (caseworker, f"{base}/queue/message/{message.id}/hide", {}),
        (caseworker, f"{base}/queue/message/{message.id}/talk", {}),
        (caseworker, f"{base}/concerns/{concern.id}/steps/new", {}),
        (caseworker, f"{base}/concerns/{concern.id}/resolve", {}),
        (admin, "/admin/caseworkers/new", {}),
        (admin, f"/admin/accounts/{caseworker.id}/turn-off", {}),
        (admin, "/admin/glossary/case-plan", {}),
    ], later


class Sender:
    """One person's browser sending forms, in one language."""

    def __init__(self, app, user, locale):
        self.client = app.test_client()
        self.client.set_cookie(LANGUAGE_COOKIE, locale)
        self.user, self.locale = user, locale
        if user is not None:
            self.client.post("/sign-in", data={"identifier": user.email or user.username,
                                               "password": factories.PASSWORD})

    def send(self, url, data):
        if self.user is not None:  # the account's language rules its pages
            self.user.locale = self.locale
            factories.db.session.commit()
        if isinstance(url, tuple):  # (a link to open first, the form it leads to)
            opened, url = url
            self.client.get(opened)
        data = {key: self.locale if value is None else value for key, value in data.items()}
        return self.client.post(url, data=data).get_data(as_text=True)


@pytest.mark.parametrize("locale", SHIPPED)
def test_forms_sent_empty_have_no_english_left(locale, app, db, family, caseworker, parent,
                                               resource_parent, pending_member,
                                               suspended_member, admin, glossary):
    """Every form sent empty, in English and in `locale`: the error summary and every field
    error are translated. (Error states are reached only by posting, so the page walk above
    cannot see them.) The people are this file's fixtures: a small world, quick to build."""
    forms, _later = forms_to_send(family, caseworker, parent, resource_parent, pending_member,
                                  suspended_member, admin)
    typed = Typed(db, locale)
    senders = {}
    untranslated, no_error, english_pages = {}, [], []
    for user, url, data in forms:
        pages = {}
        for language in ("en", locale):
            if (user, language) not in senders:
                senders[user, language] = Sender(app, user, language)
            pages[language] = senders[user, language].send(url, data)
        english_pages.append(pages["en"])
        if "Please fix what is marked below." not in pages["en"]:  # not an error state
            no_error.append(url)
            continue
        assert page_text(pages[locale]).lang == html_lang(locale), url
        if same := english_left(page_text(pages["en"]), page_text(pages[locale]), typed):
            untranslated[f"{locale} {url}"] = same
    assert no_error == [], "\n".join(no_error)
    said = html.unescape(" ".join(english_pages))
    for message in WTFORMS_SAYS:  # its own messages, reached
        assert message in said, message
    assert untranslated == {}, "\n".join(f"{form}: {texts}" for form, texts in
                                         untranslated.items())
