"""A story brief as Markdown: what the outlets agree on, what only one reports, where they differ.

Takes the plain story-brief dict (``stories/<safe-name>.json``) and nothing else. Every statement
cites its outlets and the numbered articles behind it (``[2]``); the numbers are listed under
"Sources" at the end. Text from articles is escaped (:func:`newsweave.escape.md_text`) so it cannot
add blocks, links, HTML or headings; ids are code spans that no line break or backtick can leave
(:func:`newsweave.escape.md_code`). Control characters are shown, never passed to a terminal.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from ..escape import md_code, md_text

_SPACE = re.compile(r"\s+")


def format_value(value: Any) -> str:
    """A number as people write it (80,000; 2.5); anything else as text."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, (int, float)):
        if float(value).is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def term_text(term: Any) -> str:
    """A framing term given as a string or as ``{"term": ...}``."""
    if isinstance(term, dict):
        return str(term.get("term") or term.get("text") or "")
    return "" if term is None else str(term)


def counterpart_wording(term: Any, sentence_chars: int = 140) -> list[tuple[str, str | None, str]]:
    """A loaded term's counterparts as ``(outlet, word or None, sentence clipped to sentence_chars)``:
    what each other outlet wrote in its place (empty for a term given without them)."""
    out = []
    for c in (term.get("counterparts") or []) if isinstance(term, dict) else []:
        if not isinstance(c, dict) or not c.get("outlet"):
            continue
        sentence = " ".join(str(c.get("sentence") or "").split())
        if len(sentence) > sentence_chars:
            sentence = sentence[:sentence_chars].rsplit(" ", 1)[0] + " …"
        out.append((str(c["outlet"]), str(c["words"]) if c.get("words") else None, sentence))
    return out


class Sources:
    """Numbers the brief's articles 1..n (their listed order) and cites outlets with those numbers."""

    def __init__(self, brief: dict[str, Any]):
        self.articles: list[dict[str, Any]] = [a for a in brief.get("articles") or [] if isinstance(a, dict) and a.get("id")]
        self.number: dict[str, int] = {}
        for article in self.articles:
            self.number.setdefault(article["id"], len(self.number) + 1)
        # an article without an outlet is its own outlet, named by its id (as build_brief counts it)
        self.outlet_of: dict[str, str] = {a["id"]: a.get("outlet") or a["id"] for a in self.articles}

    def articles_of(self, support: Iterable[Any] | None) -> list[str]:
        """The article ids a support list points at, first-seen order, no repeats."""
        seen: list[str] = []
        for item in support or []:
            article = item.get("article") if isinstance(item, dict) else item
            if isinstance(article, str) and article not in seen:
                seen.append(article)
        return seen

    def grouped(self, outlets: Iterable[str] | None, support: Iterable[Any] | None) -> list[tuple[str, list[int]]]:
        """``[(outlet, [article numbers])]``: the outlets named, then any others the support adds."""
        order: list[str] = []
        refs: dict[str, list[int]] = {}
        for outlet in outlets or []:
            if outlet and outlet not in refs:
                order.append(outlet)
                refs[outlet] = []
        for article in self.articles_of(support):
            outlet = self.outlet_of.get(article, article)
            if outlet not in refs:
                order.append(outlet)
                refs[outlet] = []
            n = self.number.get(article)
            if n is not None and n not in refs[outlet]:
                refs[outlet].append(n)
        return [(outlet, sorted(refs[outlet])) for outlet in order]

    def cite(self, outlets: Iterable[str] | None, support: Iterable[Any] | None) -> str:
        """``*Outlet A* [1][3], *Outlet B* [2]`` (Markdown)."""
        parts = []
        for outlet, numbers in self.grouped(outlets, support):
            parts.append(f"*{md_text(outlet)}*" + "".join(f" [{n}]" if i == 0 else f"[{n}]" for i, n in enumerate(numbers)))
        return ", ".join(parts) if parts else "*no outlet recorded*"


def _outlet_of(article: dict[str, Any]) -> str:
    return article.get("outlet") or article["id"]


def independent_count(brief: dict[str, Any]) -> int:
    """The brief's own count when it has one, else the outlets among articles, a copy standing for its original."""
    for key in ("independent_sources", "independent_outlets"):
        if isinstance(brief.get(key), int):
            return brief[key]
    articles = {a["id"]: a for a in brief.get("articles") or [] if isinstance(a, dict) and a.get("id")}
    keys = set()
    for article in articles.values():
        seen = {article["id"]}
        while article.get("duplicate_of") in articles and article["duplicate_of"] not in seen:
            article = articles[article["duplicate_of"]]
            seen.add(article["id"])
        keys.add(_outlet_of(article))
    return len(keys)


def brief_outlets(brief: dict[str, Any]) -> list[str]:
    """The brief's outlets, plus (named by its id) each article that has no outlet."""
    outlets = [o for o in brief.get("outlets") or [] if o]
    for article in brief.get("articles") or []:
        if isinstance(article, dict) and article.get("id") and _outlet_of(article) not in outlets:
            outlets.append(_outlet_of(article))
    return outlets


def facts_by_status(brief: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    """Corroborated facts and facts of one outlet (related facts, :func:`related_facts`, are neither)."""
    facts = [f for f in brief.get("facts") or [] if isinstance(f, dict)]
    corroborated = [f for f in facts if f.get("status") == "corroborated"]
    single = [f for f in facts if f.get("status") not in ("corroborated", "related")]
    return corroborated, single


def related_facts(brief: dict[str, Any]) -> list[dict]:
    """Facts linked across outlets only weakly: possibly the same claim, not corroboration."""
    return [f for f in brief.get("facts") or [] if isinstance(f, dict) and f.get("status") == "related"]


def weakest_link(fact: dict[str, Any]) -> str:
    """The lowest link strength among a fact's supports, as text ("" when none is given)."""
    strengths = [s.get("strength") for s in fact.get("support") or [] if isinstance(s, dict)]
    strengths = [x for x in strengths if isinstance(x, (int, float))]
    return f"{min(strengths):.2f}" if strengths else ""


def shared_wording_note(fact: dict[str, Any]) -> str:
    """"same wording in A and B: one report" for each group of outlets that tell the fact word for word (plain text;
    "" when none)."""
    groups = [[str(o) for o in g] for g in fact.get("shared_wording") or [] if isinstance(g, list) and len(g) > 1]
    return "; ".join("same wording in " + " and ".join(g) + ": one report" for g in groups)


def relayed_note(fact: dict[str, Any]) -> str:
    """"A credits it to B" for each outlet whose support credits the fact to another news organisation (plain text;
    "" when none): such support is B's report, not A's."""
    pairs = [p for p in fact.get("relayed") or [] if isinstance(p, (list, tuple)) and len(p) == 2]
    return "; ".join(f"{outlet} credits it to {source}" for outlet, source in pairs)


def matched_note(fact: dict[str, Any]) -> str:
    """"matched on: “...”" where the text shown is more than the clause the outlets were matched on (plain text;
    "" otherwise)."""
    matched = fact.get("matched")
    return f"matched on: “{matched}”" if isinstance(matched, str) and matched else ""


def quoting_note(fact: dict[str, Any]) -> str:
    """"quoting X" for a fact that is a sentence of X's quotation (plain text; "" otherwise)."""
    quoting = fact.get("quoting")
    return f"quoting {quoting}" if isinstance(quoting, str) and quoting else ""


def fact_notes(fact: dict[str, Any]) -> list[str]:
    """The plain-text notes shown beside a fact: whose quotation it is, what its outlets were matched on, and outlets
    that tell it word for word (one report) or cite another's report; the Markdown and HTML briefs escape them each
    their own way."""
    return [n for n in (quoting_note(fact), matched_note(fact), shared_wording_note(fact), relayed_note(fact)) if n]


def _shared(fact: dict[str, Any]) -> str:
    return "".join(f" ({md_text(n)})" for n in fact_notes(fact))


def single_source_by_outlet(facts: list[dict], sources: Sources) -> list[tuple[str, list[dict]]]:
    """Single-source facts grouped under their outlet, outlets in first-seen order."""
    groups: dict[str, list[dict]] = {}
    for fact in facts:
        outlets = fact.get("outlets") or [o for o, _ in sources.grouped(None, fact.get("support"))] or ["unknown outlet"]
        groups.setdefault(outlets[0], []).append(fact)
    return list(groups.items())


def conflict_groups(conflict: dict[str, Any]) -> list[dict[str, Any]]:
    """A conflict's sides grouped by the value they state (first-seen order): ``{"value", "texts", "outlets", "support"}``.

    Seven sides saying 3, 2, 3, 3 ... read as two positions, each with the outlets that hold it.
    """
    groups: dict[str, dict[str, Any]] = {}
    for side in conflict.get("sides") or []:
        if not isinstance(side, dict):
            continue
        value = format_value(side.get("value"))
        key = value.casefold() if value else "text:" + _SPACE.sub(" ", str(side.get("text") or "")).strip().casefold()
        group = groups.setdefault(key, {"value": value, "texts": [], "outlets": [], "support": []})
        text = _SPACE.sub(" ", str(side.get("text") or "")).strip()
        if text and text.casefold() not in {t.casefold() for t in group["texts"]}:
            group["texts"].append(text)
        if side.get("outlet") and side["outlet"] not in group["outlets"]:
            group["outlets"].append(side["outlet"])
        if side.get("article"):
            group["support"].append({"article": side["article"], "start": side.get("start"), "end": side.get("end")})
    return list(groups.values())


_QUOTE_NOISE = re.compile(r"[\"'“”‘’«»„‚,.;:!?…\s]+")


def merged_quotes(speaker: dict[str, Any]) -> list[dict[str, Any]]:
    """A speaker's quotes, the same words (ignoring case, quote marks and punctuation) given once with all their outlets."""
    merged: dict[str, dict[str, Any]] = {}
    for quote in speaker.get("quotes") or []:
        if not isinstance(quote, dict):
            continue
        key = _QUOTE_NOISE.sub(" ", str(quote.get("text") or "")).strip().casefold() or f"#{len(merged)}"
        key += f" ({quote.get('kind') or 'direct'}{', negated' if quote.get('negated') else ''})"  # told apart as shown
        if key not in merged:
            merged[key] = {**quote, "outlets": list(quote.get("outlets") or []), "support": list(quote.get("support") or [])}
            continue
        into = merged[key]
        into["outlets"] += [o for o in quote.get("outlets") or [] if o not in into["outlets"]]
        into["support"] += list(quote.get("support") or [])
    return list(merged.values())


def quote_note(quote: dict[str, Any], escape=None) -> str:
    """What stands before a quote that is not someone's words as given: "not a statement (has not yet said): " on a
    negated reporting verb, "reported: " for reported speech (an indirect quote, the outlet's words); "" for a direct
    quote."""
    words = quote.get("negated")
    if words:
        return f"not a statement ({(escape or md_text)(str(words))}): "
    return "reported: " if quote.get("kind") == "indirect" else ""


def quote_wording(quote: dict[str, Any], escape=None) -> str:
    """A quote's words, escaped: in quotation marks when they are the speaker's own (direct), bare when reported."""
    text = (escape or md_text)(quote.get("text"))
    return text if quote.get("kind") == "indirect" else f"“{text}”"


def named_entities_with_variants(brief: dict[str, Any]) -> list[dict]:
    """Entities written more than one way across the articles."""
    out = []
    for entity in brief.get("entities") or []:
        if not isinstance(entity, dict):
            continue
        variants = [v for v in entity.get("variants") or [] if v]
        if len({v.casefold() for v in variants} | {str(entity.get("name") or "").casefold()} - {""}) > 1:
            out.append(entity)
    return out


def render_markdown(brief: dict[str, Any]) -> str:
    """The brief as a Markdown document."""
    sources = Sources(brief)
    outlets = brief_outlets(brief)
    corroborated, single = facts_by_status(brief)
    conflicts = [c for c in brief.get("conflicts") or [] if isinstance(c, dict)]
    speakers = [s for s in brief.get("quotes") or [] if isinstance(s, dict)]
    lines: list[str] = []
    add = lines.append

    add(f"# {md_text(brief.get('title')) or 'Untitled story'}")
    add("")
    n_articles = len(sources.articles)
    add(f"**{n_articles} article{'s' if n_articles != 1 else ''} from {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}"
        f" ({independent_count(brief)} independent):** {', '.join(md_text(o) for o in outlets) or 'none recorded'}")
    add("")
    add(f"{len(corroborated)} corroborated · {len(single)} only in one outlet · {len(conflicts)} conflicting figures · "
        f"{len(speakers)} speakers quoted")
    if brief.get("id"):
        add("")
        add(f"Story id: {md_code(brief['id'])}")

    def section(title: str) -> None:
        add("")
        add(f"## {title}")
        add("")

    def close(items: list, empty: str) -> None:
        """End a section: ``empty`` when it listed nothing, else drop a trailing blank line."""
        if not items:
            add(empty)
        elif lines[-1] == "":
            lines.pop()

    section("Summary")
    summary = [s for s in brief.get("summary") or [] if isinstance(s, dict)]
    for item in summary:
        add(f"- {md_text(item.get('text'))} — {sources.cite(item.get('outlets'), item.get('support'))}")
    close(summary, "_No summary._")

    section("Corroborated")
    for fact in corroborated:
        n = fact.get("independent_outlets")
        count = f" ({n} independent" + (f", weakest link {weakest_link(fact)})" if weakest_link(fact) else ")") if isinstance(n, int) else ""
        add(f"- {md_text(fact.get('text'))} — {sources.cite(fact.get('outlets'), fact.get('support'))}{count}{_shared(fact)}")
    close(corroborated, "_Nothing is reported by more than one independent outlet._")

    related = related_facts(brief)
    if related:
        section("Possibly the same claim (weak link, not corroboration)")
        for fact in related:
            add(f"- {md_text(fact.get('text'))} — {sources.cite(fact.get('outlets'), fact.get('support'))}"
                f" (link {weakest_link(fact) or 'unknown'}){_shared(fact)}")

    section("Only in one outlet")
    for outlet, facts in single_source_by_outlet(single, sources):
        add(f"### {md_text(outlet)}")
        add("")
        for fact in facts:
            add(f"- {md_text(fact.get('text'))} — {sources.cite(fact.get('outlets'), fact.get('support'))}{_shared(fact)}")
        add("")
    close(single, "_Every fact found is reported by at least two outlets._")

    section("Conflicting figures")
    for conflict in conflicts:
        kind = f" ({md_text(conflict.get('kind'))})" if conflict.get("kind") else ""
        add(f"### {md_text(conflict.get('topic')) or 'Unnamed topic'}{kind}")
        add("")
        for group in conflict_groups(conflict):
            said = " · ".join(f"“{md_text(t)}”" for t in group["texts"])
            label = f"**{md_text(group['value'])}**: " if group["value"] else ""
            add(f"- {label}{said} — {sources.cite(group['outlets'], group['support'])}")
        add("")
    close(conflicts, "_No conflicting figures found._")

    section("Who said what")
    for speaker in speakers:
        variants = [v for v in speaker.get("variants") or [] if v and v != speaker.get("speaker")]
        also = f" (also written: {', '.join(md_text(v) for v in variants)})" if variants else ""
        add(f"### {md_text(speaker.get('speaker')) or 'Unnamed speaker'}{also}")
        add("")
        for quote in merged_quotes(speaker):
            add(f"- {quote_note(quote)}{quote_wording(quote)} — {sources.cite(quote.get('outlets'), quote.get('support'))}")
        add("")
    close(speakers, "_No attributed quotes found._")

    section("Name variants")
    named = named_entities_with_variants(brief)
    for entity in named:
        kind = f" ({md_text(entity.get('type'))})" if entity.get("type") else ""
        variants = ", ".join(md_text(v) for v in entity.get("variants") or [])
        add(f"- **{md_text(entity.get('name'))}**{kind}: {variants} — {sources.cite(entity.get('outlets'), None)}")
    close(named, "_Every outlet names people and places the same way._")

    section("Framing")
    framing = [f for f in (brief.get("framing") or {}).get("outlets") or [] if isinstance(f, dict)]
    for entry in framing:
        add(f"### {md_text(entry.get('outlet')) or 'unknown outlet'}")
        add("")
        refs = "".join(f"[{sources.number[a]}]" for a in entry.get("articles") or [] if a in sources.number)
        if entry.get("headline"):
            add(f"- Headline: “{md_text(entry.get('headline'))}” {refs}".rstrip())
        distinctive = [md_text(term_text(t)) for t in entry.get("distinctive_terms") or [] if term_text(t)]
        loaded = [t for t in entry.get("loaded_terms") or [] if term_text(t)]
        add(f"- Distinctive terms: {', '.join(distinctive) if distinctive else '—'}")
        add(f"- Loaded terms: {'' if loaded else 'none found'}".rstrip())
        for term in loaded:  # each with what the other outlets wrote in its place
            instead = "; ".join(f"{md_text(o)} wrote “{md_text(w)}”" if w else f"{md_text(o)}: “{md_text(sent)}”"
                                for o, w, sent in counterpart_wording(term))
            add(f"  - **{md_text(term_text(term))}**" + (f" — {instead}" if instead else ""))
        add("")
    close(framing, "_No framing comparison._")

    section("Timeline")
    timeline = [t for t in brief.get("timeline") or [] if isinstance(t, dict)]
    for event in timeline:
        date = md_text(event.get("date")) or "undated"
        add(f"- **{date}** — {md_text(event.get('text'))} — {sources.cite(event.get('outlets'), event.get('support'))}")
    close(timeline, "_No dated events._")

    section("Sources")
    for article in sources.articles:
        n = sources.number[article["id"]]
        bits = [f"*{md_text(sources.outlet_of[article['id']])}*"]
        if article.get("title"):
            bits.append(f"“{md_text(article['title'])}”")
        if article.get("published"):
            bits.append(md_text(article["published"]))
        line = f"[{n}] " + ", ".join(bits) + f" — {md_code(article['id'])}"
        copy = article.get("duplicate_of")
        if copy:
            line += f" (copy of [{sources.number[copy]}])" if copy in sources.number else f" (copy of {md_code(copy)})"
        add(line + "  ")
    close(sources.articles, "_No articles._")
    return "\n".join(lines).rstrip() + "\n"
