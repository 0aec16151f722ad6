"""Fixtures of the service guides: a complete guide in a department's folder."""

from __future__ import annotations

import pytest

from cms.guides.models import GuideFolderPage, GuideMaterial, ServiceGuidePage

COMPLETE = dict(
    basic_code="000123001000", implementation_code="11441700007280420Y4000123001000",
    matter_type="licensing", audience="person", legal_basis="《中华人民共和国教育法》第二十八条",
    conditions="<p>申请人具有本县户籍。</p>", process="<p>受理、审查、决定、送达。</p>",
    legal_time_limit=20, promised_time_limit=5, location="云溪县政务服务中心一楼3号窗口",
    office_hours="工作日 9:00-12:00，14:00-17:30", consultation="0760-1234567",
    complaint="12345政务服务便民热线", visits=1,
    faq=[("faq", {"question": "可以委托他人办理吗？", "answer": "可以，需提交授权委托书。"})],
)


def make_guide(department, title: str = "民办学校设立审批", *, publish: bool = True, materials: int = 1,
               **fields) -> ServiceGuidePage:
    """A guide in ``department``'s folder; complete unless ``fields`` blank something out."""
    folder = GuideFolderPage.objects.get(department=department)
    values = {**COMPLETE, **fields}
    guide = ServiceGuidePage(title=title, live=False, **values)
    for number in range(materials):
        guide.materials.add(GuideMaterial(name=f"申请材料{number + 1}", copies=1))
    folder.add_child(instance=guide)
    revision = guide.save_revision(clean=False)
    if publish:
        revision.publish()
        guide.refresh_from_db()
    return guide


@pytest.fixture
def guide_a(dept_a) -> ServiceGuidePage:
    return make_guide(dept_a)
