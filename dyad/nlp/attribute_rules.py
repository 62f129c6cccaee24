"""The packaged models' attribute rules, applied to a Doc's attribute columns at once.

A model's `attribute_ruler` runs spaCy's token Matcher, which tries every one of its patterns at
every token (about 7 microseconds a token for French's 23 one-token rules: 6% of the whole parse),
then sets the matched tokens' attributes one by one. `AttributeRules` gives the same result from a
few column comparisons: each one-token pattern of plain values (`{"POS": "ADJ"}`, `IN` / `NOT_IN`
sets) becomes a boolean mask over the Doc's columns, any other pattern (English has a few of two
tokens) still goes through a Matcher, and every rule's attributes are then written in rule order, so
a later rule overrides an earlier one, as in the ruler. It reads the packaged ruler's own patterns,
so a new model version needs no change here; tests/test_column_components.py checks that both give
the same tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy
from spacy.attrs import DEP, IDS, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc

ATTRIBUTE_RULES = "dyad_attribute_rules"
# Token attributes with no lexeme counterpart: writing them to the token alone is all the ruler does.
WRITABLE = {TAG, POS, MORPH, DEP, LEMMA}
# Pattern keys whose values the Matcher compares as they are in Doc.to_array.
COLUMN_KEYS = {key for key in IDS if key not in {"MORPH", "ENT_IOB", "SENT_START", "IS_SENT_START", "TEXT", "_", "OP"}}
SET_PREDICATES = ("IN", "NOT_IN")


@dataclass(frozen=True)
class TokenTest:
    """One attribute's condition on a token: equal to a value, in or not in a set, or (for a string
    attribute) matched by a regular expression, as the Matcher reads each."""

    column: int
    values: numpy.ndarray
    negated: bool = False
    regex: re.Pattern | None = None

    def holds(self, table: numpy.ndarray, strings: StringStore) -> numpy.ndarray:
        column = table[:, self.column]
        if self.regex is not None:
            found = {value: bool(self.regex.search(strings[value])) for value in set(column.tolist())}
            return numpy.fromiter((found[value] for value in column.tolist()), dtype=bool, count=len(column))
        # numpy.isin costs tens of microseconds a call, a comparison one or two.
        inside = column == self.values[0] if len(self.values) == 1 else numpy.isin(column, self.values)
        return ~inside if self.negated else inside


@dataclass(frozen=True)
class Pattern:
    """A pattern of a fixed number of tokens, as tests per token, and which of them gets the attributes."""

    tokens: tuple[tuple[TokenTest, ...], ...]
    target: int

    @cached_property
    def required(self) -> tuple[tuple[int, int], ...]:
        """(column, value) pairs the doc must hold somewhere for the pattern to match."""
        return tuple((test.column, int(test.values[0])) for tests in self.tokens for test in tests
                     if len(test.values) == 1 and not test.negated and test.regex is None)

    def targets(self, table: numpy.ndarray, strings: StringStore, present: list[set[int]]) -> numpy.ndarray:
        """Which tokens of the doc the pattern's attributes go to; `present` holds the values each
        column has in the doc, which rules out most patterns before any array is compared."""
        length, width = len(table), len(self.tokens)
        found = numpy.zeros(length, dtype=bool)
        if width > length or any(value not in present[column] for column, value in self.required):
            return found
        starts = numpy.ones(length - width + 1, dtype=bool)
        for offset, tests in enumerate(self.tokens):
            for test in tests:
                starts &= test.holds(table, strings)[offset:offset + len(starts)]
        found[self.target:self.target + len(starts)] = starts
        return found


@Language.factory(ATTRIBUTE_RULES)
def make_attribute_rules(nlp: Language, name: str) -> AttributeRules:
    return AttributeRules(nlp)


class AttributeRules:
    """Applies a packaged AttributeRuler's rules to whole attribute columns (see the module docstring)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.columns: list[int] = []
        self.rules: list[tuple[int, list[Pattern]]] = []
        self.attrs: list[dict[int, int]] = []
        self.indices: list[int] = []
        self.residual = Matcher(nlp.vocab)

    def copy_from(self, ruler: AttributeRuler) -> None:
        """Take over the packaged ruler's patterns and attributes."""
        if any(set(attrs) - WRITABLE for attrs in ruler.attrs):
            raise ValueError("the attribute ruler sets attributes these rules do not write")
        self.attrs = [dict(attrs) for attrs in ruler.attrs]
        self.indices = list(ruler.indices)
        self.rules = []
        for attr_id in range(len(ruler.attrs)):
            key = ruler.vocab.strings.add(str(attr_id))
            compiled, rest = [], []
            for pattern in ruler.matcher.get(key)[1]:
                tokens = self._compile(pattern)
                if not -len(pattern) <= ruler.indices[attr_id] < len(pattern):
                    raise ValueError(f"attribute rule {attr_id} points past its pattern")
                target = ruler.indices[attr_id] % len(pattern)
                if tokens is None:
                    rest.append(pattern)
                else:
                    compiled.append(Pattern(tokens, target))
            if compiled:
                self.rules.append((attr_id, compiled))
            if rest:
                self.residual.add(str(attr_id), rest)

    def _compile(self, pattern: list[dict]) -> tuple[tuple[TokenTest, ...], ...] | None:
        """The pattern as column tests, or None where only the Matcher can run it (operators such as
        OP, comparisons, extension attributes)."""
        tokens = []
        for spec in pattern:
            tests = []
            for key, value in spec.items():
                if not isinstance(key, str) or key.upper() not in COLUMN_KEYS:
                    return None
                column = self._column(IDS[key.upper()])
                if not isinstance(value, dict):
                    tests.append(TokenTest(column, numpy.array([self._value(value)], dtype="uint64")))
                    continue
                if len(value) != 1:
                    return None
                (predicate, operand), = value.items()
                if predicate == "REGEX" and isinstance(operand, str):
                    tests.append(TokenTest(column, numpy.array([], dtype="uint64"), regex=re.compile(operand)))
                elif predicate in SET_PREDICATES:
                    values = numpy.array(sorted({self._value(option) for option in operand}), dtype="uint64")
                    tests.append(TokenTest(column, values, negated=predicate == "NOT_IN"))
                else:
                    return None
            tokens.append(tuple(tests))
        return tuple(tokens)

    def _column(self, attr: int) -> int:
        if attr not in self.columns:
            self.columns.append(attr)
        return self.columns.index(attr)

    def _value(self, value: str | int | bool) -> int:
        # As the Matcher reads a pattern's value: a string by its hash, a bool as 0 or 1.
        return self.nlp.vocab.strings.add(value) if isinstance(value, str) else int(value)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not self.attrs:
            return doc
        strings = self.nlp.vocab.strings
        table = doc.to_array(self.columns).reshape(len(doc), len(self.columns))
        present = [set(column) for column in table.T.tolist()]
        matched: dict[int, numpy.ndarray] = {}
        for attr_id, patterns in self.rules:
            mask = patterns[0].targets(table, strings, present)
            for pattern in patterns[1:]:
                mask |= pattern.targets(table, strings, present)
            matched[attr_id] = mask
        for match_id, start, end in self.residual(doc, allow_missing=True) if len(self.residual) else ():
            attr_id = int(strings[match_id])
            index = self.indices[attr_id]
            mask = matched.setdefault(attr_id, numpy.zeros(len(doc), dtype=bool))
            mask[(start if index >= 0 else end) + index] = True
        self._write(doc, matched)
        return doc

    def _write(self, doc: Doc, matched: dict[int, numpy.ndarray]) -> None:
        """Write each rule's attributes where it matched, in rule order: later rules win."""
        written = sorted({attr for attr_id, mask in matched.items() if mask.any() for attr in self.attrs[attr_id]})
        if not written:
            return
        values = doc.to_array(written).reshape(len(doc), len(written))
        for attr_id, mask in sorted(matched.items()):
            if not mask.any():
                continue
            for attr, value in self.attrs[attr_id].items():
                values[mask, written.index(attr)] = value
        doc.from_array(written, values)
