"""Short forms of one article's names: a surname alone ("Surovikin", "Mr Shoigu") or a first name
alone takes the full name of the person it refers to, a nickname its owner's name, and an
organisation's short form ("the Saints") the one longer name made of a place or nationality followed
by it ("New Orleans Saints")."""
from __future__ import annotations

from .candidates import PLACE, Candidate
from .names import PERSON_TITLES, SURNAME_PARTICLES, _DEMONYM, translit_key, translit_token, without_suffix


def resolve_org_short_forms(mentions: list[Candidate]) -> None:
    """An organisation's short form ("Saints", "the Navy") takes the article's one longer organisation name
    made of a place or nationality named in the article followed by it ("New Orleans Saints", "Indian Navy")."""
    places = {translit_key(c.name) for c in mentions if c.label in PLACE or c.label == "NORP"}
    orgs = [c for c in mentions if c.label == "ORG" and len(c.name.split()) >= 2]
    for c in mentions:
        if c.label != "ORG":
            continue
        toks = [translit_token(w) for w in c.name.split()]
        longer = set()
        for o in orgs:
            words = o.name.split()
            if len(words) <= len(toks) or [translit_token(w) for w in words[-len(toks):]] != toks:
                continue
            prefix = words[:-len(toks)]
            if translit_key(" ".join(prefix)) in places or (len(prefix) == 1 and _DEMONYM.match(prefix[0])):
                longer.add(o.name)
        if len(longer) == 1:
            c.name = longer.pop()


def _name_keys(name: str) -> list[str]:
    """Token keys of a person's name without a generational suffix ("Arcade Comeaux Jr." -> arcade, comeaux)."""
    return without_suffix([translit_token(t) for t in name.split()])


def _title_of(c: Candidate) -> str | None:
    """The person title that opens a mention's text ("president" for "President Barack Obama")."""
    words = c.surface.split()
    first = words[0].lower().strip(".") if len(words) > 1 else ""
    return first if first in PERSON_TITLES else None


def resolve_short_forms(mentions: list[Candidate]) -> None:
    """A surname alone ("Presti", "Lo Presti", "Mr Shoigu") takes the full name of the person it refers to
    (the nearest one before it, else after); a first name alone ("Lindsay") takes the one full name it
    opens when it is nobody's surname in the article."""
    persons = [c for c in mentions if c.label == "PERSON"]
    full = [c for c in persons if c.nickname_of is None and len(c.name.split()) >= 2
            and not (len(c.name.split()) == 2 and translit_token(c.name.split()[0]) in SURNAME_PARTICLES)]
    for c in persons:
        if c.nickname_of is not None:
            c.name = c.nickname_of.name
            continue
        keys = [translit_token(t) for t in c.name.split()]
        if not (len(keys) == 1 or len(keys) == 2 and keys[0] in SURNAME_PARTICLES):
            continue
        matches = [f for f in full if len(_name_keys(f.name)) > len(keys) and _name_keys(f.name)[-len(keys):] == keys]
        if not matches and len(keys) == 1 and not any(_name_keys(f.name)[-1] == keys[0] for f in full):
            opened = {f.name for f in full if _name_keys(f.name)[0] == keys[0]}
            if len(opened) == 1:
                matches = [f for f in full if f.name in opened]
        if not matches:
            continue
        # a bare surname is not "Donald Trump Jr." (the son is "Trump Jr.", "Donald Jr."): the father, or,
        # where he is not named, left to the cross-article link ("Comeaux" joins the one Comeaux Jr. there)
        matches = [f for f in matches if len(_name_keys(f.name)) == len(f.name.split())]
        if not matches:
            continue
        if len({f.name for f in matches}) > 1 and _title_of(c):
            # "President Obama" is the one introduced with that title; with none so introduced
            # (Malia and Sasha Obama) it is left to the cross-article link
            matches = [f for f in matches if _title_of(f) == _title_of(c)]
            if not matches:
                continue
        before = [f for f in matches if f.start < c.start]
        c.name = (before[-1] if before else matches[0]).name
    # nicknames whose owner was itself a short form
    for c in persons:
        if c.nickname_of is not None:
            c.name = c.nickname_of.name
