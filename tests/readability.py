"""The reading-grade formula the glossary's English must pass (Flesch-Kincaid, pyphen syllables).

The formula given to the people writing the words, with a syllable count that can only be
stricter (see `syllables_in`).
"""

import re

import pyphen

_DICTIONARY = pyphen.Pyphen(lang="en_US")
MAX_GRADE = 6


def grade(text: str) -> float:
    sentences = max(1, len(re.findall(r"[.!?]+", text)))
    words = re.findall(r"[A-Za-z']+", text)
    syllables = sum(syllables_in(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


def syllables_in(word: str) -> int:
    """Pyphen's hyphenation points miss some syllables ("parental", "video", "area" come out
    as one), so take the larger of them and a count of vowel groups (a final silent e not
    counted): the test may only ever be stricter than the brief's formula."""
    lower = word.lower()
    groups = len(re.findall(r"[aeiouy]+", lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee")) and groups > 1:
        groups -= 1
    return max(len(_DICTIONARY.positions(word)) + 1, groups, 1)
