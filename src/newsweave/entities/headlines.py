"""Names glued together: on a headline line in title case ("Colts Beat Chiefs") a mention is cut down to
the names the article's other lines give, and "X and Y" becomes two mentions when the article names
each of them apart."""
from __future__ import annotations

import re
from collections import defaultdict

from .candidates import Candidate, surface_of
from .names import is_title_word, normalise_name, translit_key


_NAME_WORD = re.compile(r"[^\W\d_][\w’'.-]*")


def _headline(line: str) -> bool:
    """A line in title case (or capitals), not ending as a sentence does: most of its longer words start with a capital."""
    if line.rstrip(" \"'”’)").endswith("."):
        return False
    words = _NAME_WORD.findall(line)
    longer = [w for w in words if len(w) >= 4]
    return len(words) >= 3 and len(longer) >= 2 and sum(w[0].isupper() for w in longer) >= 0.8 * len(longer)


def _key(surface: str) -> str:
    return translit_key(normalise_name(surface, "PERSON"))


_GLUE = frozenset("a an the of in into on at to for from with and or by as vs".split())


def split_headline_names(text: str, cands: list[Candidate]) -> None:
    """On a headline line, a mention with words glued to a name ("Colts Beat Chiefs") becomes the names
    that the article's other lines give (each name, or the tail of one: "Colts" of "Indianapolis Colts");
    anywhere, "X and Y" becomes X and Y when the article names each of them apart."""
    lines, at = [], 0
    for line in text.split("\n"):
        lines.append((at, at + len(line), _headline(line)))
        at += len(line) + 1

    def on_headline(c: Candidate) -> bool:
        return any(a <= c.start and c.end <= b and h for a, b, h in lines)

    known: dict[str, dict[int, str]] = defaultdict(dict)  # key -> {cand id: label}
    for c in cands:
        if on_headline(c):
            continue
        words = normalise_name(surface_of(text, c), "PERSON").split()
        for k in range(len(words)):
            known[_key(" ".join(words[k:]))][id(c)] = c.label

    def label_of(surface: str, c: Candidate) -> str | None:
        others = {i: lab for i, lab in known.get(_key(surface), {}).items() if i != id(c)}
        return next(iter(others.values())) if others else None

    for c in list(cands):
        pair = re.fullmatch(r"(.+?)\s+(?:and|&)\s+(.+)", text[c.start:c.end])
        if pair and not on_headline(c) and pair.group(1)[:1].isupper() and pair.group(2)[:1].isupper():
            labels = [label_of(pair.group(k), c) for k in (1, 2)]
            if all(labels):
                cands.remove(c)
                cands.extend(Candidate(c.start + pair.start(k), c.start + pair.end(k), label) for k, label in zip((1, 2), labels))
            continue
        if not on_headline(c):
            continue
        words = [(m.start() + c.start, m.end() + c.start) for m in re.finditer(r"\S+", text[c.start:c.end])]
        if len(words) < 2 or label_of(text[c.start:c.end], c):
            continue
        found, left, i = [], [], 0
        while i < len(words):
            j = next((j for j in range(len(words), i, -1) if label_of(text[words[i][0]:words[j - 1][1]], c)), None)
            if j is None:
                left.append(i)
                i += 1
                continue
            found.append((words[i][0], words[j - 1][1], label_of(text[words[i][0]:words[j - 1][1]], c)))
            i = j
        if not (found and left) or all(is_title_word(text[words[k][0]:words[k][1]]) for k in left):
            continue  # nothing glued on, or a role ("Oscar Host"): the mention stays whole
        cands.remove(c)
        # the words left over stay a mention of their own, edge function words dropped ("Into Rehab" -> "Rehab")
        runs: list[list[int]] = []
        for k in left:
            if runs and runs[-1][-1] == k - 1:
                runs[-1].append(k)
            else:
                runs.append([k])
        for run in runs:
            while run and text[words[run[0]][0]:words[run[0]][1]].lower() in _GLUE:
                run = run[1:]
            while run and text[words[run[-1]][0]:words[run[-1]][1]].lower() in _GLUE:
                run = run[:-1]
            if run:
                found.append((words[run[0]][0], words[run[-1]][1], c.label))
        for a, b, label in found:
            cut = re.search(r"(?:['’]s|['’])$", text[a:b])
            cands.append(Candidate(a, b - len(cut.group(0)) if cut and b - a > len(cut.group(0)) + 1 else b, label))
