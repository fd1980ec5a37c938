"""Speaker mentions: noun-phrase cores, title stripping, full-name resolution and pronouns."""
from __future__ import annotations

from dataclasses import dataclass

from anyascii import anyascii

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
}
MALE = {"mr", "sir", "lord", "king", "prince", "father", "sheikh", "congressman", "chairman", "spokesman", "he", "him", "his"}
FEMALE = {"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "congresswoman", "chairwoman", "spokeswoman", "she", "her"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
NAME_DEPS = {"compound", "flat", "nmod"}
DROP_DEPS = {"appos", "relcl", "acl", "punct", "cc", "conj", "advcl", "parataxis", "prep", "npadvmod", "dep"}
NOT_PEOPLE = {"GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "DATE", "TIME"}


def _reporting_word(tok) -> bool:
    """A token heading a reporting noun or gerund ("... with X warning that")."""
    from .find import REPORTING

    head = tok.head
    w = head.lower_
    return head.lemma_.lower() in REPORTING or (w.endswith("ing") and (w[:-3] in REPORTING or w[:-3] + "e" in REPORTING))


PRONOUNS = {"he", "she", "they", "it", "i", "we", "you"}


def key(word: str) -> str:
    return anyascii(word).lower().strip(".")


def core_tokens(head) -> list:
    """The tokens of the noun phrase headed by ``head`` without appositions, clauses or punctuation.

    Proper names also lose prepositional phrases and possessors ("Putin's Defence Minister Sergei Shoigu").
    """
    proper = head.pos_ == "PROPN"
    keep = [head]

    def walk(tok) -> None:
        for child in tok.children:
            if child.dep_ in DROP_DEPS or child.is_space:
                continue
            if proper and child.dep_ in ("poss", "prep", "amod", "det", "nummod"):
                continue
            keep.append(child)
            walk(child)

    walk(head)
    keep.sort(key=lambda t: t.i)
    # the contiguous run of kept tokens around the head
    idx = {t.i for t in keep}
    lo = hi = head.i
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    doc = head.doc
    toks = [doc[i] for i in range(lo, hi + 1)]
    while toks and (toks[-1].is_punct or toks[-1].tag_ == "POS"):
        toks.pop()
    return toks or [head]


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
    for w in words[:3]:
        k = key(w)
        if k in MALE:
            return "m"
        if k in FEMALE:
            return "f"
    return None


@dataclass
class Mention:
    """Someone the article names or describes as a source, at text span [start, end)."""

    start: int
    end: int
    name: str
    subject: bool
    proper: bool
    sent: int


class People:
    """The people of one article: full names, genders, and mentions in text order."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.mentions: list[Mention] = []
        self.fullnames: list[list[str]] = []
        self.gender: dict[str, str] = {}
        self.sent_of = {}
        for n, sent in enumerate(doc.sents):
            for t in sent:
                self.sent_of[t.i] = n
        persons = self._persons(doc)
        for ent in persons:
            words = [w for w in strip_titles([t.text for t in ent]) if w not in ("'s", "’s")]
            if words:
                self.fullnames.append(words)
        self._propn_names(doc)
        for ent in persons:
            root = ent.root
            while root.dep_ in NAME_DEPS | {"appos"} and root.head is not root:
                root = root.head
            name = self.resolve([t.text for t in ent])
            if not name:
                continue
            before = [doc[ent.start - 1].text] if ent.start else []
            g = gender_of(before + [t.text for t in ent])
            if g:
                self.gender.setdefault(name, g)
            subject = root.dep_ in SUBJECT_DEPS or _reporting_word(ent.root)
            self.add(Mention(ent.start_char, ent.end_char, name, subject, True, self.sent_of[ent.start]))

    @staticmethod
    def _persons(doc) -> list:
        """PERSON entities whose surface form the model labels PERSON at least as often as anything else."""
        votes: dict[str, list[int]] = {}
        for ent in doc.ents:
            v = votes.setdefault(ent.text.lower(), [0, 0])
            v[0 if ent.label_ == "PERSON" else 1] += 1
        return [e for e in doc.ents if e.label_ == "PERSON" and votes[e.text.lower()][0] >= votes[e.text.lower()][1]]

    def _propn_names(self, doc) -> None:
        """Runs of two or more capitalised proper nouns outside place and organisation names, as full names."""
        run: list = []
        for t in list(doc) + [None]:
            if t is not None and t.pos_ == "PROPN" and t.text[:1].isupper() and t.is_alpha and t.ent_type_ not in NOT_PEOPLE:
                run.append(t.text)
                continue
            words = strip_titles(run)
            if len(words) >= 2:
                self.fullnames.append(words)
            run = []

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        self.mentions.sort(key=lambda x: x.start)

    def resolve(self, words: list[str]) -> str:
        """A name without titles, short forms completed from the article ("Mr Shoigu" -> "Sergey Shoigu")."""
        words = strip_titles(words)
        if not words:
            return ""
        if len(words) == 1:
            last = key(words[0])
            for full in self.fullnames:
                if len(full) > 1 and key(full[-1]) == last:
                    return " ".join(full)
        return " ".join(words)

    def pronoun(self, tok) -> tuple[str | None, str]:
        """Resolve a subject pronoun to the nearest compatible earlier mention (subjects first, sentence by sentence)."""
        word = tok.lower_
        if word not in ("he", "she"):
            return None, word
        want = "m" if word == "he" else "f"
        here = self.sent_of.get(tok.i, 0)
        for sent in range(here, max(-1, here - 5), -1):
            cands = [m for m in self.mentions if m.sent == sent and m.end <= tok.idx
                     and self.gender.get(m.name, want) == want]
            if cands:
                subj = [m for m in cands if m.subject]
                best = (subj or cands)[-1]
                self.gender.setdefault(best.name, want)
                return best.name, word
        return None, word
