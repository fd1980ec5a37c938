"""Status conflicts: one source says a person was fired and another that the person resigned; one says
someone was charged and another that no charges were filed."""
from __future__ import annotations

import re

from .conflict_dates import in_quote
from .sentences import Sentence
from .speaker_names import surname


_NAME = r"(?:[A-Z][\w’'.-]+\s+){0,2}[A-Z][\w’'-]+"
_FIRED = re.compile(rf"\b(?:fired|ousted|dismissed|sacked)\s+(?:then-\S+\s+)?(?:[a-z-]+\s+){{0,4}}?(?P<who>{_NAME})"
                    rf"|(?P<who2>{_NAME}),?\s+(?:whom|who)\s+(?:he|she|they|[A-Z][\w’'-]+)\s+(?:had\s+)?(?:fired|ousted|dismissed|sacked)\b"
                    rf"|(?P<who3>{_NAME})\s+(?:was|had been|has been)\s+(?:fired|ousted|dismissed|sacked)\b")
_LEFT = re.compile(rf"(?P<who>{_NAME})\s+(?:resigned|stepped down|quit)\b")
_CHARGED = re.compile(r"\b(?:has|have|had|was|were)\s+(?:been\s+)?(?:formally\s+)?(?:charged|indicted)\s+with\b")
_NOT_CHARGED = re.compile(r"\bno\s+(?:formal\s+|federal\s+|criminal\s+)?charges\s+(?:have|had)\s+(?:yet\s+)?been\s+(?:filed|brought)"
                          r"|\b(?:has|have|had)\s+not\s+(?:yet\s+)?been\s+(?:formally\s+)?(?:charged|indicted)\b", re.I)
_HEDGE = re.compile(r"\b(?:should|would|could|might|may|must|if|calls? for|calling for|urged?|demand\w*|asked)\b", re.I)


def status_conflicts(sentences: list[Sentence], context, charge_days: int) -> list[tuple[str, tuple, tuple]]:
    """(topic, (unit, match, value), (unit, match, value)) of two sources that disagree on a status; "charged"
    against "not charged" only in articles published at most ``charge_days`` apart (``brief.conflict_charge_days``)."""
    fired, left, charged, uncharged = {}, {}, [], []
    for s in sentences:
        if in_quote(s.text, len(s.text)) or s.text.lstrip()[:1] in "“\"":
            continue
        for m in _FIRED.finditer(s.text):
            who = (surname(m.group("who") or m.group("who2") or m.group("who3")) or "").lower()
            if who and not _HEDGE.search(s.text[:m.start()]):
                fired.setdefault((who, context.source_key(s.article)), (s, m, "fired"))
        for m in _LEFT.finditer(s.text):
            who = (surname(m.group("who")) or "").lower()
            if who and not _HEDGE.search(s.text[:m.start()]):
                left.setdefault((who, context.source_key(s.article)), (s, m, "resigned"))
        for m in _CHARGED.finditer(s.text):
            if not _HEDGE.search(s.text[:m.start()]) and "not" not in s.text[max(0, m.start() - 12):m.start()]:
                charged.append((s, m, "charged"))
        for m in _NOT_CHARGED.finditer(s.text):
            uncharged.append((s, m, "not charged"))
    out = []
    for (who, source), a in sorted(fired.items(), key=lambda kv: kv[0]):
        b = next((v for (w, src), v in sorted(left.items(), key=lambda kv: kv[0]) if w == who and src != source), None)
        if b is not None:
            out.append((f"how {who.capitalize()} left", a, b))
    for a in charged:
        b = next((u for u in uncharged if context.source_key(u[0].article) != context.source_key(a[0].article)
                  and _close_in_time(a[0], u[0], context, charge_days)), None)
        if b is not None:
            out.append(("whether charges were filed", a, b))
            break
    return out


def _close_in_time(si: Sentence, sj: Sentence, context, days: int) -> bool:
    """Both articles published at most ``days`` apart (a later charge is news, not a contradiction)."""
    from datetime import date

    pa, pb = context.by_id[si.article].published, context.by_id[sj.article].published
    try:
        return abs((date.fromisoformat(pa[:10]) - date.fromisoformat(pb[:10])).days) <= days
    except (TypeError, ValueError):
        return False


def match_raw_span(s: Sentence, m: re.Match, context) -> tuple[int, int]:
    return context.by_id[s.article].raw_span(s.start + m.start(), s.start + m.end())
