"""Factories and fixtures of the marketplace tests, shared by every part of the module.

Times: ``T0`` is Monday 2026-09-28 09:00 in Asia/Shanghai; the ``project_*`` fixtures are
published at ``T0`` with 报名截止 ``DEADLINE`` (T0 + 3 days) and 选取时间 ``SELECTION_AT``
(deadline + 1 hour). Pass explicit ``now=`` to the services to let time pass.
Helpers (importable): ``credit_code``, ``pdf_upload``, ``png_upload``, ``make_category``,
``make_agency``, ``make_project``. Fixtures: ``categories``, ``survey``, ``operator``, ``owner``
(a 信息员 of dept_a), ``other_owner`` (a 信息员 of dept_b), ``agency``/``agency2``/``agency3``
(approved, with a valid 测绘 qualification), ``agencies``, ``project_direct``,
``project_lottery``, ``project_bidding``, ``project_merit`` (published, 报名中),
``project_factory`` (``make_project`` bound to dept_a and its owner).
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cms.departments.credit_code import ALPHABET, check_character
from modules.marketplace.models import (
    Agency,
    AgencyStatus,
    MeritCriterion,
    Project,
    Qualification,
    QualificationStatus,
    QuoteMethod,
    SelectionMethod,
    ServiceCategory,
)
from modules.marketplace.roles import OPERATORS, ensure_marketplace_permissions
from modules.marketplace.services.projects import publish_project
from tests.conftest import PASSWORD, make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime.datetime(2026, 9, 28, 9, 0, tzinfo=SHANGHAI)
DEADLINE = T0 + datetime.timedelta(days=3)
SELECTION_AT = DEADLINE + datetime.timedelta(hours=1)
FAR_EXPIRY = datetime.date(2030, 12, 31)
CATEGORIES = (("测绘", "survey"), ("检测", "testing"), ("评估", "assessment"), ("咨询", "consulting"))
CRITERIA = (("技术方案", Decimal("40")), ("业绩经验", Decimal("30")), ("服务承诺", Decimal("30")))

_serial = itertools.count(1)

# The smallest real files of each kind the uploads accept.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def credit_code(n: int, prefix: str = "91530100MA") -> str:
    """A valid 统一社会信用代码 (GB 32100-2015 check character) numbered ``n``."""
    body = prefix
    digits = []
    for _ in range(17 - len(prefix)):
        n, rest = divmod(n, len(ALPHABET))
        digits.append(ALPHABET[rest])
    body += "".join(reversed(digits))
    return body + check_character(body)


def pdf_upload(name: str = "营业执照.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png_upload(name: str = "证书.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def make_category(name: str, code: str) -> ServiceCategory:
    return ServiceCategory.objects.get_or_create(code=code, defaults={"name": name})[0]


def make_agency(name: str, *, code: str | None = None, categories: tuple[ServiceCategory, ...] = (),
                status: str = AgencyStatus.APPROVED, expires_on: datetime.date = FAR_EXPIRY, level: str = "甲级",
                username: str | None = None, qualification_status: str = QualificationStatus.APPROVED) -> Agency:
    """An agency (approved by default) with one qualification per category, made directly."""
    serial = next(_serial)
    user = get_user_model().objects.create_user(username=username or f"agency{serial}", password=PASSWORD,
                                                email=f"agency{serial}@example.cn")
    agency = Agency.objects.create(
        name=name, credit_code=code or credit_code(serial), legal_representative="王五", contact_name="李四",
        contact_phone="0871-66000000", contact_email=f"contact{serial}@example.cn", address="云溪县城关镇",
        licence=pdf_upload(), user=user, status=status, review_due=datetime.date(2026, 9, 30), staff_count=3,
    )
    agency.categories.set(categories)
    for category in categories:
        Qualification.objects.create(
            agency=agency, category=category, name=f"{category.name}资质", certificate_number=f"ZZ-{serial}-{category.code}",
            level=level, expires_on=expires_on, certificate=pdf_upload("资质证书.pdf"), status=qualification_status)
    return agency


def make_project(owner, category: ServiceCategory, method: str, *, user, title: str = "", now=None,
                 publish: bool = True, quote_method: str = QuoteMethod.AMOUNT, budget: Decimal = Decimal("100000"),
                 max_price: Decimal | None = Decimal("90000"), signup_days: int = 3, **fields) -> Project:
    """A project of ``owner`` (published by ``user`` at ``now`` unless ``publish=False``).

    Default times: 报名截止 ``now`` + ``signup_days`` days, 选取时间 one hour later; ``now``
    defaults to the real time. 择优选取 projects get three published criteria (40/30/30).
    """
    now = now or timezone.now()
    deadline = fields.pop("signup_deadline", now + datetime.timedelta(days=signup_days))
    project = Project.objects.create(
        title=title or f"{category.name}服务项目{next(_serial)}", owner=owner, category=category, budget=budget,
        max_price=max_price, quote_method=quote_method, qualification_requirement=f"具有{category.name}资质",
        signup_deadline=deadline, selection_at=fields.pop("selection_at", deadline + datetime.timedelta(hours=1)),
        method=method, content="按项目要求提供服务。", service_period="合同签订后 30 日内", complaint_phone="0871-12345",
        contact="张科长 0871-66000001", **fields)
    if method == SelectionMethod.MERIT:
        for name, points in CRITERIA:
            MeritCriterion.objects.create(project=project, name=name, max_points=points)
    if publish:
        project = publish_project(project, user, now=now)
    return project


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files of a test go to its own directories (public media and private files)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    private = {**settings.STORAGES["private"], "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None}}
    settings.STORAGES = {**settings.STORAGES, "private": private}


@pytest.fixture
def categories(db) -> dict[str, ServiceCategory]:
    return {code: make_category(name, code) for name, code in CATEGORIES}


@pytest.fixture
def survey(categories) -> ServiceCategory:
    return categories["survey"]


@pytest.fixture
def marketplace_perms(portal, dept_a, dept_b):
    ensure_marketplace_permissions()


@pytest.fixture
def operator(marketplace_perms):
    return make_user("operator", OPERATORS)


@pytest.fixture
def owner(marketplace_perms, contributor_a):
    """A 信息员 of dept_a: publishes and manages dept_a's projects."""
    return contributor_a


@pytest.fixture
def other_owner(marketplace_perms, contributor_b):
    return contributor_b


@pytest.fixture
def agency(survey) -> Agency:
    return make_agency("云溪测绘有限公司", categories=(survey,))


@pytest.fixture
def agency2(survey) -> Agency:
    return make_agency("滇中勘测设计院", categories=(survey,))


@pytest.fixture
def agency3(survey) -> Agency:
    return make_agency("高原地理信息有限公司", categories=(survey,))


@pytest.fixture
def agencies(agency, agency2, agency3) -> list[Agency]:
    return [agency, agency2, agency3]


@pytest.fixture
def project_factory(dept_a, owner, survey):
    def factory(method: str = SelectionMethod.LOTTERY, **kwargs) -> Project:
        kwargs.setdefault("now", T0)
        return make_project(kwargs.pop("owner_department", dept_a), kwargs.pop("category", survey), method,
                            user=kwargs.pop("user", owner), **kwargs)
    return factory


@pytest.fixture
def project_direct(project_factory) -> Project:
    return project_factory(SelectionMethod.DIRECT, title="县城地形图修测（直接选取）")


@pytest.fixture
def project_lottery(project_factory) -> Project:
    return project_factory(SelectionMethod.LOTTERY, title="学校用地勘测定界（随机抽取）")


@pytest.fixture
def project_bidding(project_factory) -> Project:
    return project_factory(SelectionMethod.BIDDING, title="农村公路竣工测量（竞价选取）")


@pytest.fixture
def project_merit(project_factory) -> Project:
    return project_factory(SelectionMethod.MERIT, title="国土空间规划基础测绘（择优选取）")
