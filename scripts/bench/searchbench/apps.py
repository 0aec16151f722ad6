from django.apps import AppConfig


class SearchBenchConfig(AppConfig):
    name = "searchbench"
    label = "searchbench"
    verbose_name = "搜索基准文档"
    default_auto_field = "django.db.models.BigAutoField"
