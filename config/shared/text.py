"""Text typed by people: what counts as something to read."""

import unicodedata

# Characters that show nothing: controls, format characters (the zero-width space and
# joiners, the byte order mark, direction marks), spaces and separators, and a few letters
# and symbols drawn blank (the Hangul fillers, the braille blank).
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
_DRAWN_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _invisible(character: str) -> bool:
    return character in _DRAWN_BLANK or unicodedata.category(character) in _INVISIBLE_CATEGORIES


def visible_text(text: str) -> str:
    """The text without the invisible characters around it: "" when nothing shows."""
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]
