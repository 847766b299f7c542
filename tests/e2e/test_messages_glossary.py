"""The thread's words explained, on phones: a message that says "case plan" shows its meaning
when tapped, in the reader's language (Dana in English, Rosa in Spanish), with JavaScript and
without; and while writing "bio mom" a gentle hint appears under the box, in the writer's language.
"""

from __future__ import annotations

import tomllib
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.server import PROJECT_ROOT
from tests.e2e.test_messages import open_thread, write
from tests.e2e.ui import KIN_CAREGIVER, PARENT, resume_session

TERMS = {
    term["key"]: term
    for term in tomllib.loads((PROJECT_ROOT / "app/data/glossary.toml").read_text())["term"]
}
WORDS = {
    "en": {"heading": "Messages", "box": "Your message", "send": "Send",
           "text": "We can go over the case plan after family time.", "term": "case plan",
           "typed": "Her bio mom called", "hint": "You wrote “bio mom”"},
    "es": {"heading": "Mensajes", "box": "Su mensaje", "send": "Enviar",
           "text": "Podemos ver el plan del caso después del tiempo en familia.",
           "term": "plan del caso",
           "typed": "La mamá biológica llamó", "hint": "mamá biológica"},
}


def rivera_thread(page: Page, account, heading: str) -> None:
    resume_session(page, account)
    page.goto("/families")
    page.get_by_role("link", name="The Rivera family", exact=True).click()
    open_thread(page, heading)


@pytest.mark.parametrize(("account", "javascript"), [
    (PARENT, True), (KIN_CAREGIVER, True), (KIN_CAREGIVER, False), (PARENT, False),
], ids=["dana-js", "rosa-js", "rosa-nojs", "dana-nojs"])
def test_a_word_in_a_message_is_explained_in_the_readers_language(open_page, check, account,
                                                                    javascript):
    locale = account.locale
    words = WORDS[locale]
    tag = uuid.uuid4().hex[:6]
    name = f"msg-glossary-{account.name.lower()}-{'js' if javascript else 'nojs'}"
    page = open_page("phone", javascript=javascript)
    rivera_thread(page, account, words["heading"])
    text = f"{words['text']} [{tag}]"
    write(page, words["box"], words["send"], text)
    message = page.locator(".thread li", has_text=tag)
    expect(message).to_be_visible()
    term = message.get_by_role("button", name=words["term"])
    term.tap()
    meaning = page.get_by_role("dialog")
    expect(meaning).to_be_visible()
    expect(meaning).to_contain_text(TERMS["case-plan"][locale]["definition"])
    expect(meaning).to_contain_text(TERMS["case-plan"][locale]["for_you"])
    check(page, f"{name}-meaning-open")


@pytest.mark.parametrize("account", [PARENT, KIN_CAREGIVER], ids=["dana", "rosa"])
def test_a_gentle_hint_appears_while_typing_a_hurtful_word(open_page, check, account):
    words = WORDS[account.locale]
    page = open_page("phone")
    rivera_thread(page, account, words["heading"])
    box = page.get_by_label(words["box"], exact=True)
    box.press_sequentially(words["typed"], delay=30)
    hints = page.locator("#writing-hints")
    expect(hints).to_contain_text(words["hint"], timeout=5_000)
    check(page, f"msg-hint-{account.name.lower()}")
    # The hint never blocks: the message is sent as written.
    tag = uuid.uuid4().hex[:6]
    box.press_sequentially(f" [{tag}]")
    page.get_by_role("button", name=words["send"], exact=True).click()
    expect(page.locator("#thread-latest")).to_contain_text(tag)
    expect(hints).not_to_contain_text(words["hint"])
