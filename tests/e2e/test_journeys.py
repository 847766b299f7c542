"""The invite → join → approve → family → Spanish → sign out journey, with JavaScript on."""

import pytest

from tests.e2e.journeys import NewFamily, invite_join_approve


@pytest.mark.parametrize(
    ("caseworker_device", "new"),
    [
        pytest.param(
            "phone",
            NewFamily(
                tag="journey-phone", family_name="The Okafor family", child_name="Tomi",
                parent_full_name="Adaeze Okafor", parent_name="Ada",
                parent_email="ada.okafor@example.org",
            ),
            id="caseworker-on-phone",
        ),
        pytest.param(
            "desktop",
            NewFamily(
                tag="journey-desktop", family_name="The Haddad family", child_name="Yara",
                parent_full_name="Leila Haddad", parent_name="Leila",
                parent_email="leila.haddad@example.org",
            ),
            id="caseworker-on-desktop",
        ),
    ],
)
def test_invite_join_approve_then_spanish_and_sign_out(open_page, check, caseworker_device, new,
                                                       live_server):
    result = invite_join_approve(open_page, check, new, caseworker_device=caseworker_device)
    # gunicorn's access log (gunicorn.conf.py) saw GET /join/<code>, and wrote it redacted.
    log = live_server.log_tail(lines=100_000)
    assert "GET /join/[code] HTTP/1.1" in log, "the link's request line is not in the log"
    assert result.invitation_code not in log, "an invitation code was written to the log"
    assert result.invitation_code.replace("-", "") not in log
    assert result.invitation_link not in log, "an invitation link's token was written to the log"
    if result.soft_failures:
        pytest.fail("\n".join(result.soft_failures))
