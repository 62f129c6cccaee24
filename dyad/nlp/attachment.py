"""How a word of a sentence relates to an event trigger in the parse: used to pick the date and
the place that belong to the event rather than to another event of the same sentence."""

from __future__ import annotations

from spacy.tokens import Token

# Clauses that tell another event than the trigger's: one describing a noun ("l'accord conclu à
# Paris en 1961"), an adverbial one ("après avoir rencontré X lundi, il a déclaré"), reported
# content ("a annoncé que des soldats seront déployés à Ménaka"). What they date or place is theirs.
OTHER_CLAUSES = {"acl", "acl:relcl", "relcl", "advcl", "ccomp"}
# A noun trigger that is an argument of its verb shares that verb's dates and places ("une
# embuscade a visé un convoi près de Fada", "l'attaque s'est produite lundi").
ARGUMENT_DEPS = {"nsubj", "nsubj:pass", "nsubjpass", "obj", "dobj"}


def attached(node: Token, trigger: Token, max_steps: int = 4) -> bool:
    """Whether `node` hangs from the trigger (or is it) within a few steps up the tree, or from the
    verb of which a noun trigger is the subject or object."""
    heads = {trigger}
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ARGUMENT_DEPS:
        heads.add(trigger.head)
    for _ in range(max_steps):
        if node in heads or node.head in heads:
            return True
        if node.head == node:
            return False
        node = node.head
    return False


def in_other_clause(node: Token, trigger: Token) -> bool:
    """Whether `node` lies in a clause of another event that does not contain the trigger."""
    around_trigger = {trigger, *trigger.ancestors}
    while node not in around_trigger:
        if node.dep_ in OTHER_CLAUSES:
            return True
        if node.head == node:
            return False
        node = node.head
    return False
