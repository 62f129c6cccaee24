"""Where events happen: the gazetteer, place mentions and the event geocoder."""

from dyad.geo.geocoder import Geocoder

__all__ = ["Geocoder"]
