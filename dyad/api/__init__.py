"""Dyad's REST API and dashboard: `create_app(db_path)` (served by `dyad serve`)."""

from dyad.api.app import create_app

__all__ = ["create_app"]
