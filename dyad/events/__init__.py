"""Event coder: triggers, argument linking, status; one record per (actor, type, recipient, status).

Contract used by the pipeline:
    coder = EventCoder(lang)                                 # built once per process and language
    events = coder.code(doc, doc_actors, article)            # list[Event]; date and location empty
"""

from dyad.events.coder import EventCoder

__all__ = ["EventCoder"]
