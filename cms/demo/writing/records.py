"""Personnel, planning, budget, annual-report, function, leadership and other items of an organ."""

from __future__ import annotations

import datetime

from cms.demo.departments import COUNTY, DemoDepartment
from cms.demo.themes import Task

from .common import Item, Writer, cn_date, heading, paragraphs, place_name, summarize, table

UNITS = ("办公室", "政策法规股", "计划财务股", "综合业务股", "行政审批股", "监督检查股")
PLAN_AREAS = {
    "jyj": "教育事业发展", "wjj": "卫生健康事业发展", "jtysj": "综合交通运输发展", "slj": "水利发展",
    "nyncj": "推进农业农村现代化", "swj": "商务发展", "wglj": "文化和旅游发展", "zrzyj": "自然资源保护和利用",
    "sthj": "生态环境保护", "zjj": "城乡建设", "yjj": "应急管理体系建设", "mzj": "民政事业发展",
    "rsj": "就业促进和人力资源社会保障", "ybj": "医疗保障", "scjgj": "市场监管", "fgj": "国民经济和社会发展",
}


def _item(department: DemoDepartment, title: str, body: str, day: datetime.date, genre="其他", task=None,
          topic: str | None = None) -> Item:
    return Item(
        title=title, body=body, publish_date=day, genre=genre, agency=department.name,
        topic=topic or (task.topic if task and task.topic else department.topic),
        keywords=task.keywords if task else "", summary=summarize(body),
    )


def personnel(w: Writer, department: DemoDepartment, tasks: list[Task], day: datetime.date) -> Item:
    y, name = day.year, department.name
    party = f"{department.short_name}党委" if department.is_township else f"{department.speaker}党组"
    kind = w.pick(("pre", "recruit", "hire", "probation"))
    if kind == "pre":
        people = w.people(w.rng.randint(1, 3))
        rows = [[p, w.pick("男女"), f"{w.rng.randint(1975, 1994)}.{w.rng.randint(1, 12):02d}",
                 f"{w.pick(UNITS)}{w.pick(('副股长', '四级主任科员', '一级科员'))}",
                 f"{w.pick(UNITS)}{w.pick(('股长', '主任', '负责人'))}"] for p in people]
        title = f"{name}关于{people[0]}{'等' if len(people) > 1 else ''}同志拟任职务的公示"
        until = day + datetime.timedelta(days=7)
        body = paragraphs(f"根据干部选拔任用有关规定，经{party}研究，拟任用以下同志：")
        body += table(["姓名", "性别", "出生年月", "现任职务", "拟任职务"], rows)
        body += paragraphs(
            f"公示时间：{cn_date(day)}至{cn_date(until)}（5个工作日）。",
            f"公示期间，对公示对象有异议的，可以通过来信、来电、来访等方式向{COUNTY}委组织部或{name}反映。"
            "反映问题要实事求是，以真实姓名反映的优先调查核实。",
            f"联系电话：{department.phone}。",
        )
        return _item(department, title, body, day, topic="劳动、人事、监察")
    if kind in ("recruit", "hire"):
        what = f"{y}年{COUNTY}公开招聘中小学教师" if department.slug == "jyj" else f"{y}年{name}所属事业单位公开招聘工作人员"
        posts = w.rng.randint(2, 12)
        if kind == "recruit":
            title, genre = f"{what}公告", "公告"
            body = paragraphs(
                f"根据《事业单位公开招聘人员暂行规定》等有关规定，经批准，{name}决定面向社会公开招聘工作人员{posts}名。",
                "一、招聘原则：坚持德才兼备的用人标准，贯彻公开、平等、竞争、择优的原则。",
                "二、报考条件：具有中华人民共和国国籍，遵守宪法和法律，具有良好的品行和岗位所需的专业或技能条件。",
                f"三、报名方式：网上报名，报名时间为{cn_date(day + datetime.timedelta(days=7))}至"
                f"{cn_date(day + datetime.timedelta(days=13))}。",
                "四、考试考核：采取笔试和面试相结合的方式进行，笔试和面试成绩各占50%。",
                f"五、咨询电话：{department.phone}。",
            )
        else:
            title, genre = f"{what}拟聘用人员公示", "其他"
            people = w.people(min(posts, 6))
            body = paragraphs(f"根据{what}公告，经笔试、面试、体检和考察，现将拟聘用人员名单公示如下：")
            body += table(["序号", "姓名", "性别", "报考岗位", "总成绩"],
                          [[i + 1, p, w.pick("男女"), f"岗位{w.rng.randint(1, 9):02d}",
                            f"{w.rng.uniform(68, 86):.2f}"] for i, p in enumerate(people)])
            body += paragraphs(f"公示期为7个工作日。如有异议，请向{name}反映，电话：{department.phone}。")
        return _item(department, title, body, day, genre=genre, topic="劳动、人事、监察")
    people = w.people(w.rng.randint(2, 5))
    title = f"{name}关于{people[0]}等同志试用期满考核结果的公示"
    body = paragraphs(
        f"{'、'.join(people)}等{len(people)}名同志试用期已满，经考核，均为合格，拟按规定办理转正定级手续。",
        f"公示期：{cn_date(day)}至{cn_date(day + datetime.timedelta(days=7))}。如有异议，请于公示期内向{name}反映。",
    )
    return _item(department, title, body, day, topic="劳动、人事、监察")


def planning(w: Writer, department: DemoDepartment, tasks: list[Task], day: datetime.date) -> Item:
    y, name = day.year, department.name
    chosen = w.sample(tasks, 4)
    if day.month <= 2 and w.chance(0.6):
        title = f"{name}{y - 1}年工作总结和{y}年工作计划"
        body = heading(f"一、{y - 1}年工作完成情况") + paragraphs(
            *(f"（{'一二三四'[i]}）{t.name}工作。{w.fill(t.results[0])}" for i, t in enumerate(chosen))
        )
        body += heading("二、存在的问题") + paragraphs(
            "一是工作发展还不够平衡，基层基础仍需夯实；二是干部队伍专业能力与新形势新任务的要求还有差距。"
        )
        body += heading(f"三、{y}年工作计划") + paragraphs(
            *(f"（{'一二三四'[i]}）{t.name}。{t.measures[-1]}" for i, t in enumerate(chosen))
        )
    elif day.month <= 4:
        title = f"{name}{y}年工作要点"
        body = paragraphs(f"{y}年是实现年度目标任务的关键之年。{name}将重点抓好以下工作：")
        body += "".join(
            heading(f"{'一二三四'[i]}、抓好{t.name}工作") + paragraphs(w.pick(t.measures)) for i, t in enumerate(chosen)
        )
    elif day.month in (7, 8):
        title = f"{name}{y}年上半年工作总结和下半年工作打算"
        body = heading("一、上半年工作开展情况") + paragraphs(*(w.fill(t.results[-1]) for t in chosen))
        body += heading("二、下半年工作打算") + paragraphs(*(t.measures[0] for t in chosen[:3]))
    elif department.slug in PLAN_AREAS and day.year <= 2024 and w.chance(0.5):
        area = PLAN_AREAS[department.slug]
        title = f"{place_name(department)}“十四五”{area}规划实施情况中期评估报告"
        body = heading("一、规划实施总体情况") + paragraphs(
            f"“十四五”规划实施以来，{name}围绕规划确定的目标任务，统筹推进各项工作，主要指标总体进展顺利。",
            *(w.fill(t.results[0]) for t in chosen[:2]),
        )
        body += heading("二、存在的困难和问题") + paragraphs("部分指标受资金、土地等要素制约，进度略滞后于预期。")
        body += heading("三、下一步工作建议") + paragraphs(*(t.measures[0] for t in chosen[:2]))
    else:
        task = chosen[0]
        title = f"{name}{y}年{task.name}工作计划"
        body = paragraphs(f"为{task.purpose}，结合工作实际，制定本计划。") + heading("主要任务") + paragraphs(*task.measures)
        return _item(department, title, body, day, task=task)
    return _item(department, title, body, day)


def budget(w: Writer, department: DemoDepartment, year: int, final: bool, day: datetime.date) -> Item:
    """部门预算 (``final`` False) or 部门决算 公开说明 of ``year``."""
    what = "决算" if final else "预算"
    title = f"{department.name}{year}年部门{what}公开说明"
    total = w.money(600, 9000) if not department.is_township else w.money(1500, 5200)
    general = round(total * w.rng.uniform(0.86, 0.97), 2)
    basic = round(total * w.rng.uniform(0.45, 0.7), 2)
    reception, car = w.money(1.5, 9), w.money(3, 18)
    body = heading("一、部门基本情况") + paragraphs(
        f"{department.name}内设机构{w.rng.randint(5, 11)}个，下属预算单位{w.rng.randint(0, 6)}个。"
        f"纳入{year}年部门{what}编制范围的单位共{w.rng.randint(1, 7)}个。"
    )
    body += heading(f"二、收支{what}总体情况") + table(
        ["项目", "金额（万元）"],
        [["收入总计", f"{total:.2f}"], ["其中：一般公共预算财政拨款", f"{general:.2f}"],
         ["其他收入", f"{total - general:.2f}"], ["支出总计", f"{total:.2f}"], ["其中：基本支出", f"{basic:.2f}"],
         ["项目支出", f"{total - basic:.2f}"]],
    )
    body += heading(f"三、“三公”经费{what}情况") + paragraphs(
        f"{year}年“三公”经费{what}{reception + car:.2f}万元，其中：因公出国（境）费0万元；"
        f"公务用车购置及运行维护费{car:.2f}万元；公务接待费{reception:.2f}万元。"
        + w.pick(("与上年相比有所下降，主要原因是严格落实过紧日子要求，压减一般性支出。", "与上年持平。"))
    )
    body += heading("四、政府采购情况") + paragraphs(f"{year}年政府采购{what}{w.money(20, 600):.2f}万元。")
    body += heading("五、预算绩效管理情况") + paragraphs(
        "按照全面实施预算绩效管理的要求，本部门对所有项目支出编制了绩效目标，并对重点项目开展绩效评价。"
    )
    body += heading("六、名词解释") + paragraphs(
        "基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
        "项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    )
    return _item(department, title, body, day, topic="财政、金融、审计")


def annual_report(w: Writer, department: DemoDepartment, year: int, day: datetime.date, county: bool = False) -> Item:
    """The 政府信息公开工作年度报告 of ``year`` (国办公开办函〔2021〕30号 format)."""
    issuer = f"{COUNTY}人民政府" if county else department.name
    title = f"{issuer}{year}年政府信息公开工作年度报告"
    proactive = w.rng.randint(2000, 5000) if county else w.rng.randint(40, 420)
    received = w.rng.randint(8, 40) if county else w.rng.randint(0, 6)
    disclosed = w.rng.randint(0, received)
    partial = w.rng.randint(0, received - disclosed)
    none_ = received - disclosed - partial
    body = paragraphs(
        f"本报告依据《中华人民共和国政府信息公开条例》第五十条规定编制，所列数据的统计期限自{year}年1月1日起至"
        f"{year}年12月31日止。本报告电子版可在{COUNTY}人民政府门户网站查阅。"
    )
    body += heading("一、总体情况") + paragraphs(
        f"{year}年，{issuer}认真贯彻落实政府信息公开工作要求，全年主动公开政府信息{proactive}条。"
        f"{'坚持以公开为常态、不公开为例外，' if w.chance(0.5) else ''}"
        "严格执行信息发布审核制度，及时更新政府信息公开指南和目录，依申请公开渠道畅通。"
    )
    body += heading("二、主动公开政府信息情况") + table(
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        [["规章", 0, 0, 0], ["行政规范性文件", w.rng.randint(0, 6), w.rng.randint(0, 2), w.rng.randint(3, 30)]],
    ) + table(
        ["信息内容", "本年处理决定数量"],
        [["行政许可", w.rng.randint(0, 900)], ["行政处罚", w.rng.randint(0, 120)], ["行政强制", w.rng.randint(0, 10)]],
    )
    body += heading("三、收到和处理政府信息公开申请情况") + table(
        ["项目", "数量"],
        [["本年新收政府信息公开申请数量", received], ["上年结转政府信息公开申请数量", 0], ["予以公开", disclosed],
         ["部分公开", partial], ["不予公开、无法提供或不予处理", none_], ["总计", received],
         ["结转下年度继续办理", 0]],
    )
    body += heading("四、政府信息公开行政复议、行政诉讼情况") + table(
        ["类型", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
        [["行政复议", 0, 0, 0, 0, 0], ["行政诉讼（未经复议直接起诉）", 0, 0, 0, 0, 0]],
    )
    body += heading("五、存在的主要问题及改进情况") + paragraphs(
        w.pick(("部分栏目更新不够及时，政策解读形式较为单一。", "信息公开工作人员调整较频繁，业务能力有待提升。")),
        "下一步将加强工作人员培训，完善信息发布审核机制，提高政策解读质量。",
    )
    body += heading("六、其他需要报告的事项") + paragraphs(
        "本年度未收取信息处理费。", "本年度无其他需要报告的事项。"
    )
    return _item(department, title, body, day, genre="报告", topic="综合政务")


def functions(w: Writer, department: DemoDepartment, tasks: list[Task], day: datetime.date) -> Item:
    duties = [f"负责{t.name}相关工作。" for t in tasks[:6]] + ["完成县委、县政府交办的其他任务。"]
    body = heading("一、主要职责") + paragraphs(*(f"（{'一二三四五六七'[i]}）{d}" for i, d in enumerate(duties)))
    body += heading("二、内设机构") + paragraphs("、".join(w.sample(UNITS, 4)) + "。")
    body += heading("三、联系方式") + paragraphs(
        f"办公地址：{department.address}", f"联系电话：{department.phone}",
        "办公时间：工作日 上午8:30—12:00，下午14:30—18:00",
    )
    return _item(department, f"{department.name}机构职能", body, day)


def leaders(w: Writer, department: DemoDepartment, tasks: list[Task], day: datetime.date) -> Item:
    if department.kind == "subdistrict":
        roles = ("党工委书记", "党工委副书记、主任", "副主任", "副主任")
    elif department.is_township:
        u = department.unit
        roles = ("党委书记", f"党委副书记、{u}长", f"副{u}长", f"副{u}长")
    elif department.slug == "xzfb":
        roles = ("党组书记、主任", "党组成员、副主任", "副主任", "副主任")
    else:
        roles = ("党组书记、局长", "党组成员、副局长", "党组成员、副局长", "副局长")
    rows = []
    for role, name, task in zip(roles, w.people(len(roles)), [None, *tasks], strict=False):
        duty = "主持全面工作。" if task is None else f"负责{task.name}等工作。"
        rows.append([name, role, duty])
    body = table(["姓名", "职务", "工作分工"], rows)
    return _item(department, f"{department.name}领导信息", body, day)


def other(w: Writer, department: DemoDepartment, tasks: list[Task], day: datetime.date) -> Item:
    y = day.year
    kind = w.pick(("powers", "random", "projects"))
    if kind == "powers":
        title = f"{department.name}权责清单（{y}年版）"
        body = paragraphs(f"根据{COUNTY}权责清单动态调整有关要求，现将本单位{y}年版权责清单予以公布。")
        body += table(["序号", "事项名称", "事项类型"],
                      [[i + 1, f"{t.name}相关事项", w.pick(("行政许可", "行政检查", "行政给付", "其他行政权力"))]
                       for i, t in enumerate(tasks)])
    elif kind == "random":
        title = f"{department.name}{y}年“双随机、一公开”抽查工作计划"
        body = paragraphs(f"为规范事中事后监管，{department.name}制定{y}年“双随机、一公开”抽查工作计划如下：")
        body += table(["抽查事项", "抽查比例", "抽查时间"],
                      [[f"{t.name}情况检查", f"{w.rng.randint(3, 10)}%", f"{y}年{w.rng.randint(3, 11)}月"]
                       for t in tasks[:3]])
    else:
        title = f"{department.name}{y}年为民办实事项目进展情况"
        body = paragraphs(*(f"{t.name}：{w.fill(t.results[0])}" for t in w.sample(tasks, 3)))
    return _item(department, title, body, day)
