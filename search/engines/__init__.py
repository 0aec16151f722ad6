"""Search engines behind one contract (``base.SearchEngine``): embedded (SQLite FTS5 or
PostgreSQL full text on the database in use) and Elasticsearch (``ELASTICSEARCH_URL``)."""

from __future__ import annotations

import functools

from django.conf import settings


@functools.cache
def _engine_for(url: str, vendor: str):
    if url:
        from .elastic import ElasticsearchEngine

        return ElasticsearchEngine(url, prefix=getattr(settings, "SEARCH_INDEX_PREFIX", "gongkai"))
    from .embedded import embedded_engine

    return embedded_engine(vendor)


def get_engine():
    """The configured engine: Elasticsearch when ``ELASTICSEARCH_URL`` is set, else embedded."""
    from django.db import connection

    return _engine_for(getattr(settings, "ELASTICSEARCH_URL", "") or "", connection.vendor)
