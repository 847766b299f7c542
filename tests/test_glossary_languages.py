"""Glossary marking in every shipped language: Chinese has no spaces, Arabic writes the article
and "and" onto the next word, Vietnamese tone marks tell words apart; and whatever language a
message is written in, the meaning shows in the reader's."""

import pytest

from app.glossary.marking import Matcher
from app.rich_text import render_text

# One sentence per language, each with that language's words for "case plan" and "family time"
# (the names in app/data/glossary-<locale>.toml), written as a parent would.
SENTENCES = {
    "en": "We talked about the case plan and more family time.",
    "es": "Hablamos del plan del caso y de más tiempo en familia.",
    "zh_Hans": "我们谈了个案计划，还有更多的家庭时间。",
    "vi": "Chúng tôi đã nói về kế hoạch hồ sơ và thêm thời gian gia đình.",
    "ar": "تحدثنا عن خطة الحالة وعن وقت العائلة.",
    "ht": "Nou pale sou plan ka a ak plis tan fanmi.",
    "so": "Waxaan ka hadalnay qorshaha kiiska iyo waqtiga qoyska.",
}


def found(matcher, text):
    return [(text[f.start:f.end], f.target) for f in matcher.find(text)]


@pytest.mark.parametrize("locale", SENTENCES)
def test_a_message_in_each_language_marks_its_terms(glossary, locale):
    keys = [f.target.key for f in glossary.term_matcher.find(SENTENCES[locale])]
    assert keys == ["case-plan", "family-time"], locale


@pytest.mark.parametrize(("writer", "reader"), [
    ("vi", "en"), ("en", "vi"), ("zh_Hans", "es"), ("ar", "ht"), ("so", "ar"), ("ht", "zh_Hans"),
])
def test_the_meaning_shows_in_the_readers_language(app, glossary, writer, reader):
    definition = glossary.by_key["case-plan"].text(reader).definition
    with app.test_request_context(headers={"Accept-Language": reader.replace("_", "-")}):
        page = str(render_text(SENTENCES[writer], explain=True))
    # The popover's words are the reader's (escaped as the page writes them).
    assert definition.replace("'", "&#39;").replace('"', "&#34;") in page


def test_chinese_is_found_inside_a_sentence_without_spaces():
    matcher = Matcher()
    matcher.add(["个案计划"], "plan")
    assert found(matcher, "请看个案计划。个案计划很重要") == [("个案计划", "plan")] * 2
    assert found(matcher, "个案计") == []  # part of a form is not the form


def test_spaced_languages_still_match_whole_words_only():
    matcher = Matcher()
    matcher.add(["case plan", "CASA"], "plan")
    assert found(matcher, "showcase planning") == []
    assert found(matcher, "CASA的志愿者") == [("CASA", "plan")]  # an acronym before Chinese


@pytest.mark.parametrize(("text", "word"), [
    ("سألت المحامي اليوم", "المحامي"),  # the article
    ("والمحامي قال", "والمحامي"),  # "and" + the article
    ("تكلمت مع محامي العائلة", "محامي"),  # no article
    ("للمحامي رأي", "للمحامي"),  # "for" + the article, written "لل"
    ("المُحامِي", "المُحامِي"),  # with short vowels
])
def test_arabic_finds_a_word_with_its_article_or_a_joined_and(text, word):
    matcher = Matcher()
    matcher.add(["محامي"], "lawyer")
    assert found(matcher, text) == [(word, "lawyer")]


def test_arabic_forms_written_with_the_article_match_without_it_and_with_a_joined_and():
    matcher = Matcher()
    matcher.add(["خطة الحالة"], "plan")
    assert found(matcher, "وخطة الحالة") == [("وخطة الحالة", "plan")]
    assert found(matcher, "خطه الحاله") == [("خطه الحاله", "plan")]  # ة typed as ه
    matcher.add(["الأم البيولوجية"], "bio-mom")
    assert found(matcher, "والأم البيولوجية") == [("والأم البيولوجية", "bio-mom")]
    assert found(matcher, "أم البيولوجية") == [("أم البيولوجية", "bio-mom")]


def test_an_arabic_word_that_only_begins_like_and_is_read_as_written():
    matcher = Matcher()
    matcher.add(["والد"], "father")  # "father": its first letter is و, not "and"
    matcher.add(["الد"], "other")
    assert found(matcher, "والد الطفل") == [("والد", "father")]


def test_vietnamese_tone_marks_tell_words_apart():
    matcher = Matcher()
    matcher.add(["mẹ tồi"], "bad-mother", accents_matter=["mẹ tồi"])
    assert found(matcher, "Mẹ tồi lắm") == [("Mẹ tồi", "bad-mother")]
    assert found(matcher, "mẹ tôi đến rồi") == []  # "my mother"
    # Typed with decomposed marks (some keyboards do), it is the same word.
    assert found(matcher, "me\u0323 tô\u0300i") == [("me\u0323 tô\u0300i", "bad-mother")]


def test_spanish_and_english_still_match_without_accents_and_d_stands_for_đ():
    matcher = Matcher()
    matcher.add(["reunificación"], "reunification")
    matcher.add(["gia đình"], "family")  # a language where accents do not matter here
    assert found(matcher, "la reunificacion") == [("reunificacion", "reunification")]
    assert found(matcher, "gia dinh") == [("gia dinh", "family")]
