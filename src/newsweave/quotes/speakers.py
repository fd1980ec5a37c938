"""Speaker mentions: noun-phrase cores, the people of an article, full-name resolution and pronouns."""
from __future__ import annotations

from dataclasses import dataclass

from ..entities.names import GENERATIONAL_SUFFIXES
from .name_words import gender_of, joined, key, strip_titles, surname
from .reporting import REPORTING
from .roles import TIME_WORDS, role_words, roles_of


SUBJECT_DEPS = {"nsubj", "nsubjpass"}
NAME_DEPS = {"compound", "flat", "nmod"}
DROP_DEPS = {"appos", "relcl", "acl", "punct", "cc", "conj", "advcl", "parataxis", "prep", "npadvmod", "dep"}
NOT_PEOPLE = {"GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "DATE", "TIME"}


def _reporting_word(tok) -> bool:
    """A token heading a reporting noun or gerund ("... with X warning that")."""

    if tok.dep_ in ("dobj", "dative", "iobj", "pobj", "attr", "oprd"):
        return False  # "asked Mr. Sellers": the one asked does not speak
    head = tok.head
    w = head.lower_
    return head.lemma_.lower() in REPORTING or (w.endswith("ing") and (w[:-3] in REPORTING or w[:-3] + "e" in REPORTING))


PRONOUNS = {"he", "she", "they", "it", "i", "we", "you"}
POSSESSIVES = {"his": "he", "her": "she"}
PRONOUN_SENTENCES = 5  # sentences (besides quoted ones) searched back for a pronoun's person


def _with_suffix(doc, ent) -> list[str]:
    """The words of a name entity with a generational suffix that follows it ("Samuel A. Alito Jr.")."""
    words = [t.text for t in ent]
    i = ent.end
    if i < len(doc) and doc[i].text == "," and i + 1 < len(doc) and key(doc[i + 1].text) in GENERATIONAL_SUFFIXES:
        i += 1
    if i < len(doc) and key(doc[i].text) in GENERATIONAL_SUFFIXES and doc[i].text[:1].isupper():
        words.append(doc[i].text)
    return words


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
    while lo >= 2 and doc[lo - 1].text in "-‐" and not doc[lo - 1].whitespace_ and not doc[lo - 2].whitespace_ \
            and doc[lo - 2].text.isalnum():
        lo -= 2  # a hyphenated word ("front-runner", "two-term president")
        while lo - 1 in idx:
            lo -= 1
    toks = [doc[i] for i in range(lo, hi + 1)]
    while toks and (toks[-1].is_punct or toks[-1].tag_ == "POS"):
        toks.pop()
    return toks or [head]


@dataclass
class Mention:
    """Someone the article names or describes as a source, at text span [start, end).

    ``main``: the subject of its sentence's main clause or of a reporting verb, the person a later
    "he"/"she" most likely means.
    """

    start: int
    end: int
    name: str
    subject: bool
    proper: bool
    sent: int
    main: bool = False


def _singular(description: str) -> bool:
    last = description.split()[-1].lower() if description.split() else ""
    return not (last.endswith("s") and not last.endswith("ss")) and last not in ("police", "people")


def _reports(verb) -> bool:

    return verb.lemma_.lower() in REPORTING


def _own_subject(verb) -> bool:
    """Whether ``verb`` has a subject other than a relative pronoun ("Mr. Trump, who he said “led me ...”": "he" said
    it, and "who" is the subject of the quoted words, not of "said")."""
    return any(g.dep_ in SUBJECT_DEPS and g.lower_ not in ("who", "that") for g in verb.children)


def _relative_subject_of(tok, ent):
    """The verb of a relative clause on ``tok`` whose subject is "who" ("X, who said ..."), else None;
    a "who" right after the name counts wherever the parser hung its clause. A clause with a subject of its own
    ("X, who he said ...") is not X's."""
    for c in tok.children:
        if c.dep_ == "relcl" and any(g.dep_ in SUBJECT_DEPS and g.lower_ in ("who", "that") for g in c.children) \
                and not _own_subject(c):
            return c
    doc = tok.doc
    i = ent.end
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i < len(doc) and doc[i].lower_ == "who" and doc[i].dep_ in SUBJECT_DEPS and doc[i].head.dep_ == "relcl" \
            and not _own_subject(doc[i].head):
        return doc[i].head
    return None


def is_main(tok) -> bool:
    """A subject of its sentence's main verb, or of a reporting verb."""
    if tok.dep_ not in SUBJECT_DEPS:
        return False
    head = tok.head
    if head.dep_ == "ROOT" or (head.dep_ == "conj" and head.head.dep_ == "ROOT"):
        return True

    return head.lemma_.lower() in REPORTING


class People:
    """The people of one article: full names, genders, and mentions in text order."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self._text = doc.text  # Doc.text joins every token on each call: read it once
        self.mentions: list[Mention] = []
        self.fullnames: list[list[str]] = []
        self.gender: dict[str, str] = {}
        self.sent_of = {}
        self.quoted: list[tuple[int, int]] = []  # spans inside quotation marks (set by the quote finder)
        self.roles: list[tuple[int, str, set[str]]] = []  # (where, person, role words) in text order
        self._resolved: dict[int, str | None] = {}
        self.modifiers: set[int] = set()
        for n, sent in enumerate(doc.sents):
            for t in sent:
                self.sent_of[t.i] = n
        persons = self._persons(doc)
        for ent in persons:
            words = [w for w in strip_titles(_with_suffix(doc, ent)) if w not in ("'s", "’s")]
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
            relcl = _relative_subject_of(root, ent)  # "Justice Antonin Scalia, who said ..."
            if relcl is not None:
                subject = True
            if root.dep_ == "compound" and root.head.pos_ == "NOUN":
                self.modifiers.add(ent.start_char)  # "the Romney campaign" names no one who could speak
            self.add(Mention(ent.start_char, ent.end_char, name, subject, True, self.sent_of[ent.start],
                             is_main(root) or _reporting_word(ent.root) or relcl is not None and _reports(relcl)))
            roles = roles_of(doc, self._text, ent, root)
            if roles:
                self.roles.append((ent.start_char, name, roles))
        self._surname_subjects(doc, persons)



    def _surname_subjects(self, doc, persons) -> None:
        """A surname alone as a subject that spaCy did not label a person ("Wray elaborated"), when the
        article names the person in full."""
        taken = {t.i for ent in persons for t in ent}
        for t in doc:
            if t.i in taken or t.pos_ != "PROPN" or t.dep_ not in SUBJECT_DEPS or not t.text[:1].isupper():
                continue
            words = [x.text for x in core_tokens(t)]
            name = self.resolve(words)
            if len(name.split()) < 2 or name == " ".join(strip_titles(words)):
                continue
            toks = core_tokens(t)
            self.add(Mention(toks[0].idx, toks[-1].idx + len(toks[-1]), name, True, True, self.sent_of[t.i], is_main(t)))

    def known_surname(self, word: str) -> bool:
        """The last name of someone the article names in full (whatever NER made of this mention)."""
        k = key(word)
        return any(len(full) > 1 and last == k for full, last in self._surnamed())

    def _surnamed(self) -> list[tuple[list[str], str]]:
        """The full names with their last-name keys (computed once per full name)."""
        cache = self.__dict__.setdefault("_surname_cache", [])
        for full in self.fullnames[len(cache):]:
            cache.append((full, surname(full) if full else ""))
        return cache

    def in_quote(self, start: int) -> bool:
        return any(s <= start < e for s, e in self.quoted)

    def describe(self, toks: list, before: int) -> str | None:
        """The named person a description means ("the Texas governor", "the president", "the Arizona
        Republican"): the latest person mentioned before ``before`` with the head word among their
        roles, all other description words too if any such person has them."""
        if toks and toks[0].i > 0 and toks[0].lower_ != "the" and self.doc[toks[0].i - 1].lower_ == "the":
            toks = [self.doc[toks[0].i - 1]] + list(toks)
        if not toks or toks[0].lower_ != "the" or toks[-1].tag_ not in ("NN", "NNP") or len(toks) > 6:
            return None
        if any(t.pos_ in ("PRON", "NUM") or t.text in ("'s", "’s") for t in toks):
            return None
        words = role_words([t.text for t in toks])
        words = [w for w in words if w not in TIME_WORDS]
        if not words:
            return None
        head, mods = words[-1], set(words[:-1])
        best = None
        for where, name, roles in self.roles:
            if where >= before or head not in roles or self.in_quote(where):
                continue
            score = (mods <= roles, len(mods & roles), where)
            if best is None or score > best[0]:
                best = (score, name)
        return best[1] if best else None

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
        """A name without titles, short forms completed from the article ("Mr Shoigu" -> "Sergey Shoigu",
        "Justice Alito" or "Samuel Alito" -> "Samuel A. Alito Jr."): the first full name the article gives
        with that last name (and those first words), in its longest form."""
        words = strip_titles(words)
        if not words:
            return ""
        last = surname(words)
        firsts = [key(w) for w in words if key(w) not in GENERATIONAL_SUFFIXES][:-1]
        same = [full for full, its_last in self._surnamed() if its_last == last and len(full) > len(words)
                and [key(w) for w in full[:len(firsts)]] == firsts]
        if not same:
            return joined(words)
        first = key(same[0][0])
        return joined(max((full for full in same if key(full[0]) == first), key=len))

    def _narrated_back(self, sents: list, here: int) -> list[int]:
        """Sentence numbers from ``here`` back to the ``PRONOUN_SENTENCES``-th before it, not counting the
        sentences wholly inside quotation marks (a long quote does not push its speaker out of reach)."""
        out, told = [], 0
        for n in range(here, -1, -1):
            out.append(n)
            if n == here:
                continue
            sent = sents[n] if n < len(sents) else None
            if sent is not None and any(not t.is_punct and not t.is_space and not self.in_quote(t.idx) for t in sent):
                told += 1
                if told >= PRONOUN_SENTENCES - 1:
                    break
        return out

    def _verbless_question(self, sents: list, n: int) -> bool:
        """Whether sentence ``n`` is a question without a verb outside quotes ("Governor Miller? “Strong,”
        he said."): the person it names is the one asked about, not one who answers."""
        sent = sents[n] if n < len(sents) else None
        last = next((t for t in reversed(sent) if not t.is_space), None) if sent is not None else None
        if last is None or last.text != "?":
            return False  # not a question: no quote test per token needed
        words = [t for t in sent if not t.is_space and not self.in_quote(t.idx)]
        return bool(words) and words[-1].text == "?" and not any(t.pos_ in ("VERB", "AUX") for t in words)

    def pronoun(self, tok, exclude: frozenset[str] = frozenset()) -> tuple[str | None, str]:
        """Resolve "he"/"she" to the person it most likely means, sentence by sentence backwards: in each
        sentence (the part before the pronoun for its own) the subject of the main clause or of a reporting
        verb first, then other subjects, then anyone, the latest first; a person whose gender is known must
        fit; names inside quotation marks or in a question without a verb do not count; an earlier "he" or a description ("the governor")
        as subject stands for the person it resolves to. A possessive "his"/"her" ("his claim") may also
        mean a person its own sentence names before it other than as a subject. Names in ``exclude`` (a quote's
        speaker is no one it names in the third person) are passed over, and such a search is not remembered."""
        word = tok.lower_
        possessive = tok.dep_ == "poss" and word in POSSESSIVES
        word = POSSESSIVES.get(word, word) if possessive else word
        if word not in ("he", "she"):
            return None, word
        if tok.i in self._resolved and not exclude:
            return self._resolved[tok.i], word
        if not exclude:
            self._resolved[tok.i] = None
        want = "m" if word == "he" else "f"
        here = self.sent_of.get(tok.i, 0)
        sents = list(self.doc.sents)
        for sent in self._narrated_back(sents, here):
            cands = []  # (rank, position, name)
            asked_about = self._verbless_question(sents, sent)
            for m in self.mentions:
                if m.sent == sent and not asked_about and m.end <= tok.idx and (m.proper or m.main and _singular(m.name)) \
                        and (m.subject or sent != here or possessive) and m.start not in self.modifiers \
                        and not self.in_quote(m.start) and self.gender.get(m.name, want) == want:
                    cands.append(((m.main, m.subject), m.start, m.name))
            for t in sents[sent] if sent < len(sents) else []:
                if t.i >= tok.i or t.dep_ not in SUBJECT_DEPS or self.in_quote(t.idx):
                    continue
                if any(m.start <= t.idx < m.end and m.proper for m in self.mentions):
                    continue
                name = None
                if t.lower_ == word:
                    name = self.pronoun(t)[0]
                elif t.pos_ == "NOUN":
                    name = self.describe(core_tokens(t), t.idx)
                elif t.pos_ == "PROPN" and (t.ent_type_ == "PERSON" or self.known_surname(t.text)):
                    name = self.resolve([x.text for x in core_tokens(t)])  # a name the entity vote left out
                if name and self.gender.get(name, want) == want:
                    cands.append(((is_main(t), True), t.idx, name))
            cands = [c for c in cands if c[2] not in exclude]
            if cands:
                best = max(cands, key=lambda c: (c[0], c[1]))
                self.gender.setdefault(best[2], want)
                if not exclude:
                    self._resolved[tok.i] = best[2]
                return best[2], word
        return None, word
