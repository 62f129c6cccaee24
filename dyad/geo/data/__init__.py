"""Gazetteer source tables (see dyad/geo/build.py)."""
