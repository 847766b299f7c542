"""The reading-grade formula the glossary's English must pass (Flesch-Kincaid, pyphen syllables).

Kept exactly as given to the people writing the words (briefs/GDATA.md), so they can check their
text with the same numbers the test uses.
"""

import re

import pyphen

_DICTIONARY = pyphen.Pyphen(lang="en_US")
MAX_GRADE = 6


def grade(text: str) -> float:
    sentences = max(1, len(re.findall(r"[.!?]+", text)))
    words = re.findall(r"[A-Za-z']+", text)
    syllables = sum(len(_DICTIONARY.positions(w)) + 1 for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59
