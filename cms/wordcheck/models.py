"""The dictionary of wrong and sensitive words (错敏词库) and the cached text of attachments.

Rules of a dictionary entry (``WordEntry.clean``):

- the word has 2–50 characters and no spaces (a one-character word would flag every text);
- 错别字/错误表述 and 过时机构名称 need their correct form, different from the word;
  敏感词/禁用词 have none (the note says why the word is wrong and what to write instead);
- each exception phrase (one per line) contains the word: a hit inside an occurrence of one
  of its entry's exception phrases is not reported (see ``matcher``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.documents import get_document_model_string

WORD_MIN_LENGTH = 2
WORD_MAX_LENGTH = 50


class WordKind(models.TextChoices):
    WRONG = "wrong", "错别字/错误表述"
    OUTDATED = "outdated", "过时机构名称"
    BANNED = "banned", "敏感词/禁用词"


#: Kinds whose entries carry the correct form.
KINDS_WITH_CORRECTION = frozenset({WordKind.WRONG, WordKind.OUTDATED})


def split_lines(value: str) -> list[str]:
    """The non-empty stripped lines of ``value``, each once, in order."""
    return list(dict.fromkeys(line.strip() for line in (value or "").splitlines() if line.strip()))


class WordEntry(models.Model):
    """One wrong, outdated or banned word with its correct form and its exception phrases."""

    kind = models.CharField("类型", max_length=10, choices=WordKind.choices, default=WordKind.WRONG)
    word = models.CharField("词语", max_length=WORD_MAX_LENGTH, help_text="要查找的写法，例如：按装。")
    correction = models.CharField(
        "正确写法", max_length=100, blank=True,
        help_text="错别字/错误表述和过时机构名称必填，例如：安装；敏感词/禁用词不填。",
    )
    exceptions = models.TextField(
        "例外短语", blank=True,
        help_text="每行一个包含该词语的正确短语，例如词语“防犯”的例外“防犯罪”；出现在例外短语中的词语不报告。",
    )
    note = models.CharField("说明", max_length=200, blank=True, help_text="例如：应为“台湾地区领导人”。")
    enabled = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("word"),
        FieldPanel("correction"),
        FieldPanel("exceptions"),
        FieldPanel("note"),
        FieldPanel("enabled"),
    ]

    class Meta:
        verbose_name = "错敏词"
        verbose_name_plural = "错敏词"
        ordering = ["kind", "word"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "word"], name="wordcheck_unique_kind_word",
                                    violation_error_message="词库中已有这个类型的同一词语。"),
        ]

    def __str__(self) -> str:
        if self.correction:
            return f"{self.word} → {self.correction}"
        return self.word

    def exception_list(self) -> list[str]:
        """The exception phrases, one per non-empty line."""
        return split_lines(self.exceptions)

    def clean(self) -> None:
        self.word = (self.word or "").strip()
        self.correction = (self.correction or "").strip()
        self.exceptions = "\n".join(self.exception_list())
        errors: dict[str, str] = {}
        if any(ch.isspace() for ch in self.word):
            errors["word"] = "词语中不能有空格。"
        elif not WORD_MIN_LENGTH <= len(self.word) <= WORD_MAX_LENGTH:
            errors["word"] = f"词语应为 {WORD_MIN_LENGTH} 到 {WORD_MAX_LENGTH} 个字符。"
        if self.kind in KINDS_WITH_CORRECTION:
            if not self.correction:
                errors["correction"] = f"“{WordKind(self.kind).label}”必须填写正确写法。"
            elif self.correction == self.word:
                errors["correction"] = "正确写法不能与词语相同。"
        elif self.correction:
            errors["correction"] = "敏感词/禁用词不填正确写法，请在“说明”中写明应如何表述。"
        if self.word and "word" not in errors:
            wrong = [phrase for phrase in self.exception_list() if self.word not in phrase or phrase == self.word]
            if wrong:
                errors["exceptions"] = f"例外短语必须包含词语“{self.word}”且比它长：{'、'.join(wrong)}"
        if errors:
            raise ValidationError(errors)


class ExtractStatus(models.TextChoices):
    OK = "ok", "已提取"
    UNSUPPORTED = "unsupported", "不支持的格式"
    ERROR = "error", "提取失败"
    TOO_LARGE = "too_large", "文件过大"


class DocumentText(models.Model):
    """The text extracted from one Wagtail document, kept until the document's file changes.

    ``file_size`` and ``file_hash`` are the document's own (Wagtail records them on upload);
    when either differs from the document's, the text is extracted again.
    """

    document = models.OneToOneField(
        get_document_model_string(), on_delete=models.CASCADE, related_name="extracted_text", verbose_name="文档"
    )
    file_name = models.CharField("文件名", max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField("文件大小", null=True)
    file_hash = models.CharField("文件哈希", max_length=40, blank=True)
    status = models.CharField("状态", max_length=12, choices=ExtractStatus.choices)
    reason = models.CharField("原因", max_length=300, blank=True)
    text = models.TextField("文字", blank=True)
    extracted_at = models.DateTimeField("提取时间", auto_now=True)

    class Meta:
        verbose_name = "附件文字"
        verbose_name_plural = "附件文字"

    def __str__(self) -> str:
        return f"{self.document_id}（{self.get_status_display()}）"
