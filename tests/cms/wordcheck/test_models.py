"""Dictionary entries: the rules of ``clean()``, uniqueness, the default dictionary and who keeps it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cms.wordcheck.defaults import DEFAULT_BANNED, DEFAULT_OUTDATED, DEFAULT_WRONG, ensure_default_words
from cms.wordcheck.models import WordEntry, WordKind
from cms.workflows.roles import PORTAL_EDITORS

pytestmark = pytest.mark.django_db


def errors_of(entry: WordEntry) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        entry.full_clean()
    return exc.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": WordKind.WRONG, "word": "按装", "correction": ""}, "correction", "必须填写正确写法"),
        ({"kind": WordKind.OUTDATED, "word": "国土资源局", "correction": " "}, "correction", "必须填写正确写法"),
        ({"kind": WordKind.WRONG, "word": "按装", "correction": "按装"}, "correction", "不能与词语相同"),
        ({"kind": WordKind.BANNED, "word": "台湾总统", "correction": "台湾地区领导人"}, "correction", "不填正确写法"),
        ({"kind": WordKind.WRONG, "word": "按", "correction": "安"}, "word", "2 到 50 个字符"),
        ({"kind": WordKind.WRONG, "word": "按 装", "correction": "安装"}, "word", "不能有空格"),
        ({"kind": WordKind.WRONG, "word": "防犯", "correction": "防范", "exceptions": "防犯罪\n预防"}, "exceptions",
         "例外短语必须包含词语“防犯”且比它长：预防"),
        ({"kind": WordKind.WRONG, "word": "防犯", "correction": "防范", "exceptions": "防犯"}, "exceptions",
         "必须包含词语"),
    ],
)
def test_clean_rules(fields, field, message):
    errors = errors_of(WordEntry(**fields))
    assert field in errors and message in errors[field][0], errors


def test_valid_entries_are_tidied():
    wrong = WordEntry(kind=WordKind.WRONG, word=" 错写 ", correction=" 正写 ", exceptions="错写法\n\n  错写者 \n错写法\n")
    wrong.full_clean()
    assert (wrong.word, wrong.correction, wrong.exceptions) == ("错写", "正写", "错写法\n错写者")
    assert wrong.exception_list() == ["错写法", "错写者"]
    banned = WordEntry(kind=WordKind.BANNED, word="禁用说法", note="应为“规范说法”")
    banned.full_clean()
    assert str(banned) == "禁用说法" and str(wrong) == "错写 → 正写"


def test_a_word_is_unique_within_its_kind_only():
    WordEntry.objects.create(kind=WordKind.WRONG, word="某某词", correction="某词")
    WordEntry.objects.create(kind=WordKind.BANNED, word="某某词")
    duplicate = WordEntry(kind=WordKind.WRONG, word="某某词", correction="某词二")
    assert errors_of(duplicate) == {"__all__": ["词库中已有这个类型的同一词语。"]}
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_the_default_dictionary_is_in_place_and_valid():
    counts = {kind: WordEntry.objects.filter(kind=kind).count() for kind in WordKind.values}
    assert counts["wrong"] >= len(DEFAULT_WRONG) >= 30
    assert counts["outdated"] >= len(DEFAULT_OUTDATED) >= 15
    assert counts["banned"] >= len(DEFAULT_BANNED) >= 5
    for entry in WordEntry.objects.all():
        entry.full_clean()
    outdated = WordEntry.objects.get(kind=WordKind.OUTDATED, word="国家工商行政管理总局")
    assert outdated.correction == "国家市场监督管理总局"
    assert "原国家工商行政管理总局" in outdated.exception_list()
    assert WordEntry.objects.get(kind=WordKind.BANNED, word="台湾总统").note == "应为“台湾地区领导人”"


def test_the_default_dictionary_is_created_once_and_keeps_editors_changes():
    entry = WordEntry.objects.get(kind=WordKind.WRONG, word="按装")
    entry.correction, entry.enabled = "安装（已核对）", False
    entry.save()
    WordEntry.objects.get(kind=WordKind.WRONG, word="既使").delete()
    before = WordEntry.objects.count()
    assert ensure_default_words(WordEntry) == 1  # only the deleted one comes back
    assert ensure_default_words(WordEntry) == 0
    assert WordEntry.objects.count() == before + 1
    entry.refresh_from_db()
    assert (entry.correction, entry.enabled) == ("安装（已核对）", False)


def test_portal_editors_keep_the_dictionary(portal):
    codenames = set(Group.objects.get(name=PORTAL_EDITORS).permissions
                    .filter(content_type__app_label="wordcheck").values_list("codename", flat=True))
    assert codenames == {f"{action}_wordentry" for action in ("add", "change", "delete", "view")}
