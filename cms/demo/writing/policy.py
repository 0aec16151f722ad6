"""Policy documents (政策文件), their interpretations (政策解读) and departments' notices (通知公告)."""

from __future__ import annotations

import datetime

from cms.demo.departments import DemoDepartment
from cms.demo.themes import Task

from .common import Item, Writer, addressees, cn_date, heading, paragraphs, place_name, signature, summarize

GOALS = (
    "坚持以人民为中心的发展思想，坚持问题导向和目标导向，聚焦群众急难愁盼问题，",
    "坚持统筹推进、分类施策、务实高效，",
    "坚持党政同责、一岗双责、齐抓共管，",
)
SAFEGUARDS = (
    ("加强组织领导", "各单位要把此项工作列入重要议事日程，主要负责同志亲自抓，分管负责同志具体抓。"),
    ("强化督促检查", "{speaker}将采取明查暗访、随机抽查等方式开展督导，对工作推进不力的予以通报。"),
    ("加强宣传引导", "要充分利用政府网站、政务新媒体和村（社区）公示栏等渠道宣传政策，提高群众知晓度。"),
    ("严格考核问责", "工作开展情况纳入年度目标管理考核，对敷衍塞责、弄虚作假的依规依纪严肃处理。"),
    ("做好信息报送", "请各单位于每月5日前将上月工作进展情况报送{speaker}，遇重要情况随时报告。"),
)
TERM_TASKS = {"学生资助", "课后服务", "校园安全"}
HOLIDAYS = ((1, "春节"), (2, "春节"), (3, "清明节"), (4, "劳动节"), (5, "端午节"), (6, "端午节"),
            (9, "中秋节、国庆节"), (12, "元旦"))


class DocNumbers:
    """The 发文字号 sequence of one organ: 云教发〔2026〕12号, with gaps (not every document is public)."""

    def __init__(self, writer: Writer, prefix: str) -> None:
        self.writer, self.prefix, self.last = writer, prefix, {}

    def next(self, year: int) -> str:
        self.last[year] = self.last.get(year, 0) + self.writer.rng.randint(1, 3)
        return f"{self.prefix}〔{year}〕{self.last[year]}号"


def _approval(department: DemoDepartment) -> str:
    if department.slug == "xzfb":
        return "经县人民政府同意"
    if department.is_township:
        return f"经{department.short_name}党委、政府研究同意"
    return "经局党组会议研究同意" if department.short_name.endswith("局") else "经研究同意"


def _sections(w: Writer, department: DemoDepartment, task: Task, year: int) -> str:
    """总体要求 · 主要任务 · 保障措施, the usual frame of a county document."""
    goal = f"{w.pick(GOALS)}{task.purpose.split('，')[0]}，确保{year}年底前各项工作任务全面完成。"
    body = heading(f"一、{w.pick(('总体要求', '工作目标'))}") + paragraphs(goal)
    body += heading(f"二、{w.pick(('主要任务', '工作重点', '重点任务'))}") + paragraphs(
        *(f"（{'一二三四五'[i]}）{m}" for i, m in enumerate(task.measures))
    )
    safeguards = w.sample(SAFEGUARDS, 3)
    body += heading(f"三、{w.pick(('保障措施', '工作要求'))}") + paragraphs(
        *(f"（{'一二三'[i]}）{t}。{text.format(speaker=department.speaker)}" for i, (t, text) in enumerate(safeguards))
    )
    return body


def _plan_name(department: DemoDepartment, task: Task, day: datetime.date) -> str:
    return f"{place_name(department)}{task.name}工作实施方案"


def policy(w: Writer, department: DemoDepartment, task: Task, day: datetime.date, numbers: DocNumbers,
           substantive: bool = False, today: datetime.date | None = None) -> Item:
    """One policy document published on ``day``; ``substantive`` ones are worth an interpretation.

    A yearly notice (“关于做好2024年……的通知”) runs out at the end of its year: before ``today``'s
    year it is 失效.  Now and then an older opinion has been 废止 by a newer document.
    """
    today = today or day
    written = day - datetime.timedelta(days=w.rng.randint(2, 9))
    number = numbers.next(written.year)
    intro = f"为{task.purpose}，根据国家和省、市有关规定，结合{'本' + department.unit if department.is_township else '我县'}实际，"
    kinds = ("issue", "opinion") if substantive else ("do", "issue", "opinion", "inspect", "bulletin", "group")
    kind = w.pick(kinds)
    term = ("秋季学期" if day.month >= 7 else "春季学期") if task.name in TERM_TASKS else ""
    if kind == "do":
        title, genre = f"关于做好{written.year}年{term}{task.name}工作的通知", "通知"
        body = paragraphs(addressees(department), intro + f"现就做好{written.year}年{task.name}工作有关事项通知如下。")
        body += _sections(w, department, task, written.year)
    elif kind == "issue":
        plan = _plan_name(department, task, day)
        title, genre = f"关于印发《{plan}》的通知", "通知"
        body = paragraphs(addressees(department), f"《{plan}》已{_approval(department)}，现印发给你们，请结合实际认真贯彻执行。")
        body += heading(plan) + paragraphs(intro + "制定本方案。") + _sections(w, department, task, written.year)
    elif kind == "opinion":
        title, genre = f"关于进一步加强{task.name}工作的意见", "意见"
        body = paragraphs(addressees(department), intro + f"现就进一步加强{task.name}工作提出如下意见。")
        body += _sections(w, department, task, written.year)
    elif kind == "inspect":
        title, genre = f"关于开展{task.name}专项检查的通知", "通知"
        start = day + datetime.timedelta(days=w.rng.randint(5, 12))
        body = paragraphs(
            addressees(department),
            f"为{task.purpose}，经研究，决定开展{task.name}专项检查，现将有关事项通知如下。",
        )
        body += heading("一、检查时间") + paragraphs(
            f"{cn_date(start)}至{cn_date(start + datetime.timedelta(days=w.rng.randint(10, 30)))}，"
            "先由各单位自查，再由检查组抽查。"
        )
        body += heading("二、检查内容") + paragraphs(*task.measures)
        body += heading("三、有关要求") + paragraphs(
            "各单位要认真开展自查，如实填写自查情况表，对发现的问题立行立改。", SAFEGUARDS[4][1].format(speaker=department.speaker)
        )
    elif kind == "bulletin":
        period = w.pick((f"{written.year}年上半年", f"{written.year}年第{(written.month - 1) // 3 + 1}季度", "近期"))
        title, genre = f"关于{period}{task.name}工作情况的通报", "通报"
        body = paragraphs(addressees(department), f"现将{period}{task.name}工作情况通报如下。")
        body += heading("一、基本情况") + paragraphs(*(w.fill(r) for r in task.results))
        body += heading("二、存在的问题") + paragraphs(
            w.pick(("个别单位工作进度滞后，基础台账不够完善。", "部分单位对政策宣传不够深入，群众知晓率有待提高。",
                    "少数单位信息报送不及时、不准确。"))
        )
        body += heading("三、下一步工作要求") + paragraphs(*w.sample(task.measures, 2))
    else:
        title, genre = f"关于调整{department.speaker}{task.name}工作领导小组成员的通知", "通知"
        leader, *members = w.people(5)
        body = paragraphs(
            addressees(department),
            f"因人事变动，{_approval(department)}，决定调整{task.name}工作领导小组成员。调整后的组成人员如下：",
            f"组  长：{leader}",
            f"副组长：{members[0]}、{members[1]}",
            f"成  员：{'、'.join(members[2:])}及{'各站所' if department.is_township else '各股室'}负责人",
            f"领导小组下设办公室，负责日常工作，办公室电话：{department.phone}。",
        )
    validity, changed_on = "有效", None
    if kind == "do":
        body += paragraphs(f"本通知自印发之日起施行，有效期至{written.year}年12月31日。")
        if written.year == day.year < today.year:
            validity, changed_on = "失效", datetime.date(written.year, 12, 31)
    elif kind == "opinion" and not substantive and (today - day).days > 540 and w.chance(0.3):
        validity = "废止"
        changed_on = day + datetime.timedelta(days=w.rng.randint(365, (today - day).days))
    body += signature(department, written)
    return Item(
        title=title, body=body, publish_date=day, written_date=written, document_number=number,
        topic=task.topic or department.topic, genre=genre, keywords=task.keywords, agency=department.name,
        summary=summarize(f"{title.removeprefix('关于').removesuffix('的通知')}。为{task.purpose}。"),
        validity=validity, validity_date=changed_on,
    )


def interpretation(w: Writer, department: DemoDepartment, task: Task, source: Item,
                   latest: datetime.date) -> Item:
    """The 政策解读 of ``source``, published with it or a few days later."""
    day = min(source.publish_date + datetime.timedelta(days=w.rng.randint(0, 3)), latest)
    inner = source.title.removeprefix("关于印发《").removesuffix("》的通知") if "《" in source.title else \
        source.title
    title = w.pick((f"《{inner}》政策解读", f"关于《{inner}》的解读", f"图文解读：《{inner}》"))
    contact = w.person()
    body = heading("一、制定背景") + paragraphs(
        f"为{task.purpose}，{department.name}在深入调研、广泛征求意见的基础上，制定了《{inner}》"
        f"（{source.document_number}，以下简称《文件》）。"
    )
    body += heading("二、主要内容") + paragraphs(
        "《文件》从以下几个方面作出了规定：", *(f"{'一二三四'[i]}是{m}" for i, m in enumerate(task.measures))
    )
    body += heading("三、适用范围") + paragraphs(
        f"《文件》适用于{'本' + department.unit + '辖区' if department.is_township else '全县'}{task.name}相关工作，"
        "自印发之日起施行。"
    )
    body += heading("四、解读机关及联系方式") + paragraphs(
        f"解读机关：{department.name}", f"解读人：{contact}", f"联系电话：{department.phone}"
    )
    return Item(
        title=title, body=body, publish_date=day, topic=source.topic, genre="其他", keywords=task.keywords,
        agency=department.name, policy=source.document_number,
        summary=summarize(f"对《{inner}》的制定背景、主要内容和适用范围进行解读。"),
    )


def notice(w: Writer, department: DemoDepartment, task: Task, day: datetime.date, numbers: DocNumbers) -> Item:
    """A notice or announcement of the organ's 通知公告 column."""
    holiday = dict(HOLIDAYS).get(day.month)
    kinds = ["consult", "announce", "training", "campaign"] + (["duty"] if holiday else [])
    kind = w.pick(kinds)
    number = ""
    if kind == "duty":
        title, genre = f"关于做好{day.year}年{holiday}期间值班工作的通知", "通知"
        body = paragraphs(
            addressees(department),
            f"{holiday}将至，为确保节日期间各项工作正常运转，现就值班有关事项通知如下。",
            "一、节日期间实行24小时值班和领导干部带班制度，值班人员要坚守岗位，保持通讯畅通。",
            "二、遇有突发事件，要按规定及时报告并妥善处置，不得迟报、漏报、瞒报。",
            f"三、请于节前3个工作日将值班表报送{department.speaker}办公室。",
        )
        number = numbers.next(day.year)
    elif kind == "consult":
        plan = _plan_name(department, task, day)
        title, genre = f"关于公开征求《{plan}（征求意见稿）》意见的公告", "公告"
        until = day + datetime.timedelta(days=30)
        body = paragraphs(
            f"为{task.purpose}，{department.name}起草了《{plan}（征求意见稿）》，现向社会公开征求意见。",
            f"征求意见时间：{cn_date(day)}至{cn_date(until)}。",
            f"反馈方式：可将意见建议发送至{department.slug}@yunxi.example，或寄送至{department.address}，"
            "信封上请注明“征求意见”字样。",
            f"联系电话：{department.phone}。", "特此公告。",
        )
    elif kind == "announce":
        title, genre = f"关于{task.name}有关事项的公告", "公告"
        body = paragraphs(f"为{task.purpose}，现将有关事项公告如下：",
                          *(f"{i + 1}. {m}" for i, m in enumerate(w.sample(task.measures, 3))),
                          f"咨询电话：{department.phone}。", "特此公告。")
    elif kind == "training":
        start = day + datetime.timedelta(days=w.rng.randint(4, 10))
        title, genre = f"关于举办{day.year}年{task.name}业务培训班的通知", "通知"
        body = paragraphs(
            addressees(department),
            f"为提高{task.name}工作人员业务水平，经研究，决定举办{day.year}年{task.name}业务培训班。现将有关事项通知如下。",
            f"一、培训时间：{cn_date(start)}，会期1天。",
            f"二、培训地点：{department.address}会议室。",
            "三、参加人员：各单位分管负责人和具体经办人员各1名。",
            "四、培训内容：政策解读、业务操作和典型案例分析。",
            "五、请参训人员按时参加，不得无故缺席。",
        )
        number = numbers.next(day.year) if w.chance(0.5) else ""
    else:
        title, genre = f"关于开展{day.year}年{task.name}宣传活动的通知", "通知"
        body = paragraphs(
            addressees(department),
            f"为{task.purpose}，决定在全{department.unit}开展{task.name}宣传活动。",
            "各单位要通过悬挂横幅、发放资料、入户走访和政务新媒体等方式，把政策讲清楚、讲到位。",
            *w.sample(task.measures, 1),
        )
    body += signature(department, day)
    return Item(
        title=title, body=body, publish_date=day, written_date=day if number else None, document_number=number,
        topic=task.topic or department.topic, genre=genre, keywords=task.keywords, agency=department.name,
        summary=summarize(body),
    )
