"""Speakers' names as written in quotes' attributions: the surname of a name (titles aside) and whether
two names are one person."""
from __future__ import annotations

import re

from rapidfuzz import fuzz


_NAME_WORD = re.compile(r"[A-Z][\w'’-]+")
TITLES = {"Mr", "Mrs", "Ms", "Dr", "President", "Sen", "Senator", "Rep", "Gov", "Governor", "Judge", "Justice",
          "General", "Gen", "Minister", "Mayor", "Secretary", "Speaker", "Chairman", "Chief", "Prime", "The"}


def name_words(name: str) -> list[str]:
    """The capitalised words of a name that are not titles ("President Donald Trump" -> Donald, Trump)."""
    return [w for w in _NAME_WORD.findall(name or "") if w.rstrip(".") not in TITLES]


def surname(name: str) -> str | None:
    """The last capitalised word of a person's name that is not a title ("President Trump" -> "Trump")."""
    words = name_words(name)
    return words[-1] if words else None


def same_person(a: str, b: str) -> bool:
    """Two written names of one person: their surnames alike ("Jim Mattis" and "Mattis")."""
    x, y = surname(a), surname(b)
    return bool(x and y and fuzz.ratio(x.lower(), y.lower()) >= 80.0)
