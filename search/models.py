"""Search data: the embedded index's document table, the index outbox, the vocabulary, the
editors' dictionaries (user words, synonyms, best bets) and the query log."""

from __future__ import annotations

import re

from django.db import models
from django.utils import timezone


class IndexedDocument(models.Model):
    """One document of the embedded engine (the full-text part lives in ``search_fts`` on
    SQLite and in the ``tsv`` column on PostgreSQL, both managed by raw SQL)."""

    key = models.CharField("键", max_length=80, unique=True)
    type = models.CharField("类型", max_length=40)
    group = models.CharField("分组", max_length=20)
    title = models.CharField("标题", max_length=500)
    body = models.TextField("正文摘录", blank=True)
    url = models.CharField("网址", max_length=500)
    department = models.CharField("部门", max_length=100, blank=True)
    date = models.DateField("日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    indexed_at = models.FloatField("写入时间", default=0.0, help_text="Unix 时间戳；全量重建据此删除未重写的文档。")

    class Meta:
        verbose_name = "索引文档"
        verbose_name_plural = "索引文档"
        indexes = [
            models.Index(fields=["type", "date"], name="search_doc_type_date"),
            models.Index(fields=["department", "date"], name="search_doc_dept_date"),
            models.Index(fields=["date"], name="search_doc_date"),
            models.Index(fields=["doc_number"], name="search_doc_docnum"),
        ]

    def __str__(self) -> str:
        return self.title


class OutboxEntry(models.Model):
    """A searchable object that changed and must be re-read into the index.

    Written in the same database transaction as the change (publish, unpublish, delete, move,
    edit), so no change is lost when the worker is down; the drain task re-reads each object's
    current state, which makes draining idempotent and order-free.
    """

    type_key = models.CharField("类型", max_length=40)
    object_id = models.CharField("对象", max_length=40)
    reason = models.CharField("原因", max_length=20)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "索引待办"
        verbose_name_plural = "索引待办"

    def __str__(self) -> str:
        return f"{self.type_key}:{self.object_id} ({self.reason})"


class VocabularyTerm(models.Model):
    """A word of indexed titles and bodies, with its pinyin: the source of spelling
    corrections (您是不是要找), pinyin conversion and autocomplete."""

    term = models.CharField("词语", max_length=40, unique=True)
    pinyin = models.CharField("全拼", max_length=160, db_index=True)
    initials = models.CharField("首字母", max_length=40, db_index=True)
    doc_count = models.IntegerField("文档数", default=0)

    class Meta:
        verbose_name = "索引词汇"
        verbose_name_plural = "索引词汇"

    def __str__(self) -> str:
        return self.term


class UserWord(models.Model):
    """A word editors add to the segmentation dictionary so it is kept whole (跨省通办)."""

    word = models.CharField("词语", max_length=40, unique=True)
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "用户词典"
        verbose_name_plural = "用户词典"
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


_TERM_SPLIT = re.compile(r"[\s,，、=;；|/]+")


class Synonym(models.Model):
    """Words that mean the same to a citizen (办事大厅 = 政务服务大厅): a query for one finds all."""

    terms = models.CharField("同义词", max_length=300, help_text="用逗号、顿号、空格或等号分隔，例如：办事大厅，政务服务大厅")
    note = models.CharField("说明", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "同义词"
        verbose_name_plural = "同义词"
        ordering = ["terms"]

    def __str__(self) -> str:
        return " = ".join(self.term_list())

    def term_list(self) -> list[str]:
        return [t for t in dict.fromkeys(_TERM_SPLIT.split(self.terms.strip())) if t]


class BestBet(models.Model):
    """A result editors pin to the top for a query (推荐结果)."""

    query = models.CharField("搜索词", max_length=100)
    query_key = models.CharField("规范化搜索词", max_length=100, db_index=True, editable=False, default="")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="页面", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("标题", max_length=200, blank=True, help_text="留空则使用页面标题。")
    url = models.CharField("网址", max_length=500, blank=True, help_text="不选页面时填写，以 / 或 https:// 开头。")
    description = models.CharField("说明", max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "推荐结果"
        verbose_name_plural = "推荐结果"
        ordering = ["query", "sort_order"]

    def __str__(self) -> str:
        return f"{self.query} → {self.display_title}"

    def save(self, *args, **kwargs):
        from .analysis.normalize import normalize

        self.query_key = normalize(self.query).replace(" ", "")[:100]
        super().save(*args, **kwargs)

    @property
    def display_title(self) -> str:
        return self.title or (self.page.title if self.page_id else self.url)

    @property
    def target_url(self) -> str:
        if self.page_id:
            return self.page.url or ""
        return self.url


class QueryLog(models.Model):
    """One search, for the editors' report.  No raw IP address is stored: ``client`` is a
    keyed hash of the address that changes every day (个人信息保护法 第五十一条, data minimisation)."""

    query = models.CharField("搜索词", max_length=100, db_index=True)
    filters = models.CharField("筛选条件", max_length=200, blank=True)
    result_count = models.PositiveIntegerField("结果数")
    client = models.CharField("访客标识", max_length=16, blank=True)
    source = models.CharField("来源", max_length=10, default="page")
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "搜索记录"
        verbose_name_plural = "搜索记录"
        indexes = [models.Index(fields=["created_at", "query"], name="search_log_time_query")]

    def __str__(self) -> str:
        return self.query


class QueryClick(models.Model):
    """A result opened from a search (click-through)."""

    log = models.ForeignKey(QueryLog, verbose_name="搜索", on_delete=models.CASCADE, related_name="clicks")
    url = models.CharField("网址", max_length=500)
    position = models.PositiveSmallIntegerField("位置")
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "搜索点击"
        verbose_name_plural = "搜索点击"
        constraints = [models.UniqueConstraint(fields=["log", "url"], name="search_click_once_per_log")]


