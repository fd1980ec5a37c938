"""Negated reporting verbs: "Mr. Steele has not yet said whether he will run", "the statement does not deny that ...",
"he declined to say whether ...". What hangs on such a verb is what the speaker did *not* say (deny, know ...): the
quote is kept, as attribution studies count it, and carries the negating words so that no reader takes it for a
statement.
"""
from __future__ import annotations

REFUSING = {"decline", "refuse"}  # "declined to say whether": nothing was said
MAX_WORDS = 6  # longer runs between the first auxiliary and the verb are not one verb group ("did he, as asked, not say")


def _negated(verb, span: tuple[int, int]) -> bool:
    """Whether ``verb`` has a negation outside the quote ``span`` ("“Absolutely not,” he said" is not negated)."""
    return any(c.dep_ == "neg" and not span[0] <= c.idx < span[1] for c in verb.children)


def negating_words(text: str, verb, span: tuple[int, int]) -> str | None:
    """The words of ``text`` that negate the reporting verb token ``verb`` of the quote at ``span``, from the verb's
    first auxiliary or negation up to it ("has not yet said", "doesn’t use", "declined to say"); ``None`` where the
    verb is not negated, or where the quote hangs on a verb joined to it ("did not comment, but did say that ...")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and c.left_edge.idx <= span[0] < c.right_edge.idx + len(c.right_edge)
           for c in verb.children):
        return None
    group = verb
    if not _negated(verb, span):
        head = verb.head
        if verb.dep_ != "xcomp" or head is verb or not (head.lemma_.lower() in REFUSING or _negated(head, span)):
            return None
        group = head  # "declined to say", "would not comment on"
    first = min([group.i] + [c.i for c in group.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < group.i])
    if verb.i < first or verb.i - first >= MAX_WORDS:  # not one run of words: the negation and the verb alone
        words = sorted([c for c in group.children if c.dep_ == "neg"] + ([group] if group is not verb else []) + [verb],
                       key=lambda t: t.i)
        return " ".join(t.text for t in words)
    return text[verb.doc[first].idx:verb.idx + len(verb)]
