"""Dyad: political event data from French and English news."""

__version__ = "0.1.0"
