"""Throughput of the word matcher on realistic government text (not a test).

``manage.py bench_wordcheck`` builds a pool of texts from sentences of county notices, work
news and policy documents (places, departments, dates and figures varied), plants a dictionary
word in a share of them, and runs ``WordMatcher.find`` over ``texts`` of them in turn.  The
dictionary is the default one (``defaults``), optionally with random extra words to see how a
large commercial-size dictionary behaves.  Reported: MB/s of UTF-8 text, texts/s, hits.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from .defaults import default_rows
from .matcher import WordMatcher
from .models import WordEntry

_PLACES = ("城关镇", "青山乡", "白石镇", "河西街道", "龙潭乡", "云溪县", "东坪镇", "石门乡")
_DEPARTMENTS = ("县教育局", "县交通运输局", "县财政局", "县自然资源局", "县生态环境局", "县卫生健康局",
                "县市场监督管理局", "县应急管理局", "县农业农村局", "县人力资源和社会保障局")
_SENTENCES = (
    "为深入贯彻落实党中央、国务院关于优化营商环境的决策部署，进一步提升政务服务水平，结合我县实际，制定本方案。",
    "{dept}召开{year}年度重点工作推进会，总结上半年工作成效，分析存在的问题，部署下一阶段工作任务。",
    "{month}月{day}日，{dept}组织工作人员深入{place}开展安全生产隐患排查，共检查企业{n}家，发现隐患{m}处，已全部督促整改到位。",
    "各乡镇人民政府、街道办事处，县直各单位：现将《{place}{year}年政府信息公开工作要点》印发给你们，请结合实际认真贯彻执行。",
    "本办法自{year}年{month}月{day}日起施行，有效期五年。此前有关规定与本办法不一致的，以本办法为准。",
    "申请人应当提交以下材料：申请书原件一份；营业执照副本复印件一份；法定代表人身份证明一份；其他需要提交的材料。",
    "全年共受理政府信息公开申请{n}件，其中当面申请{m}件，网上申请{k}件，均在法定期限内予以答复。",
    "据统计，{year}年全县完成固定资产投资{n}亿元，同比增长{m}%，其中工业投资增长{k}%。",
    "{place}严格落实耕地保护制度，完成高标准农田建设{n}亩，粮食播种面积稳定在{m}万亩以上。",
    "会议强调，要坚持以人民为中心的发展思想，着力解决群众急难愁盼问题，不断增强人民群众的获得感、幸福感、安全感。",
    "联系人：{dept}办公室，联系电话：0760-{n}{m}，地址：云溪县城关镇人民路{k}号，邮编：{n}{m}。",
    "对违反本规定的，由{dept}责令限期改正；逾期不改正的，依法予以处罚；构成犯罪的，依法追究刑事责任。",
    "各单位要高度重视，明确专人负责，按时报送相关材料，确保各项工作任务落到实处、取得实效。",
    "{dept}认真落实“双随机、一公开”监管要求，全年开展联合抽查{n}次，抽查市场主体{m}户，结果全部向社会公开。",
    "为切实做好汛期防汛工作，{place}成立防汛抗旱指挥部，实行二十四小时值班制度，确保人民群众生命财产安全。",
    "本项目总投资{n}万元，建设内容包括道路硬化{m}公里、排水管网{k}公里及配套附属设施，计划工期{m}个月。",
)


@dataclass(frozen=True)
class BenchResult:
    texts: int
    megabytes: float
    seconds: float
    hits: int
    entries: int

    @property
    def mb_per_second(self) -> float:
        return self.megabytes / self.seconds if self.seconds else float("inf")

    @property
    def texts_per_second(self) -> float:
        return self.texts / self.seconds if self.seconds else float("inf")


def _sentence(rng: random.Random) -> str:
    return rng.choice(_SENTENCES).format(
        dept=rng.choice(_DEPARTMENTS), place=rng.choice(_PLACES), year=rng.randint(2019, 2026),
        month=rng.randint(1, 12), day=rng.randint(1, 28), n=rng.randint(10, 9999), m=rng.randint(1, 99),
        k=rng.randint(1, 999),
    )


def make_texts(count: int, chars: int, planted_share: float, seed: int = 2026) -> list[str]:
    """``count`` texts of about ``chars`` characters; ``planted_share`` of them hold one dictionary word."""
    rng = random.Random(seed)
    words = [row[0] for _, row in default_rows()]
    texts = []
    for _ in range(count):
        parts: list[str] = []
        size = 0
        while size < chars:
            sentence = _sentence(rng)
            parts.append(sentence)
            size += len(sentence)
        if rng.random() < planted_share:
            parts.insert(rng.randrange(len(parts)), rng.choice(words))
        texts.append("".join(parts)[:chars])
    return texts


def dictionary(extra_words: int, seed: int = 7) -> list[WordEntry]:
    """The default entries (unsaved), plus ``extra_words`` random 3–6 character Chinese words."""
    entries = [WordEntry(pk=n, kind=kind, word=word, correction=correction, exceptions=exceptions, note=note)
               for n, (kind, (word, correction, exceptions, note)) in enumerate(default_rows(), start=1)]
    rng = random.Random(seed)
    common = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"  # noqa: E501
    seen = {entry.word for entry in entries}
    while len(entries) < len(default_rows()) + extra_words:
        word = "".join(rng.choice(common) for _ in range(rng.randint(3, 6)))
        if word not in seen:
            seen.add(word)
            entries.append(WordEntry(pk=len(entries) + 1, kind="banned", word=word))
    return entries


def run(texts: int = 100_000, chars: int = 2_000, pool: int = 2_000, planted_share: float = 0.1,
        extra_words: int = 0) -> BenchResult:
    """Match ``texts`` texts (cycling through a pool of ``pool`` distinct ones) and time it."""
    sample = make_texts(pool, chars, planted_share)
    sizes = [len(text.encode()) for text in sample]
    matcher = WordMatcher(dictionary(extra_words))
    for text in sample[:50]:  # warm up
        matcher.find(text)
    hits = 0
    total = 0
    started = time.perf_counter()
    for n in range(texts):
        hits += len(matcher.find(sample[n % pool]))
        total += sizes[n % pool]
    seconds = time.perf_counter() - started
    return BenchResult(texts=texts, megabytes=total / 1_000_000, seconds=seconds, hits=hits, entries=len(matcher))
