"""Public guide pages: the printable guide, listings by department, theme and letter."""

from __future__ import annotations

import pytest

from cms.guides.models import GuideFolderPage, ServiceGuideIndexPage, ServiceTheme

from .conftest import make_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(portal) -> ServiceGuideIndexPage:
    return ServiceGuideIndexPage.objects.get()


def test_guide_page_shows_every_element_and_prints(client, dept_a):
    guide = make_guide(dept_a, "民办学校设立审批", is_charged=True, fee_standard="按规定标准收取审批费。")
    html = client.get(guide.url).content.decode()
    for text in ("民办学校设立审批", "000123001000", "行政许可", "云溪县教育局", "《中华人民共和国教育法》第二十八条",
                 "申请人具有本县户籍", "申请材料1", "受理、审查、决定、送达", "20 个工作日", "5 个工作日",
                 "按规定标准收取审批费", "云溪县政务服务中心一楼3号窗口", "0760-1234567", "12345政务服务便民热线",
                 "可以委托他人办理吗", "打印办事指南", "guides/guides.css"):
        assert text in html, text


def test_draft_guide_is_not_public(client, dept_a):
    guide = make_guide(dept_a, "未发布的指南", publish=False)
    folder = GuideFolderPage.objects.get(department=dept_a)
    assert "未发布的指南" not in client.get(folder.url).content.decode()
    assert client.get(f"{folder.url}{guide.slug}/").status_code == 404


def test_index_by_department(client, index, dept_a, dept_b):
    make_guide(dept_a, "教师资格认定")
    make_guide(dept_b, "道路运输经营许可", implementation_code="X2")
    html = client.get(index.url).content.decode()
    assert "云溪县教育局" in html and "云溪县交通运输局" in html
    html = client.get(index.url, {"by": "department", "department": dept_b.slug}).content.decode()
    assert "道路运输经营许可" in html and "教师资格认定" not in html
    assert client.get(index.url, {"department": "nope"}).status_code == 404


def test_index_by_theme_and_audience(client, index, dept_a):
    theme = ServiceTheme.objects.get(audience="person", name="教育科研")
    guide = make_guide(dept_a, "学生资助申请")
    guide.themes.add(theme)
    guide.save_revision().publish()
    make_guide(dept_a, "民办学校设立审批", audience="legal", implementation_code="X3")
    html = client.get(index.url, {"by": "person", "theme": theme.pk}).content.decode()
    assert "学生资助申请" in html and "民办学校设立审批" not in html
    html = client.get(index.url, {"by": "legal"}).content.decode()
    assert "民办学校设立审批" in html and "学生资助申请" not in html
    assert client.get(index.url, {"by": "person", "theme": "x"}).status_code == 404


def test_index_a_to_z(client, index, dept_a):
    make_guide(dept_a, "教师资格认定")
    make_guide(dept_a, "民办学校设立审批", implementation_code="X4")
    html = client.get(index.url, {"by": "letter", "letter": "j"}).content.decode()
    assert "教师资格认定" in html and "民办学校设立审批" not in html
    assert client.get(index.url, {"by": "letter", "letter": "1"}).status_code == 404
    assert client.get(index.url, {"by": "letter", "letter": "J", "page": "9"}).status_code == 404


def test_listing_queries_do_not_grow(client, index, dept_a, django_assert_max_num_queries):
    make_guide(dept_a, "教师资格认定")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(index.url, {"by": "letter", "letter": "J"})
    for number in range(15):
        make_guide(dept_a, f"教育事项{number}", implementation_code=f"J{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(index.url, {"by": "letter", "letter": "J"})


def test_services_section_links_guides_and_modules(client, portal):
    from cms.home.models import SectionPage

    html = client.get(SectionPage.objects.get(slug="zwfw").url).content.decode()
    assert "办事指南" in html and 'href="/zwfw/gzcn/"' in html and 'href="/zwfw/kstb/"' in html
