"""Wrong and sensitive words (错敏信息): editable dictionaries and a fast multi-pattern matcher."""

from django.apps import AppConfig


class WordcheckConfig(AppConfig):
    name = "cms.wordcheck"
    label = "wordcheck"
    verbose_name = "错敏词库"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
