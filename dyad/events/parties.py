"""From a token of the parse to the actor it stands for, through the actor layer's mentions.

The actor layer resolves mentions; this module decides which mention a noun phrase stands for:
the head's own mention, else the first mention inside the phrase's core (its adjectives and
complements, not its relative clauses), and "les deux pays" for the last two countries named.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from dyad.actors import DocActors, Mention
from dyad.actors.mentions import is_state
from dyad.events.grammar import Grammar
from dyad.nlp.views import views
from dyad.records import NO_ACTOR_CODE, Actor

DESCRIBING = {"flat:name", "flat", "fixed", "poss", "nmod:poss", "nummod", "case", "det"}
CITY_KINDS = {"city", "capital"}


@dataclass(frozen=True)
class Party:
    """An actor found for an event argument, with the token it was read from."""

    actor: Actor
    token: Token
    prep: str = ""


class PartyFinder:
    def __init__(self, doc_actors: DocActors, grammar: Grammar, blocked: set[int] = frozenset()) -> None:
        """`blocked`: tokens of trigger phrases, never parties ("l'État" in "coup d'État")."""
        self.doc_actors = doc_actors
        self.grammar = grammar
        self.by_token: dict[int, Mention] = {}
        for mention in doc_actors.mentions:
            if any(i in blocked for i in range(mention.start_token, mention.end_token)):
                continue
            for i in range(mention.start_token, mention.end_token):
                self.by_token.setdefault(i, mention)

    def parties(self, token: Token, prep: str = "", deep: bool = False) -> list[Party]:
        """One party per coordinated phrase ("le Mali et la Russie" gives two). `deep` also reads
        the phrase's places ("des zones autour de Kyiv"), for recipients of verbs."""
        found: list[Party] = []
        for conjunct in self.grammar.conjuncts(token):
            for party in self._phrase(conjunct, prep, deep):
                if all(party.actor != p.actor for p in found):
                    found.append(party)
        return self._with_listed(found)

    def _with_listed(self, found: list[Party]) -> list[Party]:
        for party in list(found):
            found += [p for p in self._listed_after(party) if all(p.actor != q.actor for q in found)]
        return found

    def _listed_after(self, party: Party) -> list[Party]:
        """The parties listed after this one, whatever the parse made of the list: "au Togo, au
        Bénin et à la Côte d'Ivoire", "les présidents du Sénégal, du Ghana et du Niger"."""
        mention = self.by_token.get(party.token.i)
        if mention is None or _in_parentheses(party.token):
            return []  # a list in brackets gives examples ("des ressortissants d'Europe (Allemagne, ...)")
        doc, g = party.token.doc, self.grammar
        found: list[Party] = []
        j = mention.end_token
        sentence_end = views(doc).sentence_bounds(party.token.i)[1]
        while j < sentence_end:
            separated = False
            while j < len(doc) and (doc[j].lower_ in g.list_separators):
                separated, j = True, j + 1
            while j < len(doc) and doc[j].pos_ in {"ADP", "DET"}:
                j += 1
            following = self.by_token.get(j) if separated and j < len(doc) else None
            if following is None or following.start_token != j or doc[following.head].dep_ in g.subject:
                return found
            found.append(Party(following.actor, doc[following.head], party.prep))
            j = following.end_token
        return found

    def sentence_parties(self, sent: Span) -> list[Party]:
        """One party per mention in a sentence (its first token standing for it), in text order."""
        found: list[Party] = []
        seen: set[int] = set()
        for i in range(sent.start, sent.end):
            mention = self.by_token.get(i)
            if mention is not None and id(mention) not in seen:
                seen.add(id(mention))
                found.append(Party(mention.actor, sent.doc[i]))
        return found

    def is_city(self, token: Token) -> bool:
        """Whether the token names a city or capital ("à Abuja")."""
        mention = self.by_token.get(token.i)
        return mention is not None and mention.kind in CITY_KINDS

    def named(self, token: Token) -> list[Party]:
        """Parties the token (or a token coordinated with it) names itself, not through its phrase."""
        return self._with_listed([Party(self.by_token[t.i].actor, t) for t in self.grammar.conjuncts(token)
                                  if t.i in self.by_token])

    def _phrase(self, token: Token, prep: str, deep: bool = False) -> list[Party]:
        own = self._own(token)
        if own is not None:
            return [Party(own, token, prep), *self._coordinated_owners(token, prep)]
        pair = self._pair_parties(token, prep)
        if pair:
            return pair
        inside = self._core(token)
        if deep:
            # Not what a relative clause says of them ("les étudiants [...] qui ne peuvent plus se rendre en France").
            clauses = {t.i for c in token.subtree if c.dep_ in self.grammar.relative for t in c.subtree}
            inside += [t for t in token.subtree if t.i != token.i and t not in inside and t.i not in clauses]
        for inner in inside:
            mention = self.by_token.get(inner.i)
            if mention is not None:
                return self._with_conjuncts(inner, mention.actor, prep)
        if deep:
            # "a annulé les visas des étudiants de ces trois pays"
            return next((found for inner in inside if inner.pos_ == "NOUN" and (found := self._pair_parties(inner, prep))), [])
        return []

    def _pair_parties(self, token: Token, prep: str) -> list[Party]:
        """"ces trois pays" and the like (`_pair`); "les étudiants de ces trois pays" are those states'
        students, not their governments."""
        pair = self._pair(token)
        if not pair:
            return []
        people = self.doc_actors.actor_for_span(token, partial=True)
        if people is not None and people.sector is not None and people.code == NO_ACTOR_CODE:
            pair = [actor.model_copy(update={"sector": people.sector}) for actor in pair]
        return [Party(actor, token, prep) for actor in pair]

    def _with_conjuncts(self, inner: Token, actor: Actor, prep: str) -> list[Party]:
        """"l'aide à destination du Burkina et du Mali": a mention inside the phrase brings the
        mentions coordinated with it."""
        found = [Party(actor, inner, prep)]
        for conjunct in self.grammar.conjuncts(inner)[1:]:
            other = self.by_token.get(conjunct.i)
            if other is not None and all(other.actor != p.actor for p in found):
                found.append(Party(other.actor, conjunct, prep))
        return found

    def _coordinated_owners(self, token: Token, prep: str) -> list[Party]:
        """"les gouvernements du Burkina Faso et du Mali": the other owners coordinated inside
        the phrase's "de" complement, each a party of its own."""
        g = self.grammar
        found = []
        for child in token.children:
            if child.dep_ in {"nmod", "prep"} and child.i in self.by_token:
                cases = [c.lower_ for c in child.children if c.dep_ in g.case and c.i < child.i]
                if cases and cases[0] in g.of_preps:
                    found += [Party(self.by_token[c.i].actor, c, prep) for c in g.conjuncts(child)[1:]
                              if c.i in self.by_token]
        return found

    def _own(self, token: Token) -> Actor | None:
        mention = self.by_token.get(token.i)
        if mention is not None:
            return mention.actor
        if token.pos_ in {"PRON", "DET"}:
            return self.doc_actors.actor_for_span(token)
        return None

    def _core(self, token: Token) -> list[Token]:
        """Tokens of the phrase headed by token that describe whose it is: adjectives ("ministre
        russe"), compounds, appositions, possessors and "de"/"of" complements, not places or
        other prepositional phrases ("une intervention au Niger" is nobody's party)."""
        core: list[Token] = []
        stack = list(self._describing(token))
        while stack:
            child = stack.pop()
            core.append(child)
            stack.extend(self._describing(child))
        return sorted(core, key=lambda t: t.i)

    def _describing(self, token: Token) -> list[Token]:
        g = self.grammar
        found = []
        for child in token.children:
            if child.dep_ in g.adjective | g.compound | g.appos | g.possessive | DESCRIBING:
                found.append(child)
            elif g.style == "ud" and child.dep_ in {"nmod", "obl"}:
                cases = [c.lower_ for c in child.children if c.dep_ in g.case and c.i < child.i]
                if not cases or cases[0] in g.of_preps:
                    found.append(child)
            elif g.style != "ud" and child.dep_ == "prep" and child.lower_ in g.of_preps:
                found.extend(c for c in child.children if c.dep_ == "pobj")
        return found

    def _pair(self, token: Token) -> list[Actor]:
        """The governments of the states last named before "les deux pays" or "ces trois pays"."""
        left = token.left_edge.i
        phrase = token.doc[left:token.i + 1].text.lower()
        size = 2 if any(phrase.endswith(p) or phrase == p for p in self.grammar.pair_phrases) else self._group_size(token)
        if not size:
            return []
        found: list[Actor] = []
        # "les deux partenaires du Mali" are not Mali.
        named_inside = {self.by_token[t.i].actor.code for t in token.subtree if t.i in self.by_token}
        for mention in sorted(self.doc_actors.mentions, key=lambda m: -m.start_token):
            if mention.actor.code in named_inside:
                continue
            # The subject of the clause is not among "the two countries" it acts on.
            if mention.end_token > left or (token.doc[mention.head].dep_ in self.grammar.subject
                                            and views(token.doc).sentence_start(mention.head) == views(token.doc).sentence_start(token.i)):
                continue
            actor = mention.actor
            if (is_state(actor.code)
                    and all(a.code != actor.code for a in found)):
                found.append(Actor(text=phrase, code=actor.code, sector="GOV"))
            if len(found) == size:
                return found
        return []

    def _group_size(self, token: Token) -> int:
        """"ces trois pays": how many states a numbered group noun stands for."""
        g = self.grammar
        if token.lower_ not in g.group_nouns:
            return 0
        # "ces trois pays" points back; "le groupe des cinq États du Sahel" names its members itself.
        if not any(c.dep_ == "det" and c.lower_ in g.pointing_determiners for c in token.children):
            return 0
        return next((g.numbers[c.lower_] for c in token.children if c.i < token.i and c.lower_ in g.numbers), 0)


def _in_parentheses(token: Token) -> bool:
    texts = views(token.doc).texts
    before = texts[views(token.doc).sentence_start(token.i):token.i]
    return before.count("(") > before.count(")")
