"""Actor layer: find every mention of a state, organisation, group or person and resolve it.

Contract used by the event coder:
    resolver = ActorResolver(lang, extra_actors=None)       # built once per process and language
    doc_actors = resolver.analyse(doc, published)           # once per parsed article (spaCy Doc)
    doc_actors.mentions                                     # list[Mention], in text order
    doc_actors.partial                                      # mentions with a sector but no code
    doc_actors.actor_for_span(span)                         # Actor | None for any spaCy Span/Token
See docs/actors.md.
"""

from dyad.actors.mentions import DocActors, Mention
from dyad.actors.resolver import ActorResolver

__all__ = ["ActorResolver", "DocActors", "Mention"]
