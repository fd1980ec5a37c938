"""Figures of two articles compared: the counted noun's head, qualifiers ("more than", "up to") that let
two values agree, additions and ranks and vague amounts that are not compared, and figures too far
apart to be one quantity."""
from __future__ import annotations

import re
from typing import Any

from .sentences import Sentence


SKIP_KINDS = {"date", "year"}
_ABOVE = {"more than", "over", "at least", "upwards of", "in excess of", "nearly more than"}
_BELOW = {"less than", "under", "just under", "fewer than", "up to", "as many as", "nearly", "almost", "at most", "no more than"}
ALL_OF = re.compile(r"\b(?:all|every|each)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?((?:[a-z][\w-]*\s+){0,2}?([a-z][\w-]*))\b")
STOP_HEADS = {"age", "times", "things", "ways"}
_PEOPLE = {"people", "person", "resident", "villager", "inhabitant", "civilian", "citizen", "individual"}


def counted_head(counted: str | None) -> str | None:
    """The counted noun's head, singular; nouns for people in general are one head ("residents", "people")."""
    if not counted:
        return None
    words = re.findall(r"[a-z]+", counted.lower())
    if not words:
        return None
    w = words[-1]
    if w in ("people", "persons"):
        return "people"
    singular = _singular(w)
    return "people" if singular in _PEOPLE else singular


def _singular(w: str) -> str:
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("es") and w[:-2].endswith(("ch", "sh", "x", "ss")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _direction(qualifier: str | None) -> str | None:
    q = (qualifier or "").lower()
    return "above" if q in _ABOVE else "below" if q in _BELOW else None


_INCREMENT_AFTER = re.compile(r"\s*(?:more|other|additional|extra|further|new|remaining|fewer|less)\b", re.I)
_INCREMENT_BEFORE = re.compile(r"\b(?:another|an additional|a further|an extra)\s*$", re.I)


def is_increment(n: dict[str, Any], s: Sentence) -> bool:
    """"two more debates", "another 300 troops": an addition to a total, not the total."""
    text = n.get("text") or ""
    at = s.text.find(text)
    if at < 0:
        return False
    number = re.match(r"[\d.,]+|[a-z-]+", text.split(" ", 1)[0] if text else "", re.I)
    end = at + (number.end() if number else 0)
    return bool(_INCREMENT_AFTER.match(s.text, end) or _INCREMENT_BEFORE.search(s.text[:at]))


def far_apart(a: dict[str, Any], b: dict[str, Any], max_ratio: float) -> bool:
    """Figures further apart than ``max_ratio`` count different things ("at least 240 seats", "nearly 60 seats")."""
    va, vb = abs(float(a["value"])), abs(float(b["value"]))
    return min(va, vb) > 0 and max(va, vb) / min(va, vb) > max_ratio


def agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    va, vb = float(a["value"]), float(b["value"])
    if abs(va - vb) <= 0.01 * max(abs(va), abs(vb), 1e-9):
        return True
    if _direction(a.get("qualifier")) and _direction(a.get("qualifier")) == _direction(b.get("qualifier")):
        return False  # two bounds the same way ("up to 1.6 million", "as many as 1.5 million") name different figures
    for x, y in ((a, b), (b, a)):
        q = (x.get("qualifier") or "").lower()
        vx, vy = float(x["value"]), float(y["value"])
        if q in _ABOVE and vy >= vx or q in _BELOW and vy <= vx:
            return True
    vague = {"at least"}
    if (a.get("qualifier") in vague) != (b.get("qualifier") in vague) and max(va, vb) >= 1000:
        return True  # "thousands" against a figure in the thousands
    return False


def told_alike(claim: dict[str, Any], other: Sentence) -> bool:
    """The other sentence also gives a figure of the same kind and noun that agrees with ``claim``
    ("Fifteen of the 19 hijackers" against "the 19 hijackers")."""
    head = counted_head(claim.get("counted"))
    return any(n.get("kind") == claim.get("kind") and (counted_head(n.get("counted")) in (head, None)) and agree(claim, n)
               for n in other.numbers)


_RANK = re.compile(r"^\s*(?:no\.|number|#)\s*\d", re.I)
_VAGUE = re.compile(r"^\s*(?:\w+\s+)?(?:dozens|hundreds|thousands|millions|billions|scores)\b", re.I)


def comparable(n: dict[str, Any], s: Sentence) -> bool:
    """A figure that states a quantity: not a rank ("No. 2"), not a vague amount ("thousands of")."""
    text = n.get("text") or ""
    at = s.text.find(text)
    before = s.text[max(0, at - 4):at] if at >= 0 else ""
    return (isinstance(n.get("value"), (int, float)) and not _RANK.match(text) and not _RANK.match(before + text)
            and not _VAGUE.match(text))


def age_subject(n: dict[str, Any]) -> str | None:
    m = re.match(r"\s*(.+?),\s*\d", n["text"])
    return m.group(1).split()[-1].lower() if m else None
