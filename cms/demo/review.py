"""Drafts left in the review workflow, so the review queues are not empty on first login.

- 教育局: a notice submitted by jyj_xxy, waiting for the 教育局审核员 (first step);
- 教育局: a news item submitted by jyj_xxy and approved by jyj_shy, waiting for the portal
  editors' final approval (second step);
- 交通运输局: a notice submitted by jtj_xxy, waiting for the 交通运输局审核员.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from cms.columns.models import ColumnPage
from cms.core.models import local_today
from cms.departments.models import Department
from cms.disclosure.models import PolicyDocumentPage
from cms.taxonomy.models import Topic

from .writing.common import paragraphs


def _drafts(today: datetime.date) -> list[dict]:
    y = today.year
    return [
        dict(
            department="jyj", column="zcwj", author="jyj_xxy", approver=None,
            title=f"关于做好{y}年冬季学校安全工作的通知", genre="notice", topic="科技、教育",
            document_number=f"云教发〔{y}〕58号", keywords="校园安全 冬季安全 消防",
            body=paragraphs(
                "各乡镇中心学校，县直各学校、幼儿园：",
                "冬季天干物燥，取暖用火用电增多，是校园火灾、一氧化碳中毒和交通事故的易发期。"
                "为切实保障师生安全，现就做好冬季学校安全工作通知如下。",
                "一、各学校要在12月上旬前完成一次校舍、食堂、宿舍用火用电安全检查，发现隐患立即整改。",
                "二、严禁在学生宿舍使用大功率电器，寄宿制学校要落实夜间巡查制度。",
                "三、雨雪冰冻天气期间，要加强上下学时段的路面安全提醒，必要时调整作息时间。",
                "四、各学校要于每月25日前将安全检查情况报送县教育局安全股。",
            ),
        ),
        dict(
            department="jyj", column="gzdt", author="jyj_xxy", approver="jyj_shy",
            title="县教育局开展冬季校园消防安全专项检查", genre="other", topic="科技、教育",
            keywords="校园安全 消防",
            body=paragraphs(
                "近日，县教育局组成3个检查组，对全县中小学校和幼儿园开展冬季校园消防安全专项检查。",
                "检查组重点查看了消防设施器材配备、疏散通道畅通、学生宿舍用电等情况，"
                "对发现的问题当场反馈，并要求限期整改到位。",
            ),
        ),
        dict(
            department="jtysj", column="tzgg", author="jtj_xxy", approver=None,
            title=f"关于做好{y}年冬季农村公路养护和安全通行工作的通知", genre="notice", topic="工业、交通",
            document_number=f"云交发〔{y}〕41号", keywords="公路养护 冬季 安全通行",
            body=paragraphs(
                "各乡镇人民政府、街道办事处，县公路管理段：",
                "为确保冬季农村公路安全畅通，现就有关工作通知如下。",
                "一、对临水临崖、急弯陡坡路段开展一次全面排查，及时完善警示标志和防护设施。",
                "二、储备必要的防滑材料和机械设备，遇雨雪冰冻天气及时除冰除雪。",
                "三、落实养护作业安全措施，作业区按规定设置安全警示。",
            ),
        ),
    ]


@transaction.atomic
def ensure_review_queue(departments: dict[str, Department], users: dict) -> int:
    """Create and submit the demo drafts that do not exist yet; return how many were added."""
    today = local_today()
    added = 0
    for draft in _drafts(today):
        department = departments[draft["department"]]
        column = ColumnPage.objects.child_of(department.disclosure_page).get(slug=draft["column"])
        if PolicyDocumentPage.objects.child_of(column).filter(title=draft["title"]).exists():
            continue
        author = users[draft["author"]]
        page = PolicyDocumentPage(
            title=draft["title"], body=draft["body"],
            written_date=today - datetime.timedelta(days=1) if draft.get("document_number") else None,
            document_number=draft.get("document_number", ""), genre=draft["genre"], keywords=draft["keywords"],
            topic=Topic.objects.filter(name=draft["topic"], parent=None).first(), owner=author, live=False,
        )
        column.add_child(instance=page)
        page.save_revision(user=author)
        state = page.get_workflow().start(page, author)
        if draft["approver"]:
            task_state = state.current_task_state.specific
            task_state.task.specific.on_action(task_state, users[draft["approver"]], "approve")
        added += 1
    return added
