"""Benchmark-only app: the documents Wagtail's own database search backend indexes in
``scripts/bench_search``.  Enabled only by ``scripts/bench/search_settings.py``."""
