"""The words of a speaker's name: titles and gender words; a name without its titles, its surname key
(generational suffixes aside: :data:`newsweave.entities.names.GENERATIONAL_SUFFIXES`), and its written form."""
from __future__ import annotations

import re

from anyascii import anyascii

from ..entities.names import GENERATIONAL_SUFFIXES


TITLES = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev", "reverend",
    "general", "gen", "lt", "lieutenant", "colonel", "col", "major", "maj", "captain", "capt", "sgt", "sergeant",
    "admiral", "adm", "commander", "marshal", "field", "brigadier", "corporal", "private", "officer", "detective",
    "president", "vice", "prime", "minister", "secretary", "deputy", "foreign", "defence", "defense", "interior",
    "finance", "health", "home", "state", "chancellor", "premier", "governor", "gov", "senator", "sen", "rep",
    "representative", "congressman", "congresswoman", "mp", "mep", "mayor", "judge", "justice", "chief", "ambassador",
    "spokesman", "spokeswoman", "spokesperson", "king", "queen", "prince", "princess", "pope", "father", "sheikh",
    "former", "acting", "then", "speaker", "leader", "attorney", "presidential", "candidate", "nominee", "head",
    "said", "says", "director", "chairman", "chairwoman", "chair", "ceo", "coach", "adviser", "advisor", "aide", "assistant",
    "pro", "tem",
}
MALE = {"mr", "sir", "lord", "king", "prince", "father", "sheikh", "congressman", "chairman", "spokesman", "he", "him", "his"}
FEMALE = {"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "congresswoman", "chairwoman", "spokeswoman", "she", "her"}


def surname(words: list[str]) -> str:
    """The key of a full name's last name, generational suffixes and commas aside."""
    keys = [key(w) for w in words if key(w).strip(",")]
    while len(keys) > 1 and keys[-1].strip(",") in GENERATIONAL_SUFFIXES:
        keys.pop()
    return keys[-1].strip(",") if keys else ""


def key(word: str) -> str:
    """A word compared without accents, case or dots ("Dr." -> "dr")."""
    return anyascii(word).lower().strip(".")


def strip_titles(words: list[str]) -> list[str]:
    """Drop leading titles and possessors ("Putin's Defence Minister Sergei Shoigu" -> Sergei Shoigu)."""
    for i, w in enumerate(words):
        if w in ("'s", "’s") or w.endswith(("'s", "’s")):
            words = words[i + 1:]
            break
    out = list(words)
    while len(out) > 1 and key(out[0]) in TITLES:
        out.pop(0)
    while out and out[-1] in ("'s", "’s"):
        out.pop()
    return out


def gender_of(words: list[str]) -> str | None:
    """"m" or "f" where one of the first three words says so ("Mr", "Queen", "she"), else None."""
    for w in words[:3]:
        k = key(w)
        if k in MALE:
            return "m"
        if k in FEMALE:
            return "f"
    return None


def joined(words: list[str]) -> str:
    """The words of a name as written, no spaces around hyphens."""
    return re.sub(r" ?([-‐]) ?", r"\1", " ".join(words))
