"""RSS 2.0 feed of a column's newest items."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

FEED_LENGTH = 30


class ColumnFeed(Feed):
    """The newest ``FEED_LENGTH`` live items of one column."""

    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def __init__(self, column) -> None:
        super().__init__()
        self.column = column

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.column

    def title(self, column) -> str:
        return column.title

    def link(self, column) -> str:
        return column.get_url(self.request)

    def description(self, column) -> str:
        return column.intro or f"{column.title}栏目最新信息"

    def items(self, column):
        # The list query defers the summary; the feed shows it, so load it with the rows.
        items = column.items().defer(None).defer("body", "attachments").select_related("department")
        return list(items[:FEED_LENGTH])

    def item_title(self, item) -> str:
        return item.title

    def item_link(self, item) -> str:
        return item.get_url(self.request)

    def item_description(self, item) -> str:
        return item.summary or item.search_description or item.title

    def item_pubdate(self, item) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(item.publish_date, datetime.time(8, 0)))

    def item_author_name(self, item) -> str:
        return item.department.name if item.department_id else ""
