"""Negated reporting verbs: "Mr. Steele has not yet said whether he will run", "the statement does not deny that ...",
"he declined to say whether ...". What hangs on such a verb is what the speaker did *not* say (deny, know ...): the
quote is kept, as attribution studies count it, and carries the negating words so that no reader takes it for a
statement.
"""
from __future__ import annotations

REFUSING = {"decline", "refuse"}  # "declined to say whether": nothing was said
# verbs whose negation carries over to the verb of saying after them ("did not want to say"); not "did not hesitate
# to say", "could not resist saying", which say it
CARRYING = {"want", "plan", "intend", "dare", "care", "try", "mean", "wish", "seem", "appear", "be"}
MAX_WORDS = 6  # longer runs between the first auxiliary and the verb are not one verb group ("did he, as asked, not say")


def _negated(verb, span: tuple[int, int]) -> bool:
    """Whether ``verb`` has a negation before it and outside the quote ``span`` ("“Absolutely not,” he said" and "said
    not that ... but that ..." are not negated)."""
    return any(c.dep_ == "neg" and c.i < verb.i and not span[0] <= c.idx < span[1] for c in verb.children)


def negating_words(text: str, verb, span: tuple[int, int]) -> str | None:
    """The words of ``text`` that negate the reporting verb token ``verb`` of the quote at ``span``, from the verb's
    first auxiliary or negation up to it ("has not yet said", "doesn’t use", "declined to say"); ``None`` where the
    verb is not negated, or where the quote hangs on a verb joined to it ("did not comment, but did say that ...")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    edge = verb.right_edge
    if not verb.left_edge.idx <= span[0] < edge.idx + len(edge):
        return None  # a quote that goes on after the verb's sentence ("did not say “yes.” “We will look at it.”")
    if any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and c.left_edge.idx <= span[0] < c.right_edge.idx + len(c.right_edge)
           for c in verb.children):
        return None
    group = verb
    if not _negated(verb, span):
        head = verb.head
        lemma = head.lemma_.lower()
        if verb.dep_ != "xcomp" or head is verb or not (lemma in REFUSING or lemma in CARRYING and _negated(head, span)):
            return None
        group = head  # "declined to say", "would not comment on"
    first = min([group.i] + [c.i for c in group.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < group.i])
    if verb.i < first or verb.i - first >= MAX_WORDS:  # not one run of words: the negation and the verb alone
        words = sorted([c for c in group.children if c.dep_ == "neg"] + ([group] if group is not verb else []) + [verb],
                       key=lambda t: t.i)
        return " ".join(t.text for t in words)
    return text[verb.doc[first].idx:verb.idx + len(verb)]
