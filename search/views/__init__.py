"""Public views of the site search: the page, the JSON API, autocomplete, click reports and the
OpenSearch description (URLs in ``search.urls``)."""

from .api import api_click, api_search, api_suggest
from .opensearch import opensearch
from .page import search_page

__all__ = ["api_click", "api_search", "api_suggest", "opensearch", "search_page"]
