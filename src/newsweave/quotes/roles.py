"""Role words of a person's title or description ("Texas Gov.", "the N.C.A.A. president", "R-Ariz."), for
matching a description ("the Texas governor") to the person the article gave that role."""
from __future__ import annotations

import re

from anyascii import anyascii

from .name_words import TITLES, key


# Words of a role that are one unit ("vice president" is not "president").
_UNITS = {("vice", "president"): "vice-president", ("prime", "minister"): "prime-minister",
          ("chief", "justice"): "chief-justice", ("attorney", "general"): "attorney-general",
          ("vice", "chairman"): "vice-chairman", ("deputy", "director"): "deputy-director",
          ("press", "secretary"): "press-secretary", ("white", "house"): "white-house"}
_ROLE_ABBREV = {"gov": "governor", "sen": "senator", "rep": "representative", "gen": "general", "lt": "lieutenant",
                "col": "colonel", "capt": "captain", "sgt": "sergeant", "adm": "admiral", "atty": "attorney",
                "pres": "president", "supt": "superintendent", "cmdr": "commander", "congressman": "representative",
                "congresswoman": "representative", "lawmaker": "representative", "chairwoman": "chairman",
                "chair": "chairman", "spokeswoman": "spokesman", "spokesperson": "spokesman"}
# Modifiers a description may carry that a role need not ("the former vice president").
TIME_WORDS = {"former", "then", "ex", "current", "outgoing", "incoming", "new", "late", "longtime", "onetime", "acting"}
_STOP = {"the", "a", "an", "of", "for", "at", "in", "and", "'s", "’s", "-", ",", "."}
# US states as news style abbreviates them after a party letter ("R-Ariz.").
_STATES = {
    "ala": "alabama", "ariz": "arizona", "ark": "arkansas", "calif": "california", "colo": "colorado",
    "conn": "connecticut", "del": "delaware", "fla": "florida", "ga": "georgia", "ill": "illinois", "ind": "indiana",
    "kan": "kansas", "ky": "kentucky", "la": "louisiana", "md": "maryland", "mass": "massachusetts",
    "mich": "michigan", "minn": "minnesota", "miss": "mississippi", "mo": "missouri", "mont": "montana",
    "neb": "nebraska", "nev": "nevada", "n.h": "new hampshire", "n.j": "new jersey", "n.m": "new mexico",
    "n.y": "new york", "n.c": "north carolina", "n.d": "north dakota", "okla": "oklahoma", "ore": "oregon",
    "pa": "pennsylvania", "r.i": "rhode island", "s.c": "south carolina", "s.d": "south dakota",
    "tenn": "tennessee", "vt": "vermont", "va": "virginia", "wash": "washington", "w.va": "west virginia",
    "wis": "wisconsin", "wyo": "wyoming"}
_PARTY = re.compile(r"\(?\b([RDI])[-–]\s?([A-Z][A-Za-z.]{1,12})")


def role_words(words: list[str]) -> list[str]:
    """Lower-case role words of a title or description: abbreviations spelt out, units joined."""
    out: list[str] = []
    for w in words:
        k = anyascii(w).lower().strip(".,")
        if not k or k in _STOP:
            continue
        k = _ROLE_ABBREV.get(k, k)
        if out and (out[-1], k) in _UNITS:
            out[-1] = _UNITS[(out[-1], k)]
            continue
        out.append(k)
    return out


def roles_of(doc, text: str, ent, root) -> set[str]:
    """Title words before a name ("Texas Gov. Rick Perry") and its apposition ("Mark Emmert, the
    N.C.A.A. president", "the N.C.A.A. president, Mark Emmert", "John Doe, R-Ariz.")."""
    words = [t.text for t in ent if key(t.text) in TITLES]
    i = ent.start - 1
    while i >= 0 and ent.start - i <= 6:
        t = doc[i]
        if t.is_space or t.dep_ in ("poss", "det", "case", "punct", "cc") or t.text in ("'s", "’s") \
                or t.pos_ not in ("PROPN", "NOUN", "ADJ") or "\n" in t.text:
            break
        words.insert(0, t.text)
        i -= 1
    appos = [c for c in root.children if c.dep_ == "appos" and c.i > root.i]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < ent.start:
        appos.append(root.head)
    for a in appos[:1]:
        words += [t.text for t in a.subtree if t.i != root.i and not (ent.start <= t.i < ent.end)][:12]
    after = text[ent.end_char:ent.end_char + 20]
    m = _PARTY.match(after.lstrip(" ,"))
    if m:
        words += ["republican" if m.group(1) == "R" else "democrat" if m.group(1) == "D" else "independent",
                  _STATES.get(m.group(2).lower().rstrip("."), m.group(2))]
    return set(role_words(words)) - TIME_WORDS
