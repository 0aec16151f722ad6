"""Work news (工作动态) of the organs and the county's own news (要闻动态) and notices (通知公告)."""

from __future__ import annotations

import datetime
import re

from cms.demo.departments import COUNTY, DemoDepartment
from cms.demo.themes import Task

from .common import REPORTERS_SOURCE, Item, Writer, md, paragraphs, summarize
from .policy import DocNumbers, notice

#: The county's leaders (fictional), as news items name them.
LEADERS = (
    ("县委副书记、县长", "林建华"), ("县委常委、常务副县长", "周志刚"), ("副县长", "陈丽芳"),
    ("副县长", "杨海涛"), ("副县长", "马文斌"), ("县委常委、副县长", "赵晓东"),
)
_NOT_MODAL = re.compile(r"(?<![重主需必只摘纲概紧])要(?![求点素件闻害])")
OPENINGS = (
    "今年以来，{s}坚持以人民为中心，把{x}工作摆在突出位置，扎实推进各项工作。",
    "{s}聚焦群众关切，多措并举推进{x}工作，取得了较好成效。",
    "近年来，{s}把{x}作为为民办实事的重要内容，持续用力、久久为功。",
    "{season}以来，{s}紧盯目标任务，扎实做好{x}各项工作。",
)
SEASONS = ("入冬", "入春", "入夏", "入秋")
OUTLOOKS = (
    "下一步，{s}将持续跟踪问效，推动各项措施落地见效。",
    "下一步，{s}将进一步压实责任、细化措施，确保完成全年目标任务。",
    "{s}有关负责人表示，将把这项工作作为为民办实事的重要内容，常抓不懈。",
    "下一步，{s}将及时总结经验做法，推动工作常态化、长效化。",
)


def town_of(place: str) -> str:
    """青石镇 of 青石镇岩脚村."""
    match = re.match(r"^(.+?(?:镇|乡|街道))", place)
    return match.group(1) if match else place


def descriptive(measure: str) -> str:
    """Turn an instruction (“各单位要落实……”) into a report (“各单位落实……”)."""
    return _NOT_MODAL.sub("", measure, count=1).replace("须", "", 1)


def _host(department: DemoDepartment, w: Writer) -> str:
    name = w.person()
    if department.slug == "xzfb":
        return f"县政府办党组书记、主任{name}"
    if department.kind == "subdistrict":
        return f"街道党工委书记{name}"
    if department.is_township:
        head = "乡长" if department.short_name.endswith("乡") else "镇长"
        return f"{department.short_name}党委书记{name}" if w.chance(0.5) else f"{department.short_name}{head}{name}"
    return f"{department.speaker}党组书记、局长{name}" if department.short_name.endswith("局") else \
        f"{department.speaker}负责人{name}"


def work_news(w: Writer, department: DemoDepartment, task: Task, day: datetime.date) -> Item:
    """One 工作动态 item of an organ."""
    s, x = department.speaker, task.name
    result = w.fill(w.pick(task.results))
    measures = [descriptive(m) for m in w.sample(task.measures, 3)]
    outlook = w.pick(OUTLOOKS).format(s=s)
    kind = w.pick(("meeting", "inspect", "training", "progress", "progress", "campaign"))
    if kind == "meeting":
        title = w.pick((f"{s}召开{day.year}年{x}工作推进会", f"{s}召开{x}工作部署会", f"{s}专题研究{x}工作"))
        body = paragraphs(
            f"{md(day)}，{s}召开{x}工作会议，{_host(department, w)}出席会议并讲话。",
            f"会议通报了前一阶段{x}工作进展情况。{result}",
            "会议要求，" + "".join(measures[:2]),
            outlook,
        )
    elif kind == "inspect":
        place = w.village()
        title = w.pick((f"{s}到{place}督导{x}工作", f"{s}开展{x}专项督查"))
        body = paragraphs(
            f"近日，{_host(department, w)}带队深入{place}等地，督导检查{x}工作。",
            "督导组通过实地查看、查阅台账、走访群众等方式，详细了解工作推进情况，对发现的问题当场反馈并提出整改意见。",
            result,
            "督导组要求，" + measures[0],
        )
    elif kind == "training":
        title = f"{s}举办{x}业务培训"
        body = paragraphs(
            f"为进一步提升业务能力，{md(day)}，{s}举办{x}业务培训，各乡镇（街道）和有关单位业务骨干参加培训。",
            f"培训围绕{x}相关政策规定、业务流程和常见问题进行了系统讲解，并结合典型案例进行了交流讨论。",
            "参训人员纷纷表示，通过培训进一步厘清了工作思路，掌握了工作方法。",
            outlook,
        )
    elif kind == "campaign":
        where = w.pick(("社区", "校园", "乡村", "企业", "集市"))
        title = f"{s}开展{x}宣传进{where}活动"
        body = paragraphs(
            f"{md(day)}，{s}组织干部职工走进{w.village()}，开展{x}宣传进{where}活动。",
            "工作人员通过设置咨询台、发放宣传资料、面对面讲解等方式，向群众宣传相关政策，解答群众关心的问题。",
            f"活动现场共发放宣传资料{w.rng.randint(300, 1500)}份，接受群众咨询{w.rng.randint(50, 300)}人次。",
        )
    else:
        title = w.pick((f"{s}扎实推进{x}工作", f"{s}多措并举做好{x}工作", f"{s}{x}工作取得阶段性成效"))
        body = paragraphs(
            w.pick(OPENINGS).format(s=s, x=x, season=SEASONS[(day.month % 12) // 3]),
            *(f"{'一二三'[i]}是{m}" for i, m in enumerate(measures)),
            result, outlook,
        )
    return Item(
        title=title, body=body, publish_date=day, topic=task.topic or department.topic, genre="其他",
        keywords=task.keywords, agency=department.name, summary=summarize(body),
    )


def county_news(w: Writer, department: DemoDepartment, task: Task, day: datetime.date) -> Item:
    """One 要闻动态 article about the county's work (an ArticlePage)."""
    role, leader = w.pick(LEADERS)
    x = task.name
    result = w.fill(w.pick(task.results))
    measures = [descriptive(m) for m in w.sample(task.measures, 2)]
    kind = w.pick(("meeting", "visit", "visit", "praise", "feature"))
    if kind == "meeting":
        title = f"全县{x}工作会议召开"
        body = paragraphs(
            f"{md(day)}，{COUNTY}召开{x}工作会议，{role}{leader}出席会议并讲话。",
            f"会议指出，做好{x}工作，是{task.purpose.split('，')[0]}的重要举措。{result}",
            f"会议强调，要{task.purpose}。" + measures[0],
            f"{department.speaker}、各乡镇（街道）和县直有关单位负责同志参加会议。",
        )
    elif kind == "visit":
        place = w.village()
        title = f"{leader}到{town_of(place)}调研{x}工作"
        body = paragraphs(
            f"{md(day)}，{role}{leader}到{place}调研{x}工作，{department.speaker}负责同志陪同调研。",
            f"{leader}一行实地察看了有关工作开展情况，与基层干部和群众深入交流，详细了解工作中遇到的困难和问题。",
            f"{leader}指出，{x}工作事关群众切身利益。各级各部门要{task.purpose}。" + measures[0],
        )
    elif kind == "praise":
        level = w.pick(("省", "市"))
        title = f"我县{x}工作获{level}级通报表扬"
        body = paragraphs(
            f"近日，{level}有关部门印发通报，对{x}工作成效明显的地区予以表扬，{COUNTY}名列其中。",
            f"近年来，{department.speaker}会同有关单位{task.purpose.split('，')[0]}，" + measures[0],
            result,
        )
    else:
        title = w.pick((f"我县{x}工作跑出“加速度”", f"{x}：让群众有更多获得感", f"我县扎实推进{x}"))
        body = paragraphs(
            f"“{w.pick(('现在办事方便多了', '政策落实到位，我们心里踏实', '干部上门讲政策，一听就明白'))}。”"
            f"说起{x}带来的变化，{w.village()}群众{w.person()}感受颇深。",
            f"今年以来，{COUNTY}围绕{task.purpose}，持续用力推进{x}工作。" + "".join(measures),
            result,
        )
    reporters = w.people(2)
    return Item(
        title=title, body=body, publish_date=day, summary=summarize(body), keywords=task.keywords,
        source=w.pick((REPORTERS_SOURCE, REPORTERS_SOURCE, department.name)), author="、".join(reporters),
    )


def county_notice(w: Writer, department: DemoDepartment, task: Task, day: datetime.date,
                  numbers: DocNumbers) -> Item:
    """One 通知公告 article of the county portal, issued by ``department``."""
    item = notice(w, department, task, day, numbers)
    item.source = department.name
    if department.slug == "xzfb":
        item.author = "县政府办公室秘书科"
    elif department.is_township:
        item.author = f"{department.short_name}党政办公室"
    else:
        item.author = f"{department.short_name}办公室"
    return item
