"""Admin for the topic taxonomy (主题分类)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "主题分类"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "parent", "order"]
    search_fields = ["name"]
    list_per_page = 50


register_snippet(TopicViewSet)
