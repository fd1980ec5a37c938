"""What "they" and "it" stand for as a quote's source: the people named together as the latest subject
before them ("Ann Lee and Bo Park met reporters. They said ..."), or the thing that was the latest
subject ("The transcript was released later. “...,” it read.")."""
from __future__ import annotations

from .speakers import NOT_PEOPLE, SUBJECT_DEPS, People, core_tokens

REFERENT_SENTENCES = 2  # narrated sentences searched back for the subject "they"/"it" stands for


def _latest_subject(people: People, tok):
    """The last subject outside quotation marks before ``tok``, in its sentence or the
    ``REFERENT_SENTENCES`` narrated ones before it; None when there is none."""
    sents = list(people.doc.sents)
    here = people.sent_of.get(tok.i, 0)
    for n in people._narrated_back(sents, here)[:REFERENT_SENTENCES + 1]:
        found = [t for t in sents[n] if t.i < tok.i and t.dep_ in SUBJECT_DEPS and not people.in_quote(t.idx)
                 and t.pos_ in ("NOUN", "PROPN", "PRON")]
        if found:
            return found[-1]
    return None


def _person(people: People, tok) -> bool:
    return tok.pos_ == "PROPN" and (tok.ent_type_ == "PERSON" or people.known_surname(tok.text))


def group_named(people: People, tok) -> str | None:
    """"They" as the named people the latest subject joins with "and" ("Ann Lee and Bo Park"),
    when every one of them is a person; else None (a plural noun, an organisation: not resolved here)."""
    subject = _latest_subject(people, tok)
    if subject is None or not _person(people, subject):
        return None
    members, node = [subject], subject
    while True:
        nxt = [c for c in node.children if c.dep_ == "conj"]
        if not nxt:
            break
        node = nxt[0]
        members.append(node)
    if len(members) < 2 or not all(_person(people, m) for m in members):
        return None
    names = []
    for m in members:
        toks = core_tokens(m)
        names.append(people.resolve([t.text for t in ([t for t in toks if t.ent_type_ == "PERSON"] or toks)]))
    return ", ".join(names[:-1]) + " and " + names[-1]


def thing_named(people: People, tok):
    """"It" as the latest subject when that is a thing named by a singular noun ("the annual
    city report", "the company"): the noun's token, else None."""
    subject = _latest_subject(people, tok)
    if subject is None or subject.pos_ == "PRON" or subject.tag_ in ("NNS", "NNPS") \
            or subject.ent_type_ == "PERSON" or _person(people, subject):
        return None
    if subject.pos_ == "PROPN" and subject.ent_type_ not in NOT_PEOPLE:
        return None  # a name that may be a person's
    return subject
