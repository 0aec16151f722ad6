"""The portal's fixed structure, created idempotently by ``manage.py setup_portal``.

Home → 新闻中心 (要闻动态, 通知公告) · 政务公开 (目录, 指南, 部门信息公开) · 政务服务 · 互动交流.
Running it again keeps every existing page and only adds what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_q.models import Schedule
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from cms.columns.kinds import ColumnKind
from cms.columns.models import ColumnPage
from cms.core.models import PortalSettings
from cms.core.schedules import ensure_schedules
from cms.disclosure.models import CatalogueIndexPage, DepartmentIndexPage, DisclosureGuidePage
from cms.guides.setup import ensure_all_guide_folders
from cms.taxonomy.defaults import ensure_default_topics
from cms.taxonomy.models import Topic
from cms.workflows.roles import ensure_final_review_task, ensure_portal_editors
from modules.marketplace.roles import ensure_marketplace_permissions
from search.defaults import ensure_default_dictionaries

from .models import HomePage, SectionPage


@dataclass
class PortalStructure:
    home: HomePage
    news: ColumnPage
    notices: ColumnPage
    disclosure: SectionPage
    departments: DepartmentIndexPage
    catalogue: CatalogueIndexPage
    guide: DisclosureGuidePage


def _child(parent: Page, model, slug: str, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _tree_root() -> Page:
    """Wagtail's root page, root collection and default locale.

    Wagtail's migrations make them; a database flush (tests) removes them, so they are remade.
    """
    if not Locale.objects.exists():
        Locale.objects.create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


def _home(site_title: str) -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = _tree_root()
    home = HomePage(title=site_title, slug="home", tagline="政务公开 · 政务服务 · 互动交流")
    placeholder = Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage").first()
    if placeholder is not None and not placeholder.get_children().exists():
        placeholder.delete()  # Wagtail's welcome page
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=site_title)
    else:
        site.root_page, site.site_name = home, site_title
        site.save()
    return home


#: Entries of 政务服务 to the service modules (mounted in ``portal.urls``).
SERVICE_ENTRIES = (
    ("告知承诺制", "以书面承诺代替证明材料的事项清单和告知承诺书", "/zwfw/gzcn/"),
    ("跨省通办", "与合作地区异地办理的事项、专窗和联系人", "/zwfw/kstb/"),
    ("中介服务超市", "中介服务项目公告、中选公示和中介机构名录", "/marketplace/"),
)


def _service_entries(section: SectionPage) -> None:
    """Give 政务服务 its entries to the service modules, unless an editor has set entries."""
    section = SectionPage.objects.get(pk=section.pk)  # fresh tree counters (children were added since)
    if len(section.entries):
        return
    section.entries = [("entry", {"title": t, "description": d, "page": None, "url": "", "path": p})
                       for t, d, p in SERVICE_ENTRIES]
    section.save_revision().publish()


@transaction.atomic
def setup_portal(site_title: str = "云溪县人民政府") -> PortalStructure:
    """Create (or complete) the portal structure, default topics, schedules and editors' roles."""
    home = _home(site_title)
    news_section = _child(home, SectionPage, "xwzx", title="新闻中心", show_in_menus=True)
    disclosure = _child(home, SectionPage, "zwgk", title="政务公开", show_in_menus=True,
                        intro="依法、及时、准确公开政府信息。")
    services = _child(home, SectionPage, "zwfw", title="政务服务", show_in_menus=True, intro="办事指南与便民服务。")
    _child(home, SectionPage, "hdjl", title="互动交流", show_in_menus=True, intro="领导信箱、征集调查与在线访谈。")
    news = _child(news_section, ColumnPage, "ywdt", title="要闻动态", kind=ColumnKind.NEWS)
    notices = _child(news_section, ColumnPage, "tzgg", title="通知公告", kind=ColumnKind.NOTICE)
    catalogue = _child(disclosure, CatalogueIndexPage, "ml", title="政府信息公开目录")
    guide = _child(disclosure, DisclosureGuidePage, "zn", title="政府信息公开指南",
                   body="<p>本指南说明向本县行政机关获取政府信息的方式和程序。</p>")
    departments = _child(disclosure, DepartmentIndexPage, "bm", title="部门和乡镇信息公开")

    if home.news_column_id is None or home.notice_column_id is None:
        home.news_column, home.notice_column = news, notices
        home.save_revision().publish()

    site = Site.objects.get(root_page=home)
    PortalSettings.objects.get_or_create(site=site, defaults={"site_title": site_title})
    ensure_default_topics(Topic)
    ensure_schedules(Schedule)
    ensure_default_dictionaries()
    ensure_portal_editors()
    ensure_final_review_task()
    ensure_all_guide_folders()
    ensure_marketplace_permissions()
    _service_entries(services)
    return PortalStructure(home, news, notices, disclosure, departments, catalogue, guide)
