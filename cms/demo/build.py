"""Builds the demo county portal (云溪县人民政府): organs, accounts, content, guide, review queue.

Every step keeps what exists and adds what is missing; a column that already has items is
left alone.  A completed build is recorded (``DemoBuild``), after which ``load_demo``
returns at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.test.utils import override_settings
from tqdm import tqdm

from cms.articles.models import ArticlePage
from cms.columns.models import ColumnPage
from cms.core.models import ContentItemPage, PortalSettings, local_today
from cms.departments.models import Department
from cms.disclosure.importing import import_rows
from cms.disclosure.models import DepartmentDisclosurePage
from cms.home.models import SectionPage
from cms.home.setup import PortalStructure, setup_portal

from .accounts import ensure_accounts
from .departments import BY_SLUG, describe, ensure_departments
from .models import DemoBuild
from .plan import Plan, make_plan
from .review import ensure_review_queue
from .services.guides import build_guides
from .services.modules import build_service_modules
from .themes import tasks_of
from .writing.common import Item
from .writing.guide import GUIDE_OFFICE, PORTAL_SETTINGS, guide_body, home_entries

DEFAULT_ITEMS = 2000
NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"
#: Import order inside an organ: policies before the interpretations that refer to them.
COLUMN_ORDER = ("jgzn", "ldxx", "zcwj", "zcjd", "ghjh", "czyjs", "rsxx", "gzdt", "tzgg", "ndbg", "qt")


@dataclass
class BuildResult:
    already_built: bool
    items: int
    seconds: float
    created: int = 0


def _structure_guide(structure: PortalStructure) -> None:
    guide = structure.guide
    if guide.updated_on is not None:
        return  # edited by someone (or by a previous build): keep it
    today = local_today()
    guide.body = guide_body(today)
    for field, value in GUIDE_OFFICE.items():
        setattr(guide, field, value)
    guide.updated_on = today
    guide.save_revision().publish()


def _introductions(structure: PortalStructure) -> None:
    """Fill in the blank introductions of the disclosure pages (never overwrite an edited one)."""
    texts = {
        structure.departments: "县政府各工作部门和各乡镇（街道）在本栏目公开本机关的政府信息，按机构职能、政策文件、"
                               "规划计划、财政预决算、人事信息、工作动态等栏目分类发布。",
        structure.catalogue: "政府信息公开目录收录县政府及各部门、各乡镇（街道）主动公开的政府信息，"
                             "可按发布机构、主题分类、体裁分类和年份筛选。",
    }
    for stale, text in texts.items():
        # A fresh instance: the structure's was loaded before the departments were added below it,
        # and publishing a stale instance would write back its old tree counters (numchild).
        page = type(stale).objects.get(pk=stale.pk)
        if not page.intro:
            page.intro = text
            page.save_revision().publish()
    pages = DepartmentDisclosurePage.objects.filter(department__slug__in=BY_SLUG, intro="").select_related("department")
    for page in pages:
        demo = BY_SLUG[page.department.slug]
        page.intro = describe(demo, [t.name for t in tasks_of(demo.slug)])
        page.save_revision().publish()


def _portal_settings(structure: PortalStructure) -> None:
    settings = PortalSettings.for_site(structure.home.get_site())
    changed = False
    for field, value in PORTAL_SETTINGS.items():
        if not getattr(settings, field):
            setattr(settings, field, value)
            changed = True
    if changed:
        settings.save()


def _home_entries(structure: PortalStructure) -> None:
    home = structure.home
    if len(home.entries):
        return
    sections = {s.slug: s for s in SectionPage.objects.child_of(home)}
    home.entries = home_entries(structure, sections)
    home.save_revision().publish()


def _add_articles(column: ColumnPage, items: list[Item], user) -> int:
    """Publish ``items`` as articles in ``column`` unless it already has items."""
    if not items or column.get_children().exists():
        return 0
    with transaction.atomic():
        for number, item in enumerate(items, start=1):
            page = ArticlePage(
                title=item.title, slug=f"{item.publish_date:%Y%m%d}-{number}", publish_date=item.publish_date,
                summary=item.summary, body=item.body, source=item.source, author=item.author, owner=user, live=False,
            )
            column.add_child(instance=page)
            page.save_revision(user=user, log_action=False).publish(user=user, log_action=False)
    return len(items)


def _import_department(department: Department, columns_plan, user) -> int:
    columns = {c.slug: c for c in ColumnPage.objects.child_of(department.disclosure_page)}
    created = 0
    for slug in COLUMN_ORDER:
        planned = columns_plan.get(slug)
        column = columns.get(slug)
        if planned is None or not planned.items or column is None:
            continue
        if column.get_children().exists():
            continue  # filled by an earlier (interrupted) build or by hand
        report = import_rows(column, [item.row() for item in planned.items], user=user)
        created += report.created
    return created


def build_demo(items: int = DEFAULT_ITEMS, *, out: Callable[[str], None] = print, bars: bool = True) -> BuildResult:
    """Build the demo content (about ``items`` items) unless it was built already."""
    done = DemoBuild.objects.order_by("-finished_at").first()
    if done is not None:
        return BuildResult(True, done.items, 0.0)
    started = time.perf_counter()

    def step(text: str) -> None:
        out(f"[{time.perf_counter() - started:5.1f}s] {text}")

    step("门户结构")
    structure = setup_portal()
    step("部门和乡镇（统一社会信用代码、栏目、用户组、审核流程）")
    departments = {d.slug: d for d in ensure_departments(progress=lambda line: None)}
    step(f"  共 {len(departments)} 个部门和乡镇")
    step("演示账号")
    users = ensure_accounts()
    editor = users["editor"]

    step(f"生成演示文本（目标 {items} 条）")
    plan: Plan = make_plan(items, local_today())
    step(f"  已生成 {plan.total} 条")

    step("导入部门和乡镇信息公开条目")
    created = 0
    for department_plan in tqdm(plan.departments, desc="导入", unit="个部门", disable=None if bars else True, leave=False):
        department = departments[department_plan.department.slug]
        created += _import_department(department, department_plan.columns, editor)
    step(f"  新增 {created} 条")

    step("县级要闻动态和通知公告")
    articles = _add_articles(structure.news, plan.county_news, editor)
    articles += _add_articles(structure.notices, plan.county_notices, editor)
    step(f"  新增 {articles} 篇")

    step("政府信息公开指南、门户设置、首页快捷入口")
    _structure_guide(structure)
    _introductions(structure)
    _portal_settings(structure)
    _home_entries(structure)

    step("办事指南")
    guides = build_guides(editor)
    step(f"  新增 {guides} 项")
    step("告知承诺制、跨省通办与中介服务超市")
    for line in build_service_modules():
        step(f"  {line}")

    step("待审核条目（审核队列）")
    with override_settings(EMAIL_BACKEND=NO_MAIL):  # the demo accounts' addresses are fictional
        ensure_review_queue(departments, users)

    total = ContentItemPage.objects.live().count()
    seconds = time.perf_counter() - started
    DemoBuild.objects.create(items=total, seconds=seconds)
    step(f"完成：共有已发布条目 {total} 条")
    return BuildResult(False, total, seconds, created + articles)


def is_built() -> bool:
    return DemoBuild.objects.exists()


__all__ = ["DEFAULT_ITEMS", "BuildResult", "build_demo", "is_built"]
