"""Who said what, and the story's entities, from the analysis of the story's articles."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ..analysis import Analysis
from .relays import quote_sources
from .speaker_names import name_words, surname


def _article_wordings(items: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Each article's wording of one grouped quote: its parts in that article in order, joined by an ellipsis."""
    parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for article_id, q in items:
        parts[article_id].append(q)
    return [" … ".join(q["text"] for q in sorted(qs, key=lambda q: q["start"])) for qs in parts.values()]


def quotes_section(context, docs: dict[str, dict[str, Any]], analysis: Analysis) -> list[dict[str, Any]]:
    """Speakers (one per linked entity, else per name) with their quotes grouped across outlets.

    A quote ``group`` of the analysis joins the same words quoted by several articles; a quote
    without a group is its own entry. Speakers quoted by more outlets come first. A quote on a negated reporting
    verb carries the negating words as ``negated`` (what the speaker did not say, deny, know ...).
    """
    entities = analysis.entity_by_id
    speakers: dict[str, dict[str, Any]] = {}
    for article in context.articles:
        for q in docs[article.id].get("quotes", []):
            sp = q.get("speaker") or {}
            name = (sp.get("name") or "").strip()
            entity = sp.get("entity")
            if not entity and not name:
                continue
            key = entity or f"name:{name.lower()}"
            entry = speakers.setdefault(key, {"entity": entity, "names": [], "groups": {}, "order": len(speakers)})
            if name and name not in entry["names"]:
                entry["names"].append(name)
            # a quote on a negated verb ("has not said whether") is never grouped with the same words said
            gkey = (q.get("group") or f"{article.id}@{q['start']}") + ("|negated" if q.get("negated") else "")
            group = entry["groups"].setdefault(gkey, {"group": q.get("group"), "items": []})
            group["items"].append((article.id, q))
    named = {entities[e["id"]].name for a in context.articles for e in docs[a.id].get("entities", [])
             if e.get("id") in entities and entities[e["id"]].type == "PERSON"}
    _merge_surname_only(speakers, entities, {n for n in named if len(n.split()) >= 2})
    out = []
    for key, entry in speakers.items():
        entity = entities.get(entry["entity"]) if entry["entity"] else None
        name = entity.name if entity else entry["names"][0]
        variants = list(dict.fromkeys((entity.variants if entity else []) + entry["names"]))
        quotes, arts = [], set()
        for group in entry["groups"].values():
            items = group["items"]
            ids = [a for a, _ in items]
            arts.update(ids)
            text = max(_article_wordings(items), key=len)
            quotes.append({
                "text": text,
                "group": group["group"],
                "kind": "direct" if any(q.get("kind") == "direct" for _, q in items) else "indirect",
                "outlets": context.outlets(ids),
                # an outlet relaying another's interview ("told The Times") is that outlet's report, not a source
                "independent_outlets": len(set(quote_sources(items, context))),
                "support": [{"article": a, "start": q["start"], "end": q["end"]} for a, q in items],
                **({"negated": items[0][1]["negated"]} if items[0][1].get("negated") else {}),
            })
        quotes.sort(key=lambda q: (-q["independent_outlets"], context.article_rank[q["support"][0]["article"]], q["support"][0]["start"]))
        out.append({"speaker": name, "entity": entry["entity"], "variants": variants, "outlets": context.outlets(arts),
                    "quotes": quotes, "_rank": (-context.independent(arts), -len(quotes), entry["order"])})
    out.sort(key=lambda s: s["_rank"])
    for s in out:
        del s["_rank"]
    return out


def _merge_surname_only(speakers: dict[str, dict[str, Any]], entities: dict, named: set[str]) -> None:
    """Join a speaker known only by a surname ("Smith", "Mr. Smith": a name, or a person entity of one word) to the one
    speaker of the story that is a person entity named in full with exactly that surname ("Ben Smith"), so one person
    is listed once. Left apart where the story names another person with that word (``named``: the full names of its
    person entities, quoted or not: "Clinton" beside Hillary and Bill Clinton), where the short name has an initial
    ("K. Olsen") or is another kind of entity ("Ford" the company), for groups ("Democrats") and for descriptions
    that hold the name ("the Clinton campaign", "Stone’s attorney")."""
    def entity_of(entry: dict[str, Any]):
        return entities.get(entry["entity"]) if entry["entity"] else None

    for key in list(speakers):
        entry = speakers.get(key)
        if entry is None:  # joined into another already
            continue
        entity = entity_of(entry)
        if entity is not None and entity.type != "PERSON":
            continue
        name = entity.name if entity else entry["names"][0]
        words = name_words(name)
        if len(words) != 1 or re.search(r"\b[A-Z]\.", name) or _described(name):
            continue
        last = words[0].lower()
        if sum(last in {w.lower() for w in name_words(full)} for full in named) != 1:
            continue  # no one, or more than one person of the story, has that name: "Donald Trump Jr." too
        found = [k for k, other in speakers.items() if k != key and (e := entity_of(other)) is not None
                 and e.type == "PERSON" and len(name_words(e.name)) >= 2 and (surname(e.name) or "").lower() == last]
        if len(found) != 1:
            continue
        into = speakers[found[0]]
        into["names"] += [n for n in entry["names"] if n not in into["names"]]
        for gkey, group in entry["groups"].items():
            into["groups"].setdefault(gkey, {"group": group["group"], "items": []})["items"].extend(group["items"])
        into["order"] = min(into["order"], entry["order"])
        del speakers[key]


_PARTICLES = frozenset("de da di del della der van von la le du bin al".split())


def _described(name: str) -> bool:
    """Whether a speaker's name is a description with a name in it ("the Clinton campaign", "Stone’s attorney"):
    a lower-case word that is no name particle ("de Blasio")."""
    return any(w not in _PARTICLES for w in re.findall(r"\b[a-z][\w’'-]*", name)) or bool(re.search(r"\w['’]s\b", name))


def entities_section(context, docs: dict[str, dict[str, Any]], analysis: Analysis) -> list[dict[str, Any]]:
    """Entities mentioned in the story with their name variants and the outlets that name them."""
    entities = analysis.entity_by_id
    seen: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for article in context.articles:
        for e in docs[article.id].get("entities", []):
            seen[e["id"]].add(article.id)
            counts[e["id"]] += len(e.get("mentions", []))
    out = []
    for eid, arts in seen.items():
        entity = entities.get(eid)
        if entity is None:
            continue
        out.append({"id": eid, "name": entity.name, "type": entity.type, "variants": list(entity.variants),
                    "outlets": context.outlets(arts), "independent_outlets": context.independent(arts),
                    "mentions": counts[eid]})
    out.sort(key=lambda e: (-e["independent_outlets"], -e["mentions"], e["name"]))
    return out
