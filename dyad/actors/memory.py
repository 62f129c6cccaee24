"""What an article has said so far: bound surnames, roles and their names, antecedents."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Token

from dyad.actors.mentions import Mention, has_code, is_state
from dyad.actors.phrases import Atom
from dyad.nlp.views import views
from dyad.records import Actor

INDIVIDUAL_KINDS = {"person", "role", "counterpart"}
PLACE_KINDS = {"city", "capital"}
NOT_STATE_NAMES = {"org", "pronoun"}
# Entity labels of names that may be a body the tables do not know.
BODY_LABELS = {"ORG", "NORP", "FAC"}
ANTECEDENT_SENTENCES = 3
# The article is "mostly about" a country when it holds this share of the country mentions so far.
FOCUS_SHARE = 0.4


class Memory:
    """What the article has said so far: bound surnames, roles and their names, antecedents."""

    def __init__(self) -> None:
        self.surnames: dict[str, Actor] = {}
        self.roles: dict[str, Mention] = {}
        self.role_names: dict[tuple[str, str], str] = {}
        self.history: list[Mention] = []
        self.rulings: list[Mention] = []
        self.country_counts: dict[str, int] = {}

    def remember(self, group: list[Atom], head: Token, mention: Mention) -> None:
        actor = mention.actor
        if not has_code(actor):
            return
        people = [a for a in group if a.entry.kind in ("person", "surname")]
        for atom in people:
            self.surnames.setdefault(atom.span[-1].lower_, actor)
        for atom in group:
            if atom.entry.kind == "role" and atom.entry.name and atom.root.morph.get("Number") != ["Plur"]:
                self.roles[atom.entry.name] = mention
                if people:
                    self.role_names[(atom.entry.name, actor.code)] = actor.name or people[0].span.text
        self.history.append(mention)
        if is_state(actor.code):
            self.country_counts[actor.code] = self.country_counts.get(actor.code, 0) + 1

    def remember_ruling(self, mention: Mention) -> None:
        self.rulings.append(mention)

    def focus(self) -> str | None:
        """The country the article has mostly talked about so far, if one stands out."""
        if not self.country_counts:
            return None
        ranked = sorted(self.country_counts.items(), key=lambda kv: -kv[1])
        total = sum(self.country_counts.values())
        top, count = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        return top if count > runner_up and count >= FOCUS_SHARE * total else None

    def latest_country(self, before: int) -> str | None:
        """The state named last before this token, else the article's focus so far."""
        # A body's code is no country named: soldiers "basés au Tchad avec l'opération Barkhane" who
        # then leave "le pays" leave Chad, not France.
        states = [(m.head, m.actor.code) for m in self.history
                  if m.head < before and is_state(m.actor.code) and m.kind not in NOT_STATE_NAMES]
        return max(states)[1] if states else self.focus()

    def latest_body(self, before: int) -> Mention | None:
        """The last organisation named before this token."""
        bodies = [m for m in self.history if m.kind == "org" and m.head < before]
        return max(bodies, key=lambda m: m.head, default=None)

    def possessor(self, head: Token, possessives: set[str]) -> Mention | None:
        """Whose role "son ambassadeur" / "its army" is: the subject of the sentence so far, else
        the latest mention in it."""
        if not any(c.lower_ in possessives for c in head.children):
            return None
        start = views(head.doc).sentence_start(head.i)
        for window_start in (start, views(head.doc).sentence_start(start - 1) if start else start):
            before = [m for m in self.history if window_start <= m.head < head.i]
            subjects = [m for m in before if head.doc[m.head].dep_.startswith("nsubj")]
            if subjects or before:
                return (subjects or before)[-1]
        return None

    def by_surname(self, surname: str) -> Actor | None:
        return self.surnames.get(surname)

    def same_role(self, role: str | None) -> Mention | None:
        return self.roles.get(role) if role else None

    def bound_name(self, role: str | None, code: str) -> str | None:
        return self.role_names.get((role, code)) if role else None

    def antecedent(self, token: Token, kind: str, any_singular: bool,
                   bodies: frozenset[str] = frozenset()) -> Mention | None:
        """The latest earlier mention that fits the pronoun within a few sentences, subjects first.
        A person pronoun (`kind` "person") wants a singular antecedent of its gender: a person or a
        role, or (where the language's `il`/`elle` stand for states and bodies too) any singular
        mention; a group pronoun wants a plural or collective one; a body pronoun ("it") a singular
        state or body, a role among them only where its word names a body (`bodies`: "the junta")."""
        doc = token.doc
        if kind == "body":
            return self._body_antecedent(token, bodies)
        speaker = self._speaker(token) if kind == "group" else None
        if speaker is not None and (doc[speaker.head].morph.get("Number") == ["Plur"]
                                    or speaker.kind not in INDIVIDUAL_KINDS):
            return speaker  # "the UN team, which said they had documented..."
        sentence_starts = views(doc).sentence_starts[:bisect_right(views(doc).sentence_starts, token.i)]
        window_start = sentence_starts[-ANTECEDENT_SENTENCES] if len(sentence_starts) >= ANTECEDENT_SENTENCES else 0
        candidates = []
        for mention in self.history:
            head = doc[mention.head]
            if not window_start <= head.i < token.i:
                continue
            plural = head.morph.get("Number") == ["Plur"]
            individual = mention.kind in INDIVIDUAL_KINDS
            if kind == "person" and (plural or not (individual or any_singular) or not _same_gender(head, token)
                                     or head.lemma_.lower() in bodies):
                continue
            if kind == "group" and (not (plural or not individual) or (head.pos_ == "PRON" and not plural)):
                continue
            candidates.append(mention)
        if kind == "group":
            # "them", "ils": a plural phrase ("Mali's new leaders") before a collective singular one.
            plurals = [m for m in candidates if doc[m.head].morph.get("Number") == ["Plur"]]
            candidates = plurals or candidates
        subjects = [m for m in candidates if doc[m.head].dep_.startswith("nsubj")]
        chosen = (subjects or candidates or [None])[-1]
        if chosen is not None and self._unknown_subject_between(chosen, token):
            return None
        return chosen

    def _speaker(self, pronoun: Token) -> Mention | None:
        """Who says what the pronoun is the subject of: the subject of the verb of saying, the noun
        a relative pronoun there stands for ("a team which said they had..."), or that noun's
        possessor ("the UN's team")."""
        clause = pronoun.head
        if not (pronoun.dep_.startswith("nsubj") and clause.dep_ == "ccomp"):
            return None
        speakers = [c for c in clause.head.children if c.dep_.startswith("nsubj")]
        if not speakers:
            return None
        speaker = speakers[0]
        if "PronType=Rel" in str(speaker.morph) or speaker.tag_ in {"WDT", "WP"}:
            speaker = clause.head.head
        owners = [speaker, *(c for c in speaker.children if c.dep_ in {"poss", "nmod:poss"})]
        said_by = [m for m in self.history if any(m.start_token <= o.i < m.end_token for o in owners)]
        return said_by[-1] if said_by else None

    def _unknown_subject_between(self, mention: Mention, pronoun: Token) -> bool:
        """"Le CDM rejette la médiation. Il exige...": a named subject the tables do not know, between
        the antecedent and the pronoun, is more likely what the pronoun stands for."""
        known = self._known_tokens()
        between = pronoun.doc[mention.end_token:pronoun.i]
        return any(t.dep_.startswith("nsubj") and t.i not in known and _named(t) for t in between)

    def _known_tokens(self) -> set[int]:
        return {i for m in self.history for i in range(m.start_token, m.end_token)}

    def _body_antecedent(self, token: Token, bodies: frozenset[str]) -> Mention | None:
        """"it" for a state or a body: in what someone says, the speaker ("the EU said it would"),
        else the last body or state named before it in this sentence or the one before, provided no
        name the tables do not know comes between ("Shell told the BBC it had..." is no one we know)."""
        doc = token.doc

        def fits(mention: Mention) -> bool:
            head = doc[mention.head]
            individual = mention.kind in INDIVIDUAL_KINDS and head.lemma_.lower() not in bodies
            return not (individual or head.morph.get("Number") == ["Plur"] or head.pos_ == "PRON")

        if token.dep_.startswith("nsubj") and token.head.dep_ == "ccomp":
            said_by = self._speaker(token)
            return said_by if said_by is not None and fits(said_by) else None
        own = views(doc).sentence_start(token.i)
        start = views(doc).sentence_start(own - 1) if own else 0
        # "met the new government in Accra. He urged it": the place of a meeting is its setting.
        named = [m for m in self.history if start <= m.head < token.i and fits(m) and m.kind not in PLACE_KINDS]
        if not named:
            return None
        latest = max(named, key=lambda m: m.head)
        known = self._known_tokens()
        unknown = [e for e in views(doc).entities if latest.end_token <= e.start and e.end <= token.i and e.label_ in BODY_LABELS
                   and e.root.i not in known]
        return None if unknown else latest


def _named(token: Token) -> bool:
    """A name, tagged or not: "le CDM" is often a common noun to the tagger."""
    return token.pos_ == "PROPN" or bool(token.ent_type_) or (token.is_upper and len(token) >= 2)


def _gender(token: Token) -> str | None:
    for source in (token, *(c for c in token.children if c.dep_ == "det")):
        gender = source.morph.get("Gender")
        if gender:
            return gender[0]
    return None


def _same_gender(antecedent: Token, pronoun: Token) -> bool:
    a, b = _gender(antecedent), _gender(pronoun)
    return a is None or b is None or a == b
