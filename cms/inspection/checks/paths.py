"""Public paths of pages without a request (findings store the address a citizen sees)."""

from __future__ import annotations

from functools import lru_cache

from wagtail.models import Site


@lru_cache(maxsize=8)
def _root_paths() -> tuple[str, ...]:
    return tuple(sorted((rp.root_path for rp in Site.get_site_root_paths()), key=len, reverse=True))


def public_path(url_path: str) -> str:
    """The page's path on its site (``/xxgk/bm/jyj/zcwj/...``) from its tree ``url_path``."""
    for root in _root_paths():
        if url_path.startswith(root):
            return "/" + url_path[len(root):]
    return url_path


def clear() -> None:
    _root_paths.cache_clear()
