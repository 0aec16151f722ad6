"""One search service for all public content (Chinese analysis, engines, index sync, views)."""
