"""One synthetic document of the search benchmark, as Wagtail's search backends index it."""

from django.db import models
from wagtail.search import index


class BenchDocument(index.Indexed, models.Model):
    """The same fields the portal's own engine indexes: title (boosted), body, and filters."""

    id = models.BigIntegerField(primary_key=True)  # the document number n of /bench/<n>/
    title = models.CharField(max_length=500)
    body = models.TextField()
    type = models.CharField(max_length=20)
    department = models.CharField(max_length=100)
    date = models.DateField(null=True)
    doc_number = models.CharField(max_length=100, blank=True)

    search_fields = [
        index.SearchField("title", boost=10),
        index.SearchField("body"),
        index.FilterField("type"),
        index.FilterField("department"),
        index.FilterField("date"),
    ]

    class Meta:
        app_label = "searchbench"

    def __str__(self) -> str:
        return self.title
