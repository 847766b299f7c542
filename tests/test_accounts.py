"""Sign-in limits by account, device cookies, context words, first passwords and lookups."""

import pytest

from app.auth import services
from app.models import User
from tests import factories

PASSWORD = factories.PASSWORD


def _client(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _sign_in(client, identifier, password=PASSWORD):
    return client.post("/sign-in", data={"identifier": identifier, "password": password})


# 1. Changing a password: only a wrong current password is a guess.


def test_new_passwords_refused_as_too_easy_do_not_lock_the_person_out(app, client, auth, parent):
    auth.login(parent)
    client.delete_cookie(app.config["DEVICE_COOKIE_NAME"])  # counted like any browser
    easy = {"current_password": PASSWORD, "password": "password123", "confirm": "password123"}
    for _ in range(7):
        response = client.post("/account/password", data=easy)
        assert response.status_code == 200
        assert b"too easy to guess" in response.data
    assert _sign_in(app.test_client(), parent.email).status_code == 303


def test_wrong_current_passwords_still_count(app, client, auth, parent):
    auth.login(parent)
    client.delete_cookie(app.config["DEVICE_COOKIE_NAME"])
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    wrong = {"current_password": "not it at all", "password": "a new long one",
             "confirm": "a new long one"}
    for _ in range(3):
        assert client.post("/account/password", data=wrong).status_code == 200
    assert _sign_in(app.test_client(), parent.email).status_code == 429


# 2. Counts are per account, however it is named.


@pytest.mark.parametrize("limit", ["SIGN_IN_LIMIT_PER_ACCOUNT", "SIGN_IN_LIMIT_PER_ACCOUNT_DAILY"])
def test_email_and_username_share_one_count(app, limit):
    factories.make_user(email="kim@example.org", username="kim")
    app.config[limit] = "4 per 15 minutes"
    names = ["kim", "kim@example.org", " KIM ", "Kim@Example.org"]
    for n, name in enumerate(names):
        assert _sign_in(_client(app, f"203.0.113.{n}" if "DAILY" in limit else "203.0.113.1"),
                        name, "guess guess").status_code == 200
    for name in ("kim", "kim@example.org"):
        assert _sign_in(_client(app, "203.0.113.1"), name, PASSWORD).status_code == 429


def test_guessing_unknown_names_is_limited_by_the_text(app):
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    client = app.test_client()
    for typed in ("nobody", "NOBODY"):
        assert _sign_in(client, typed, "guess guess").status_code == 200
    assert _sign_in(client, "nobody", "guess guess").status_code == 429
    assert _sign_in(client, "somebody-else", "guess guess").status_code == 200


# 3. Lookups compare the stored (normalized) names directly, so the unique indexes are used.


def test_lookups_do_not_wrap_the_column_in_lower(db, count_queries, resource_parent):
    with count_queries() as counted:
        assert services.find_user("  ROSA ") == resource_parent
        assert services.identifier_taken("Rosa@Example.org", "ROSA")
    assert counted.count == 2
    assert not any("lower(" in statement.lower() for statement in counted.statements)
    if db.engine.dialect.name == "sqlite":
        plan = db.session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + counted.statements[0], ("rosa", "rosa")
        ).all()
        details = " ".join(str(row[-1]) for row in plan)
        assert "INDEX" in details and "SCAN users" not in details


def test_every_write_stores_names_normalized(db, parent):
    parent.email = "  Dana.Rivera@Example.ORG "
    parent.username = " DanaR "
    db.session.commit()
    assert (parent.email, parent.username) == ("dana.rivera@example.org", "danar")
    assert services.find_user("DANAR") == parent


# 4. Device cookies: guessing from many addresses cannot lock the owner's own browser out.


@pytest.fixture
def spent_daily_ceiling(app, parent):
    """The owner signed in on their phone once; then 20 addresses spend the daily ceiling."""
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT_DAILY"] = "10 per day"
    owner = _client(app, "198.51.100.7")
    assert _sign_in(owner, parent.email).status_code == 303
    owner.post("/sign-out")
    for n in range(20):
        _sign_in(_client(app, f"203.0.113.{n}"), parent.email, "guess guess")
    return owner


def test_the_owners_browser_gets_through_a_spent_daily_ceiling(app, parent, spent_daily_ceiling):
    stranger = _client(app, "198.51.100.7")  # same address, but never signed in here
    assert _sign_in(stranger, parent.email).status_code == 429
    response = _sign_in(spent_daily_ceiling, parent.email)
    assert response.status_code == 303
    assert spent_daily_ceiling.get("/account").status_code == 200


def test_a_forged_or_other_accounts_device_cookie_gives_no_pass(app, parent,
                                                                spent_daily_ceiling):
    name = app.config["DEVICE_COOKIE_NAME"]
    forged = _client(app, "198.51.100.8")
    forged.set_cookie(name, "eyJ1c2VyIjogMn0.forged.signature")
    assert _sign_in(forged, parent.email).status_code == 429
    other_person = factories.make_user()
    shared = _client(app, "198.51.100.9")
    assert _sign_in(shared, other_person.email).status_code == 303
    shared.post("/sign-out")
    assert shared.get_cookie(name) is not None
    assert _sign_in(shared, parent.email).status_code == 429


def test_a_device_that_keeps_failing_loses_its_pass(app, parent, spent_daily_ceiling):
    app.config["SIGN_IN_LIMIT_PER_DEVICE"] = "3 per 15 minutes"
    for _ in range(3):
        assert _sign_in(spent_daily_ceiling, parent.email, "guess guess").status_code == 200
    assert _sign_in(spent_daily_ceiling, parent.email).status_code == 429


def test_the_device_cookie_is_signed_httponly_and_lax(client, app, parent):
    response = _sign_in(client, parent.email)
    header = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith(app.config["DEVICE_COOKIE_NAME"] + "="))
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
    assert PASSWORD not in header and parent.email not in header


def test_in_production_the_device_cookie_is_host_only_and_secure(make_app, app, parent):
    from app.config import ProductionConfig

    assert ProductionConfig.DEVICE_COOKIE_NAME.startswith("__Host-")
    secure = make_app(DEVICE_COOKIE_NAME=ProductionConfig.DEVICE_COOKIE_NAME,
                      DEVICE_COOKIE_SECURE=ProductionConfig.DEVICE_COOKIE_SECURE)
    with secure.app_context():
        response = secure.test_client().post(
            "/sign-in", data={"identifier": parent.email, "password": PASSWORD},
            base_url="https://localhost",
        )
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("__Host-"))
    assert "Secure" in header and "Domain" not in header and "Path=/" in header


# 6. A first password chosen by an admin is changed before anything else.


def test_must_change_password_allows_only_a_few_pages(client, auth, caseworker, db, family):
    caseworker.must_change_password = True
    db.session.commit()
    auth.login(caseworker)
    for path in ("/", f"/families/{family.id}", "/account", "/families/new"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/account/password"
    response = client.get(f"/families/{family.id}", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == "/account/password"
    assert client.get("/account/password").status_code == 200
    with client.get("/static/css/hearth.css") as response:
        assert response.status_code == 200
    assert client.post("/language", data={"locale": "es", "next": "/"}).status_code == 303
    client.post("/account/password", data={"current_password": PASSWORD,
                                           "password": "my own quiet garden",
                                           "confirm": "my own quiet garden"})
    assert caseworker.must_change_password is False
    assert client.get("/account").status_code == 200


def test_the_first_password_cannot_be_changed_to_itself(client, auth, caseworker, db):
    """The admin chose it and has seen it: typing it again as the new one changes nothing."""
    caseworker.must_change_password = True
    db.session.commit()
    auth.login(caseworker)
    response = client.post("/account/password", data={"current_password": PASSWORD,
                                                      "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 200
    assert "Please choose a new password, not the one you have now." in response.get_data(
        as_text=True)
    assert caseworker.must_change_password is True
    assert client.get("/account").headers["Location"] == "/account/password"


def test_the_password_page_says_why_every_time_it_is_shown(client, auth, caseworker, db):
    """The redirect's flash shows once; a reload (or a new language) must still say why."""
    caseworker.must_change_password = True
    db.session.commit()
    auth.login(caseworker)
    why = "Please choose your own password before you go on."
    first = client.get("/families", follow_redirects=True).get_data(as_text=True)
    assert first.count(why) == 1  # the flash, not the flash and the page's own notice
    assert why in client.get("/account/password").get_data(as_text=True)
    client.post("/language", data={"locale": "es", "next": "/account/password"})
    assert "Antes de seguir, elija su propia contraseña." in client.get(
        "/account/password").get_data(as_text=True)
    caseworker.must_change_password = False
    db.session.commit()
    assert "Antes de seguir" not in client.get("/account/password").get_data(as_text=True)


def test_an_admin_made_on_the_command_line_keeps_their_password(runner, db):
    result = runner.invoke(
        args=["create-admin", "--email", "boss@agency.example", "--name", "Boss"],
        input="a sturdy long passphrase\na sturdy long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(User.must_change_password)) is False


def test_demo_people_can_sign_in_without_changing_passwords(demo, db, client):
    from app.demo import DEMO_PASSWORD

    assert not db.session.scalars(db.select(User).filter_by(must_change_password=True)).all()
    _sign_in(client, "sam@demo.hearth.example", DEMO_PASSWORD)
    assert client.get("/account").status_code == 200


# 5. Context words: the product's, the agency's and the person's own names.

DANA = ["Dana Rivera", "Dana", "dana.rivera@example.org", ""]
ROSA = ["Rosa Martínez", "Rosa", "", "rosa"]


@pytest.mark.parametrize(
    ("password", "words", "refused"),
    [
        ("hearth2026", [], True),
        ("Hearth!2026", [], True),
        ("HEARTH hearth 1", [], True),
        ("dana1234", DANA, True),
        ("Rivera-Dana-2026", DANA, True),
        ("rosa.rosa", ROSA, True),
        ("martinez99", ROSA, True),
        ("Lakeside2026", [], True),  # the agency's name, set below
        ("correct horse battery staple", DANA, False),
        ("hearth demo 2026", [], False),  # long, and "demo" is left: the demo password
        ("blue kettle morning walk", ROSA, False),
        ("12345678901234", [], False),  # no name in it: other rules judge it
    ],
)
def test_passwords_built_from_context_words_are_refused(app, password, words, refused):
    from app.passwords import is_built_from_context

    app.config["AGENCY_NAME"] = "Lakeside County"
    assert is_built_from_context(password, words) is refused


def test_a_person_cannot_make_their_password_from_their_own_name(client, auth, parent):
    auth.login(parent)
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "password": "Dana Rivera 2026",
        "confirm": "Dana Rivera 2026"})
    assert b"it uses a name" in response.data
    assert services.check_password(parent, PASSWORD)


def test_the_join_form_knows_the_joiners_words(app):
    from app.joining.forms import NewAccountForm

    data = {"display_name": "Tomás Ortega", "preferred_name": "", "locale": "en",
            "username": "tortega", "password": "ortega2026", "confirm": "ortega2026"}
    with app.test_request_context(method="POST", data=data):
        form = NewAccountForm()
        assert not form.validate()
        assert any("uses a name" in str(error) for error in form.password.errors)


def test_an_admin_cannot_give_a_caseworker_their_own_name_as_password(client, auth, admin):
    auth.login(admin)
    response = client.post("/admin/caseworkers/new", data={
        "display_name": "Jordan Diaz", "preferred_name": "", "email": "jordan@agency.example",
        "password": "Jordan.Diaz.1"})
    assert b"it uses a name" in response.data
    assert services.find_user("jordan@agency.example") is None


def test_create_admin_refuses_a_password_made_of_names(runner, db):
    result = runner.invoke(
        args=["create-admin", "--email", "boss@agency.example", "--name", "Boss"],
        input="Hearth!2026\nHearth!2026\n",
    )
    assert result.exit_code != 0 and "built from a name" in result.output
    assert db.session.scalar(db.select(User)) is None


# 8. Sign out from any signed-in page.


def test_every_signed_in_page_has_a_sign_out_button(client, auth, parent, family):
    assert b'action="/sign-out"' not in client.get("/sign-in").data
    auth.login(parent)
    for path in ("/", f"/families/{family.id}", "/account"):
        page = client.get(path, follow_redirects=True).get_data(as_text=True)
        header = page.split('<header class="site-header">')[1].split("</header>")[0]
        assert 'action="/sign-out"' in header and 'name="csrf_token"' in header


def test_the_device_cookie_is_signed_with_sha256_and_survives_a_key_rotation(client, app,
                                                                             parent):
    import hashlib

    from itsdangerous import BadSignature, URLSafeTimedSerializer

    from app.auth.throttle import DEVICE_COOKIE_SALT, device_nonce_for

    _sign_in(client, parent.email)
    value = client.get_cookie(app.config["DEVICE_COOKIE_NAME"]).value
    old_key = app.config["SECRET_KEY"]
    sha256 = URLSafeTimedSerializer(old_key, salt=DEVICE_COOKIE_SALT,
                                    signer_kwargs={"digest_method": hashlib.sha256})
    assert sha256.loads(value)["user"] == parent.id
    with pytest.raises(BadSignature):
        URLSafeTimedSerializer(old_key, salt=DEVICE_COOKIE_SALT).loads(value)  # SHA-1
    app.config.update(SECRET_KEY="a-new-key-after-rotation-0123456789abcdef",
                      SECRET_KEY_FALLBACKS=[old_key])
    cookie = f"{app.config['DEVICE_COOKIE_NAME']}={value}"
    with app.test_request_context(headers={"Cookie": cookie}):
        assert device_nonce_for(parent.id) is not None
    app.config["SECRET_KEY_FALLBACKS"] = []
    with app.test_request_context(headers={"Cookie": cookie}):
        assert device_nonce_for(parent.id) is None


def test_a_new_password_ends_every_devices_pass(app, parent, spent_daily_ceiling):
    """A lost phone stops counting as the owner's once the password changes elsewhere."""
    from app.auth.services import change_password

    with app.test_request_context():
        change_password(parent, "a brand new password for dana")
    assert _sign_in(spent_daily_ceiling, parent.email,
                    "a brand new password for dana").status_code == 429


def test_a_turned_off_account_has_no_device_pass(app, parent, admin, spent_daily_ceiling):
    from app.admin.services import deactivate

    deactivate(parent, actor=admin, reason="Moved away")
    # The pass would let this phone reach the password check; without it, the spent ceiling.
    assert _sign_in(spent_daily_ceiling, parent.email).status_code == 429


def test_changing_the_password_gives_this_browser_a_new_pass(app, parent, spent_daily_ceiling):
    phone = spent_daily_ceiling
    assert _sign_in(phone, parent.email).status_code == 303
    response = phone.post("/account/password", data={
        "current_password": PASSWORD, "password": "a brand new password for dana",
        "confirm": "a brand new password for dana"})
    assert response.status_code == 303
    phone.post("/sign-out")
    assert _sign_in(phone, parent.email, "a brand new password for dana").status_code == 303
