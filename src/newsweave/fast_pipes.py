"""Table-driven stand-ins for two of the spaCy model's rule components, giving the same annotations faster.

``attribute_ruler`` (fine tag -> universal POS and morphology, plus word and dependency exceptions) runs a
spaCy ``Matcher`` and builds a ``Span`` and a ``Token`` per match: about 23 microseconds a token, nearly
as long as the parser takes. :class:`TableAttributeRuler` applies the very patterns the model's
ruler holds (read from it at load time, nothing hard-coded): each pattern element is a test of a token's
attributes, so which patterns a token matches is a function of those attributes alone, worked out once per
distinct combination and kept; multi-token patterns are then checked on their neighbours. The ruler's
rules are applied as it applies them: matches found on the doc before any is applied, then applied in the
order the patterns were added, a later one overriding an earlier on the same token. A ruler holding any
pattern feature not handled here (operators, extension or morphology attributes, ...) is left as it is.

``lemmatizer`` (rule mode) looks each token up through Python ``Token`` objects although its own cache
already says a lemma is a function of the token's form, POS and morphology: :class:`TableLemmatizer`
keeps that map over the model's lemmatizer, asks it only for a combination not seen before, and leaves
a lemma already set (by the attribute ruler) as the lemmatizer does when it does not overwrite. The model's
lemmatizer it asks tests a candidate lemma's membership of a word list per POS by scanning the list (57,528
nouns); its lists are made sets, which answer the same (that lemmatizer, out of the pipeline, is no longer
serialisable; nothing here serialises it).

:func:`speed_up` swaps both into a loaded pipeline under their own names (so disabling "lemmatizer" or
asking for "attribute_ruler" works as before). Identity with the stock components was checked token by
token (text, tag, POS, morphology, lemma, dependency, head, entity, sentence start, and every attribute
array and tensor) on 1,144 news articles, whole and with the parser and lemmatizer or the NER disabled as
newsweave disables them: 0 tokens differ.
"""
from __future__ import annotations

import re
from typing import Any, Callable

import numpy
from spacy.attrs import DEP, IDS, LEMMA, LOWER, MORPH, NORM, ORTH, POS, SHAPE, TAG
from spacy.errors import Errors
from spacy.language import Language
from spacy.strings import get_string_id

# attributes a pattern may test: read through Doc.to_array, which reads them as the Matcher does
# (both through spaCy's get_token_attr); the lexeme flags (IS_SPACE, IS_PUNCT, ...) have ids under 64
_TESTABLE = {ORTH, LOWER, NORM, SHAPE, TAG, DEP}
# attributes a rule may set, each one field of the token (spaCy's Token.set_struct_attr; none of them is a
# lexeme field, so the ruler's write to the lexeme too changes nothing)
_SETTABLE = {LEMMA, POS, TAG, MORPH, DEP}
_CACHE_MAX = 100_000  # distinct attribute combinations (of a token, of a lemma) kept before a cache starts over


class Unsupported(ValueError):
    """A pattern this module does not reproduce exactly."""


def _attr_id(name: Any) -> int:
    if isinstance(name, int):
        attr = name
    else:
        upper = str(name).upper()
        if upper in ("_", "OP") or upper.startswith("IS_SENT") or upper == "SENT_START":
            raise Unsupported(name)
        attr = IDS.get("ORTH" if upper == "TEXT" else upper)
    if attr is None or not (attr in _TESTABLE or 0 < attr < 64):
        raise Unsupported(name)
    return attr


def _test(value: Any, strings: Any) -> tuple[str, Any]:
    """(kind, operand) of one attribute test, as the Matcher reads it (matcher.pyx _get_attr_values and its
    set and regex predicates)."""
    if isinstance(value, dict):
        if len(value) != 1:
            raise Unsupported(value)
        op, arg = next(iter(value.items()))
        if op in ("IN", "NOT_IN") and isinstance(arg, (list, tuple)) and all(isinstance(v, (str, int)) for v in arg):
            return op, frozenset(get_string_id(v) for v in arg)
        if op == "REGEX" and isinstance(arg, str):
            return op, re.compile(arg)
        raise Unsupported(value)
    if isinstance(value, bool):
        return "==", int(value)
    if isinstance(value, str):
        return "==", strings.add(value)
    if isinstance(value, int):
        return "==", value
    raise Unsupported(value)


class TableAttributeRuler:
    """The attribute ruler's patterns applied by table look-up; see the module docstring."""

    def __init__(self, vocab: Any, name: str = "attribute_ruler") -> None:
        self.vocab = vocab
        self.name = name
        self.ruler: Any = None

    def compile(self, ruler: Any) -> "TableAttributeRuler":
        """Take the patterns, attributes and indices of ``ruler`` (a spaCy AttributeRuler); raises
        :class:`Unsupported` when one cannot be reproduced."""
        strings = self.vocab.strings
        patterns = ruler.patterns  # in the order added, which is the order rules are applied
        if len(patterns) != len(ruler.attrs):
            raise Unsupported("patterns and attributes disagree")
        read: dict[int, int] = {}  # attribute -> its column in the array read from a doc
        rules = []  # per rule: its alternatives, each a list of elements, each a list of (column, kind, operand)
        for entry, attrs in zip(patterns, ruler.attrs):
            alternatives = []
            for pattern in entry["patterns"]:
                if not pattern:
                    raise Unsupported("empty pattern")
                elements = []
                for spec in pattern:
                    if not isinstance(spec, dict) or not spec:
                        raise Unsupported(spec)
                    elements.append([(read.setdefault(_attr_id(k), len(read)), *_test(v, strings))
                                     for k, v in spec.items()])
                alternatives.append(elements)
            if not set(attrs) <= _SETTABLE or not all(isinstance(v, int) for v in attrs.values()):
                raise Unsupported(attrs)
            rules.append((alternatives, int(entry.get("index", 0)), dict(attrs)))
        self.read = sorted(read, key=read.get)
        self.write = sorted({a for _, _, attrs in rules for a in attrs})
        column = {a: j for j, a in enumerate(self.write)}
        # rule r as a tuple of (write column, value)
        self.sets = [tuple((column[a], v) for a, v in attrs.items()) for _, _, attrs in rules]
        # single-token alternatives: (rule, tests); longer ones: (rule, elements, index)
        self.single = [(r, alt[0]) for r, (alts, _, _) in enumerate(rules) for alt in alts if len(alt) == 1]
        self.multi = [(r, alt, index) for r, (alts, index, _) in enumerate(rules) for alt in alts if len(alt) > 1]
        for r, alt, index in self.multi:
            if not -len(alt) <= index < len(alt):
                raise Unsupported(f"index {index} outside a pattern of {len(alt)}")
        for r, (alts, index, _) in enumerate(rules):
            if any(len(alt) == 1 for alt in alts) and index not in (0, -1):
                raise Unsupported(f"index {index} outside a one-token pattern")
        self.elements = [elem for _, alt, _ in self.multi for elem in alt]  # every element of every longer pattern
        self.firsts = []  # per longer pattern, its first element's place in self.elements
        for _, alt, _ in self.multi:
            self.firsts.append(sum(len(a) for _, a, _ in self.multi[:len(self.firsts)]))
        # A value the tests name (==, IN, NOT_IN) stands for itself; any other value passes or fails them all
        # alike and differs from another such value only in the regular expressions it meets, so the first
        # value seen with a given set of regex outcomes stands for the rest (the tests give both the same).
        self._named = [set() for _ in self.read]
        self._regexes: list[list[Any]] = [[] for _ in self.read]
        for _, tests in self.single:
            self._note(tests)
        for tests in self.elements:
            self._note(tests)
        self._canon: list[dict[int, int]] = [{} for _ in self.read]  # per column: value -> the value standing for it
        self._reps: list[dict[tuple, int]] = [{} for _ in self.read]  # per column: regex outcomes -> its standing value
        self._classes: dict[tuple, tuple] = {}  # key of standing values -> entry
        self._keys: dict[tuple, tuple] = {}  # key as read -> entry
        self.ruler = ruler
        return self

    def _note(self, tests: list) -> None:
        for col, kind, operand in tests:
            if kind == "==":
                self._named[col].add(operand)
            elif kind in ("IN", "NOT_IN"):
                self._named[col].update(operand)
            else:
                self._regexes[col].append(operand)

    def _standing(self, col: int, value: int) -> int:
        if value in self._named[col]:
            rep = value
        else:
            string = self.vocab.strings[value] if self._regexes[col] else ""
            outcomes = tuple(bool(rx.search(string)) for rx in self._regexes[col])
            rep = self._reps[col].setdefault(outcomes, value)
        if len(self._canon[col]) >= _CACHE_MAX:
            self._canon[col].clear()
        self._canon[col][value] = rep
        return rep

    def _passes(self, tests: list, key: tuple) -> bool:
        for col, kind, operand in tests:
            value = key[col]
            if kind == "==":
                if value != operand:
                    return False
            elif kind == "IN":
                if value not in operand:
                    return False
            elif kind == "NOT_IN":
                if value in operand:
                    return False
            elif not operand.search(self.vocab.strings[value]):  # REGEX, on the attribute's string
                return False
        return True

    def _entry(self, key: tuple) -> tuple:
        """(the single-token rules' merged writes, the rules matched in order, the longer patterns' elements
        matched, the longer patterns whose first element is matched) for a token whose read attributes are
        ``key``."""
        canon = tuple(c[v] if v in c else self._standing(j, v) for j, (c, v) in enumerate(zip(self._canon, key)))
        entry = self._classes.get(canon) or self._class_entry(canon)
        if len(self._keys) >= _CACHE_MAX:
            self._keys.clear()
        self._keys[key] = entry
        return entry

    def _class_entry(self, key: tuple) -> tuple:
        rules = sorted({r for r, tests in self.single if self._passes(tests, key)})
        merged: dict[int, int] = {}
        for r in rules:
            merged.update(self.sets[r])
        elements = frozenset(e for e, tests in enumerate(self.elements) if self._passes(tests, key))
        starts = tuple(k for k, first in enumerate(self.firsts) if first in elements)  # longer patterns it may begin
        entry = (tuple(merged.items()), tuple(rules), elements, starts)
        self._classes[key] = entry  # bounded: the named values and regex outcomes are few
        return entry

    def __call__(self, doc: Any) -> Any:
        n = len(doc)
        if not n or not self.sets:
            return doc
        values = doc.to_array(self.read + [LEMMA])[:, :len(self.read)].tolist()  # two columns at least: 2-d
        keys = self._keys
        entries = [keys.get(k) or self._entry(k) for k in map(tuple, values)]
        extra: dict[int, set[int]] = {}  # token -> the longer patterns' rules that write to it
        if self.multi:
            for i in [i for i, entry in enumerate(entries) if entry[3]]:
                for k in entries[i][3]:
                    r, alt, index = self.multi[k]
                    first, m = self.firsts[k], len(alt)
                    if i + m <= n and all(first + j in entries[i + j][2] for j in range(1, m)):
                        extra.setdefault(i + index if index >= 0 else i + m + index, set()).add(r)
        out = doc.to_array(self.write + [LEMMA])[:, :len(self.write)].tolist()
        for i, entry in enumerate(entries):
            if i in extra:
                for r in sorted(set(entry[1]) | extra[i]):  # by rule, as the ruler sorts its matches
                    for col, v in self.sets[r]:
                        out[i][col] = v
            else:
                row = out[i]
                for col, v in entry[0]:
                    row[col] = v
        doc.from_array(self.write, numpy.array(out, dtype=numpy.uint64).reshape(n, len(self.write)))
        return doc


class TableLemmatizer:
    """The rule lemmatizer's lemmas kept by (form, POS, morphology) over the model's own lemmatizer; see the
    module docstring."""

    def __init__(self, vocab: Any, name: str = "lemmatizer") -> None:
        self.vocab = vocab
        self.name = name
        self.lemmatizer: Any = None
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def wrap(self, lemmatizer: Any) -> "TableLemmatizer":
        if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
            raise Unsupported("only a rule lemmatizer that keeps lemmas already set")
        # its word lists per POS as sets (module docstring)
        index = lemmatizer.lookups.get_table("lemma_index", None)
        if index is not None:
            for key in list(index.keys()):
                if isinstance(index[key], list):
                    index[key] = frozenset(index[key])
        self.lemmatizer = lemmatizer
        return self

    def __call__(self, doc: Any) -> Any:
        n = len(doc)
        if not n:
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = self._lemmas
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma:
                continue
            key = (orth, pos, morph)
            value = lemmas.get(key)
            if value is None:
                # the model's lemmatizer on this token, as its __call__ does (it validates its tables first)
                if not self.lemmatizer._validated:
                    self.lemmatizer._validate_tables(Errors.E1004)
                value = self.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                if len(lemmas) >= _CACHE_MAX:
                    lemmas.clear()
                lemmas[key] = value
            rows[i][3] = value
            changed = True
        if changed:
            doc.from_array([LEMMA], numpy.array([r[3] for r in rows], dtype=numpy.uint64))
        return doc


@Language.factory("newsweave_table_attribute_ruler")
def _make_ruler(nlp: Language, name: str) -> TableAttributeRuler:
    return TableAttributeRuler(nlp.vocab, name)


@Language.factory("newsweave_table_lemmatizer")
def _make_lemmatizer(nlp: Language, name: str) -> TableLemmatizer:
    return TableLemmatizer(nlp.vocab, name)


def _swap(nlp: Language, name: str, factory: str, take: Callable[[Any, Any], Any]) -> bool:
    """Put the component ``factory`` makes, given the stock one by ``take``, in place of ``name``."""
    if name not in nlp.component_names:
        return False
    stock = nlp.get_pipe(name)
    try:
        take(nlp.create_pipe(factory, name=name), stock)  # a trial, to leave the pipeline as it is if unsupported
    except Exception:  # Unsupported, or another spaCy's internals: the stock component stays
        return False
    disabled = name in nlp.disabled
    new = nlp.replace_pipe(name, factory)
    take(new, stock)
    if disabled:
        nlp.disable_pipe(name)
    return True


def speed_up(nlp: Language) -> list[str]:
    """Swap the model's attribute ruler and rule lemmatizer for their table-driven equivalents, where their
    patterns and settings allow; the names of the components swapped."""
    done = []
    if _swap(nlp, "attribute_ruler", "newsweave_table_attribute_ruler", lambda new, stock: new.compile(stock)):
        done.append("attribute_ruler")
    if _swap(nlp, "lemmatizer", "newsweave_table_lemmatizer", lambda new, stock: new.wrap(stock)):
        done.append("lemmatizer")
    return done
