"""Relevance on a small labelled set: what a citizen types, and the document that must come
first (or within the first three).  Covers part-of-word, pinyin, wrong characters, synonyms,
traditional characters, plain-language questions, title weight and 文号."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from search.engines import get_engine
from search.indexing import add_vocabulary, analyse
from search.service import SearchRequest, search

CORPUS = {
    "g1": ("营业执照变更登记办事指南", "企业名称、住所、法定代表人变更的，向市场监督管理局申请营业执照变更登记。", "guide"),
    "g2": ("社会保障卡申领办事指南", "首次申领社会保障卡可在政务服务大厅人社窗口办理，也可网上申请。", "guide"),
    "g3": ("不动产登记办事指南", "不动产首次登记、转移登记、抵押登记在不动产登记中心办理。", "guide"),
    "p1": ("关于全面推行证明事项告知承诺制的实施方案", "对申请人承诺符合条件的，行政机关不再索要有关证明。", "policy"),
    "p2": ("关于公布第二批跨省通办事项清单的通知", "与五个合作地区签订跨省通办合作协议，新增事项三十项。", "policy"),
    "p3": ("关于优化营商环境的若干措施", "压缩企业开办时间，营业执照当日可领。", "policy"),
    "p4": ("执行标准化工作规范的通知", "各单位严格执行标准化建设要求。", "policy"),
    "a1": ("12345热线上半年工作情况", "市长热线受理群众诉求一万余件，按时办结率百分之九十九。", "article"),
    "a2": ("县政务服务中心推出延时服务", "办事群众可在中午和周六到政务服务中心办理业务。", "article"),
    "a3": ("住房公积金提取政策解读", "职工购买自住住房可以提取住房公积金。", "article"),
}

#: (query, the document expected first, how many places it may fall)
LABELS = [
    ("执照", "g1", 2),
    ("营业执照变更", "g1", 1),
    ("yingyezhizhao", "g1", 2),
    ("yyzz", "g1", 2),
    ("告之承诺", "p1", 1),
    ("承诺制", "p1", 1),
    ("跨省通办", "p2", 1),
    ("办事大厅", "g2", 3),
    ("市长热线", "a1", 1),
    ("營業執照變更登記", "g1", 1),
    ("怎么办理社保卡", "g2", 1),
    ("不动产", "g3", 1),
    ("公积金提取", "a3", 1),
    ("shbzk", "g2", 1),
]


@pytest.fixture
def corpus(db):
    engine = get_engine()
    engine.clear()
    entries, vocabulary = [], Counter()
    for key, (title, body, type_) in CORPUS.items():
        entry, words = analyse(f"{type_}:{key}", type_, "政府信息" if type_ != "guide" else "办事服务",
                               {"title": title, "body": body, "url": f"/{key}/", "date": datetime.date(2026, 1, 1)})
        entries.append(entry)
        vocabulary.update(set(words))
    engine.index(entries)
    add_vocabulary(vocabulary)
    return engine


@pytest.mark.parametrize(("query", "expected", "within"), LABELS, ids=[q for q, _, _ in LABELS])
def test_the_expected_document_ranks_near_the_top(portal, corpus, query, expected, within):
    response = search(SearchRequest(q=query))
    urls = [r.url for r in response.results]
    assert f"/{expected}/" in urls[:within], (query, [r.title for r in response.results])


def test_execute_is_not_a_licence(portal, corpus):
    assert "/p4/" not in [r.url for r in search(SearchRequest(q="执照")).results]


def test_a_wrong_character_is_offered_as_a_suggestion(portal, corpus):
    response = search(SearchRequest(q="告之承诺"))
    assert response.suggestion == "告知承诺"


def test_the_title_outranks_the_body(portal, corpus):
    urls = [r.url for r in search(SearchRequest(q="营业执照")).results]
    assert urls.index("/g1/") < urls.index("/p3/")
