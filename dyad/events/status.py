"""Status of an event from its clause: negated (negation, denial), intended (future, conditional,
intention verbs), occurred; None where the event is hypothetical or asked about and is not coded.
Cue words live in dyad/lang/<lang>/modality.yaml."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from dyad.events.grammar import Grammar, grammar
from dyad.lang import read_yaml
from dyad.nlp.views import views
from dyad.records import Status

CLIMB_LIMIT = 6
QUESTION_MARKS = {"?", "?!", "!?"}
CLIMB_DEPS = {"obl:arg", "xcomp", "pcomp", "pobj", "prep"}
CLOSERS = {'"', "»", "”", "’", "'", ")", "’’"}


class StatusReader:
    def __init__(self, lang: str) -> None:
        raw = read_yaml(lang, "modality.yaml")
        self.g: Grammar = grammar(lang)
        self.intend_verbs = frozenset(raw["intend_verbs"])
        self.intend_morph = tuple(raw["intend_morph"])
        self.negation = frozenset(raw["negation"])
        self.deny_verbs = frozenset(raw["deny_verbs"])
        self.hypothetical = frozenset(raw["hypothetical_marks"])
        self.intend_nouns = frozenset(raw.get("intend_nouns", ()))
        self.since_words = frozenset(raw.get("since_words", ()))
        self.purpose_marks = frozenset(raw.get("purpose_marks", ()))
        self.intend_adverbs = frozenset(raw.get("intend_adverbs", ()))

    def status(self, clause: Token, trigger: Token) -> Status | None:
        """Status of the event whose tense and polarity `clause` carries; None if not to be coded."""
        if is_question(trigger):
            return None
        negated = intended = False
        if trigger.i != clause.i and trigger.head.i != trigger.i and self.g.lemma(trigger.head) in self.intend_nouns:
            intended = True
        if self._ahead(trigger) or self._ahead(clause):
            intended = True
        if trigger.i != clause.i and self.g.lemma(clause) in self.deny_verbs:
            negated = True  # "the meeting was cancelled", "a démenti l'octroi d'une mine"
        current = clause
        for _ in range(CLIMB_LIMIT):
            if self._hypothetical(current):
                return None
            if current.pos_ in {"VERB", "AUX", "ADJ"}:
                negated = negated or self._negated(current)
                intended = intended or self._future(current)
            parent = current.head
            if parent.i == current.i or not (self._climbs(current) or self._purpose(current)):
                break
            lemma = self.g.lemma(parent)
            if lemma in self.deny_verbs:
                negated = True
            if lemma in self.intend_verbs or lemma in self.intend_nouns:
                intended = True
            current = parent
        if negated:
            return "negated"
        return "intended" if intended else "occurred"

    def presupposed(self, noun: Token, verb: Token) -> Status | None:
        """An event noun that a verb talks about without making it ("condemned the invasion", "this
        does not extend to the invasion") happened, whatever that verb's tense or polarity; unless
        the verb plans it, cancels it, or asks about it."""
        if is_question(noun):
            return None
        lemma = self.g.lemma(verb)
        if lemma in self.deny_verbs:
            return "negated"
        if lemma in self.intend_verbs or lemma in self.intend_nouns:
            return "intended"
        return "occurred"

    def _climbs(self, token: Token) -> bool:
        """Whether the verb above shares this token's tense and polarity: complements, objects,
        coordinated verbs and infinitive relatives ("dans un délai bref livrer")."""
        g = self.g
        if token.dep_ in g.participle:
            return "VerbForm=Inf" in str(token.morph)
        return token.dep_ in (g.clausal - {"advcl"}) | g.object | g.passive_subject | g.conj | CLIMB_DEPS

    def _negated(self, verb: Token) -> bool:
        for child in verb.children:
            if child.dep_ == "neg" or ("Polarity=Neg" in str(child.morph) and child.i < verb.i + 3):
                return True
            if child.dep_ == "advmod" and child.lower_ in self.negation:
                return True
        return False

    def _future(self, verb: Token) -> bool:
        forms = [verb, *[c for c in verb.children if c.dep_ in self.g.aux]]
        for form in forms:
            morph = str(form.morph)
            if any(cue in morph for cue in self.intend_morph):
                return True
            if form.i != verb.i and self.g.lemma(form) in self.intend_verbs:
                return True
        return False

    def in_progress(self, verb: Token) -> bool:
        """"are striking a deal": a present participle with a present-tense "be"."""
        if verb.tag_ != "VBG":
            return False
        return any(c.dep_ in self.g.aux and self.g.lemma(c) == "be" and "Tense=Pres" in str(c.morph)
                   for c in verb.children)

    def _ahead(self, token: Token) -> bool:
        """An adverb of the near future on the event's own word ("se retirera bientôt", "le départ,
        très prochainement, du Niger"), or just before an event noun's complement."""
        if token.pos_ in {"VERB", "AUX"} and "Tense=Past" in str(token.morph):
            return False  # "eventually bowed": at last, not yet
        near = [c for c in token.children if c.pos_ == "ADV"]
        near += [t for t in token.doc[token.i + 1:min(token.i + 4, views(token.doc).sentence_bounds(token.i)[1])] if t.pos_ == "ADV"]
        return any(t.lower_ in self.intend_adverbs for t in near)

    def _purpose(self, token: Token) -> bool:
        """A purpose clause shares the tense of the act it serves: "agirait pour réduire" is
        intended, "a profité de l'occasion pour dénoncer" occurred."""
        if token.dep_ != "advcl" or "VerbForm=Inf" not in str(token.morph):
            return False
        return _marked(token, self.g.mark | self.g.aux | {"mark", "aux"}, self.purpose_marks)

    def _hypothetical(self, token: Token) -> bool:
        # "met en garde si la France ose agresser le Niger": a condition, or an indirect question,
        # whichever way the parser attached it.
        if token.dep_ not in {"advcl", "ccomp"}:
            return False
        return _marked(token, self.g.mark | {"mark"}, self.hypothetical)


def _marked(clause: Token, deps: set[str], cues: frozenset[str]) -> bool:
    """Whether the words that introduce a clause ("pour", "in order to", "si") start or end with a cue."""
    marks = " ".join(c.lower_ for c in clause.children if c.i < clause.i and c.dep_ in deps)
    return any(marks == m or marks.startswith(m + " ") or marks.endswith(" " + m) for m in cues)


def is_question(token: Token) -> bool:
    start, end = views(token.doc).sentence_bounds(token.i)
    texts = [text for text in views(token.doc).texts[start:end] if not text.isspace() and text not in CLOSERS]
    return bool(texts) and texts[-1] in QUESTION_MARKS


@cache
def status_reader(lang: str) -> StatusReader:
    return StatusReader(lang)
