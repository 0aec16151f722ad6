"""Who reaches what: the 栏目检查 menu, login, 403 for outsiders, the editors' rule snippets and settings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu
from wagtail.admin.widgets import AdminPageChooser

from cms.columns.models import ColumnPage
from cms.inspection.models import ColumnOverride, InspectionSettings, KindInterval, Rule, RuleCode, Severity
from tests.admin_forms import form_data, form_errors
from tests.conftest import column_of, make_user

from .conftest import make_finding

pytestmark = pytest.mark.django_db

FORM = "w-editor-form"


def _url(model, view: str, *args) -> str:
    return reverse(model.snippet_viewset.get_url_name(view), args=args)


@pytest.fixture
def outsider(portal):
    """An admin user who is neither an editor nor a department's person."""
    group, _ = Group.objects.get_or_create(name="其他后台用户")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return make_user("outsider", group)


def _menu(user) -> dict[str, list[str]] | None:
    request = RequestFactory().get("/admin/")
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if item.name == "inspection":
            return [entry.label for entry in item.menu.menu_items_for_request(request)]
    return None


def test_menu_for_editors_department_people_and_others(editor, contributor_a, reviewer_a, outsider):
    assert _menu(editor) == ["检查批次", "问题清单", "得分排名", "月度通报", "检查规则", "栏目更新周期",
                             "栏目例外"]
    assert _menu(contributor_a) == ["检查批次", "问题清单", "得分排名"]
    assert _menu(reviewer_a) == ["检查批次", "问题清单", "得分排名"]
    assert _menu(outsider) is None


@pytest.mark.parametrize("name", ["runs", "findings", "ranking"])
def test_anonymous_is_sent_to_the_login(client, portal, name):
    response = client.get(reverse(f"inspection:{name}"))
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))


def test_anonymous_cannot_reach_details_or_actions(client, site_run, dept_a):
    finding = make_finding(site_run, dept_a)
    for url in (reverse("inspection:run", args=[site_run.pk]), reverse("inspection:run_progress", args=[site_run.pk]),
                reverse("inspection:finding", args=[finding.pk])):
        assert client.get(url).url.startswith(reverse("wagtailadmin_login"))
    response = client.post(reverse("inspection:run_start"))
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))
    client.post(reverse("inspection:finding_action", args=[finding.pk, "acknowledge"]))
    finding.refresh_from_db()
    assert finding.status == "open"


def test_outsiders_are_refused(client, outsider, site_run, dept_a):
    finding = make_finding(site_run, dept_a)
    client.force_login(outsider)
    for url in (reverse("inspection:runs"), reverse("inspection:findings"), reverse("inspection:ranking"),
                reverse("inspection:run", args=[site_run.pk]), reverse("inspection:finding", args=[finding.pk])):
        response = client.get(url)
        assert response.status_code == 403 and "只有门户编辑和各部门" in response.content.decode()


def test_contributor_cannot_see_or_edit_the_rules(client, contributor_a, portal):
    rule = Rule.objects.get(code=RuleCode.BROKEN_LINK)
    client.force_login(contributor_a)
    for url in (_url(Rule, "list"), _url(Rule, "edit", rule.pk), _url(KindInterval, "list"),
                _url(ColumnOverride, "list"), _url(ColumnOverride, "add")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), url
    client.post(_url(Rule, "edit", rule.pk), {"severity": Severity.HINT, "points": "9", "cap": "9", "enabled": ""})
    rule.refresh_from_db()
    assert rule.severity == Severity.DEDUCT and rule.points == Decimal("1.00") and rule.enabled


def test_editor_edits_a_rule(client, editor, portal):
    rule = Rule.objects.get(code=RuleCode.BROKEN_LINK)
    client.force_login(editor)
    listing = client.get(_url(Rule, "list")).content.decode()
    assert "错误链接" in listing and _url(Rule, "add") not in listing
    page = client.get(_url(Rule, "edit", rule.pk))
    data = form_data(page.content, FORM)
    assert "code" not in data  # the rule itself is read-only
    data.update(points="1.5", cap="30", severity=Severity.DEDUCT)
    data.pop("enabled", None)
    response = client.post(_url(Rule, "edit", rule.pk), data)
    assert response.status_code == 302, form_errors(response.content)
    rule.refresh_from_db()
    assert rule.points == Decimal("1.5") and rule.cap == Decimal("30") and not rule.enabled
    assert rule.code == RuleCode.BROKEN_LINK


def test_rules_and_intervals_are_never_added_copied_or_deleted(client, editor, admin_user, portal):
    rule = Rule.objects.get(code=RuleCode.BROKEN_LINK)
    interval = KindInterval.objects.first()
    for user in (editor, admin_user):
        client.force_login(user)
        for url in (_url(Rule, "add"), _url(Rule, "delete", rule.pk), _url(KindInterval, "add"),
                    _url(KindInterval, "delete", interval.pk)):
            assert client.get(url).status_code == 302, url
        client.post(_url(Rule, "delete", rule.pk))
        client.post(_url(KindInterval, "delete", interval.pk))
    assert Rule.objects.filter(pk=rule.pk).exists() and KindInterval.objects.filter(pk=interval.pk).exists()


def test_editor_edits_a_kind_interval(client, editor, portal):
    interval = KindInterval.objects.get(kind="news")
    client.force_login(editor)
    data = form_data(client.get(_url(KindInterval, "edit", interval.pk)).content, FORM)
    assert "kind" not in data
    data.update(days="10", note="本县要求动态类栏目 10 天内更新")
    response = client.post(_url(KindInterval, "edit", interval.pk), data)
    assert response.status_code == 302, form_errors(response.content)
    interval.refresh_from_db()
    assert interval.days == 10 and interval.kind == "news" and interval.note.startswith("本县")


def test_column_override_needs_a_reason_and_chooses_columns_only(client, editor, dept_a):
    column = column_of(dept_a, "ldxx")
    client.force_login(editor)
    page = client.get(_url(ColumnOverride, "add"))
    widget = page.context["form"].fields["column"].widget
    assert isinstance(widget, AdminPageChooser) and widget.target_models == [ColumnPage]
    data = form_data(page.content, FORM)
    data.update(column=str(column.pk), blank_allowed="on", reason="")
    response = client.post(_url(ColumnOverride, "add"), data)
    assert response.status_code == 200 and "请填写理由" in form_errors(response.content) + response.content.decode()
    assert not ColumnOverride.objects.exists()

    data["reason"] = "本局领导信息由县政府统一发布。"
    response = client.post(_url(ColumnOverride, "add"), data)
    assert response.status_code == 302, form_errors(response.content)
    override = ColumnOverride.objects.get()
    assert override.column_id == column.pk and override.blank_allowed
    listing = client.get(_url(ColumnOverride, "list")).content.decode()
    assert "领导信息" in listing and "云溪县教育局" in listing

    response = client.post(_url(ColumnOverride, "delete", override.pk))
    assert response.status_code == 302 and not ColumnOverride.objects.exists()


def test_editor_changes_the_inspection_settings(client, editor, portal):
    client.force_login(editor)
    page = client.get(reverse("wagtailsettings:edit", args=["inspection", "inspectionsettings"]), follow=True)
    assert page.status_code == 200 and "空白栏目否决数" in page.content.decode()
    url = page.redirect_chain[-1][0] if page.redirect_chain else page.request["PATH_INFO"]
    data = form_data(page.content, FORM)
    data["rectification_working_days"] = "10"
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response.content)
    assert InspectionSettings.current().rectification_working_days == 10


def test_contributor_cannot_change_the_inspection_settings(client, contributor_a, portal):
    client.force_login(contributor_a)
    response = client.get(reverse("wagtailsettings:edit", args=["inspection", "inspectionsettings"]), follow=True)
    assert "空白栏目否决数" not in response.content.decode()



def test_the_monthly_reports_are_mounted_for_editors_only(client, editor, contributor_a, site_run):
    assert reverse("inspection:reports") == "/admin/inspection/reports/"
    client.force_login(editor)
    assert client.get(reverse("inspection:reports")).status_code == 200
    run_page = client.get(reverse("inspection:run", args=[site_run.pk])).content.decode()
    assert reverse("inspection:report", args=[site_run.pk]) in run_page
    client.force_login(contributor_a)
    assert client.get(reverse("inspection:reports")).status_code == 403
    assert reverse("inspection:report", args=[site_run.pk]) not in client.get(
        reverse("inspection:run", args=[site_run.pk])).content.decode()
