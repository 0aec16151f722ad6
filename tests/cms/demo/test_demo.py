"""The demo portal: ``load_demo`` builds a plausible county once, and the generator behind it."""

from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, Revision, WorkflowState

from cms.articles.models import ArticlePage
from cms.columns.kinds import STANDARD_COLUMNS
from cms.columns.models import ColumnPage
from cms.core.models import ContentItemPage, PortalSettings
from cms.demo.accounts import ACCOUNTS, DEMO_PASSWORD
from cms.demo.departments import DEPARTMENTS, organization_code
from cms.demo.models import DemoBuild
from cms.demo.plan import EMPTY, STALE, make_plan
from cms.departments.credit_code import is_valid_credit_code
from cms.departments.models import Department
from cms.disclosure.models import DisclosureGuidePage, InterpretationPage, PolicyDocumentPage
from cms.home.models import HomePage
from cms.workflows.roles import PORTAL_EDITORS

TODAY = datetime.date(2026, 11, 22)
SMALL = 60


# --- the generator (no database) ----------------------------------------------------------------


def test_demo_organs_have_distinct_valid_credit_codes():
    codes = [d.credit_code for d in DEPARTMENTS]
    assert len(DEPARTMENTS) >= 20
    assert len(set(codes)) == len(codes)
    assert all(is_valid_credit_code(code) for code in codes)
    assert all(code.startswith("11539901") for code in codes)  # 机关 + the county's region code
    assert sum(d.is_township for d in DEPARTMENTS) >= 4
    assert len({d.slug for d in DEPARTMENTS}) == len(DEPARTMENTS)


def test_organization_code_check_character():
    # GB 11714 example: body D2143569 has check character X.
    assert organization_code("D2143569") == "D2143569X"


def test_plan_is_deterministic_and_consistent():
    first, second = make_plan(400, TODAY), make_plan(400, TODAY)
    titles = [i.title for d in first.departments for c in d.columns.values() for i in c.items]
    assert titles == [i.title for d in second.departments for c in d.columns.values() for i in c.items]
    assert first.total >= 400
    start = TODAY - datetime.timedelta(days=3 * 365 + 3)
    for department in first.departments:
        numbers = {i.document_number for i in department.column("zcwj").items}
        for column in department.columns.values():
            column_titles = [i.title for i in column.items]
            assert len(column_titles) == len(set(column_titles)), column.slug
            for item in column.items:
                assert start <= item.publish_date <= TODAY
                assert item.written_date is None or item.written_date <= item.publish_date
                assert "{" not in item.body and "}" not in item.title
        for interpretation in department.column("zcjd").items:
            assert interpretation.policy in numbers
    for item in first.departments[2].column("zcwj").items:  # 教育局: 云教发〔2025〕12号
        assert re.fullmatch(r"云教发〔\d{4}〕\d+号", item.document_number)


def test_full_plan_has_stale_and_blank_columns_and_enough_pairs():
    plan = make_plan(2000, TODAY)
    assert plan.total >= 2000
    by_slug = {d.department.slug: d for d in plan.departments}
    for slug, column in EMPTY:
        assert not by_slug[slug].column(column).items
    for (slug, column), days in STALE.items():
        newest = max(i.publish_date for i in by_slug[slug].column(column).items)
        assert (TODAY - newest).days >= days - 2  # moved to a working day at most two days earlier
    assert sum(len(d.column("zcjd").items) for d in plan.departments) >= 30
    policies = [i for d in plan.departments for i in d.column("zcwj").items]
    expired = [i for i in policies if i.validity != "有效"]
    assert expired and all(i.validity_date and i.publish_date < i.validity_date <= TODAY for i in expired)
    for department in plan.departments:
        assert len(department.column("ndbg").items) >= 2
        assert department.column("jgzn").items and department.column("ldxx").items


# --- the command --------------------------------------------------------------------------------


def _counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(), "revisions": Revision.objects.count(),
        "departments": Department.objects.count(), "users": get_user_model().objects.count(),
        "groups": Group.objects.count(), "workflows": WorkflowState.objects.count(),
        "builds": DemoBuild.objects.count(),
    }


@pytest.mark.django_db(transaction=False)
def test_load_demo_builds_the_county_once(client):
    out = StringIO()
    call_command("load_demo", items=SMALL, stdout=out)
    assert "演示内容已建立" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()

    # organs: valid distinct credit codes, each with its 11 standard columns
    departments = list(Department.objects.all())
    assert len(departments) >= 20
    assert len({d.credit_code for d in departments}) == len(departments)
    standard = {c.slug for c in STANDARD_COLUMNS}
    for department in departments:
        assert is_valid_credit_code(department.credit_code)
        assert department.address and department.phone and department.office_hours
        slugs = set(ColumnPage.objects.child_of(department.disclosure_page).values_list("slug", flat=True))
        assert slugs == standard, department.name
    # the page tree is sound (tree counters too): every department page is reachable
    from wagtail.models import Page

    assert Page.find_problems() == ([], [], [], [], [])
    assert client.get(departments[-1].disclosure_page.url).status_code == 200

    # items: live, with 索引号 of their department, at least the requested number
    assert ContentItemPage.objects.live().count() >= SMALL
    items = PolicyDocumentPage.objects.live().select_related("department")
    assert items.count() > 0
    for item in items:
        assert re.fullmatch(rf"{item.department.index_prefix}/\d{{4}}-\d{{5}}", item.index_number)
    policies = items.exclude(pk__in=InterpretationPage.objects.values("pk"))
    assert policies.exclude(document_number="").filter(written_date__isnull=False).exists()

    # interpretation pairs link both ways, inside one department
    interpretations = InterpretationPage.objects.live().select_related("policy")
    assert interpretations.count() >= 3
    for interpretation in interpretations:
        policy = interpretation.policy
        assert policy is not None and policy.live
        assert policy.department_id == interpretation.department_id
        assert interpretation in policy.interpretations.all()
        assert policy.document_number in interpretation.body

    # county news and notices carry source and author
    home = HomePage.objects.get()
    for column in (home.news_column, home.notice_column):
        articles = ArticlePage.objects.child_of(column).live()
        assert articles.exists()
        assert not articles.filter(source="").exists() and not articles.filter(author="").exists()
    assert len(home.entries) >= 5

    # guide and footer
    guide = DisclosureGuidePage.objects.get()
    assert "20个工作日" in guide.body and "信息处理费" in guide.body and guide.office_phone
    settings = PortalSettings.objects.get()
    assert len(settings.site_code) == 10 and settings.icp_number and settings.police_number

    # accounts in their groups, able to sign in
    User = get_user_model()  # noqa: N806
    assert User.objects.get(username="admin").is_superuser
    assert set(User.objects.filter(groups__name=PORTAL_EDITORS).values_list("username", flat=True)) >= {
        "editor", "editor2"}
    assert User.objects.get(username="jyj_xxy").groups.filter(name="教育局信息员").exists()
    assert User.objects.get(username="jyj_shy").groups.filter(name="教育局审核员").exists()
    assert User.objects.get(username="jtj_xxy").groups.filter(name="交通运输局信息员").exists()
    for account in ACCOUNTS:
        assert client.login(username=account.username, password=DEMO_PASSWORD), account.username
        assert client.get("/admin/").status_code == 200
        client.logout()

    # the review queue is not empty: a draft of jyj_xxy waits for 教育局审核
    waiting = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    assert waiting.filter(requested_by__username="jyj_xxy", current_task_state__task__name="教育局审核").exists()
    assert waiting.filter(current_task_state__task__name="门户编辑终审").exists()

    # the service side: ≥ 200 complete guides, ≥ 40 commitment items, five partners with ≥ 30 items
    from cms.guides.checks import incomplete_guides
    from cms.guides.models import ServiceGuidePage
    from modules.commitments.models import CommitmentCase, CommitmentItem
    from modules.crossprovince.models import CrossItem, PartnerRegion, ProxyCase

    assert ServiceGuidePage.objects.live().count() >= 200
    assert ServiceGuidePage.objects.live().values("department").distinct().count() == len(departments)
    assert list(incomplete_guides()) == []
    assert CommitmentItem.objects.published().count() >= 40
    assert CommitmentCase.objects.values("state").distinct().count() >= 3
    assert PartnerRegion.objects.count() == 5
    for partner in PartnerRegion.objects.all():
        assert CrossItem.objects.filter(batch__agreement__partner=partner).count() >= 30, partner
    assert ProxyCase.objects.exists()

    # a second run detects the build and creates nothing
    before = _counts()
    again = StringIO()
    call_command("load_demo", items=SMALL, stdout=again)
    assert "已存在" in again.getvalue()
    assert _counts() == before
