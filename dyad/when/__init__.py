"""When events happen: time expressions, their resolution against the publication date, and
the event dater."""

from dyad.when.dater import EventDater

__all__ = ["EventDater"]
