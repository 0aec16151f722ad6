"""Builders for the agency-area tests (and the browser test): files, codes, agencies, projects.

Everything goes through the real services: agencies are registered and approved with
``services.agencies``, projects published with ``services.projects.publish_project``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cms.departments.credit_code import check_character
from modules.marketplace.models import Project, QuoteMethod, SelectionMethod, ServiceCategory
from modules.marketplace.roles import OPERATORS, ensure_operators
from modules.marketplace.services.agencies import approve_agency, register_agency
from modules.marketplace.services.projects import publish_project
from tests.conftest import make_user

# A small valid PDF and PNG (real signatures), and a Windows executable's first bytes.
PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
             b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode."
MB = 1024 * 1024


def pdf(name: str = "licence.pdf", *, size: int | None = None) -> SimpleUploadedFile:
    """A PDF upload; ``size`` pads it to that many bytes (for the size limit)."""
    content = PDF_BYTES if size is None else PDF_BYTES + b"0" * (size - len(PDF_BYTES))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name: str = "certificate.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def renamed_exe(name: str = "licence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EXE_BYTES, content_type="application/pdf")


def credit_code(n: int) -> str:
    """A valid 统一社会信用代码 numbered ``n`` (GB 32100-2015 check character)."""
    first = f"91530100MB{n:07d}"
    return first + check_character(first)


def category(name: str = "测绘", code: str = "survey", order: int = 10) -> ServiceCategory:
    return ServiceCategory.objects.get_or_create(code=code, defaults={"name": name, "order": order})[0]


def operator(username: str = "operator"):
    ensure_operators()
    from django.contrib.auth import get_user_model

    existing = get_user_model().objects.filter(username=username).first()
    return existing or make_user(username, OPERATORS)


def make_agency(username: str, n: int, categories: list[ServiceCategory], *, approve: bool = True,
                level: str = "甲级", expires_on: datetime.date | None = None, name: str | None = None):
    """A registered agency with one qualification per category; approved unless ``approve=False``."""
    user = make_user(username)
    expires_on = expires_on or timezone.localdate() + datetime.timedelta(days=365)
    agency = register_agency(
        user=user,
        data={"name": name or f"云溪{username}技术服务有限公司", "credit_code": credit_code(n),
              "legal_representative": "王建国", "contact_name": "李明", "contact_phone": "13800000000",
              "contact_email": f"{username}@example.cn", "address": "云溪县城南路 8 号"},
        categories=categories, licence=pdf(),
        qualifications=[{"category": c, "name": f"{c.name}资质", "certificate_number": f"Q-{n}-{c.code}",
                         "level": level, "expires_on": expires_on, "certificate": pdf("cert.pdf")}
                        for c in categories],
        staff=[{"name": "张工", "title": "高级工程师", "certificate_number": "S-1"}],
    )
    if approve:
        agency = approve_agency(agency, operator())
    return agency


def make_project(owner, user, cat: ServiceCategory, *, title: str = "云溪县城区地形图测绘",
                 method: str = SelectionMethod.BIDDING, quote_method: str = QuoteMethod.AMOUNT,
                 deadline: datetime.datetime | None = None, published: datetime.datetime | None = None,
                 **fields) -> Project:
    """A published project of ``owner`` (published by ``user``, one of the owner's people)."""
    published = published or timezone.now()
    deadline = deadline or published + datetime.timedelta(days=5)
    values = dict(
        budget=Decimal("100000.00"), max_price=Decimal("90000.00"), qualification_requirement="具有测绘资质",
        selection_at=deadline + datetime.timedelta(hours=1), content="1:500 地形图测绘，约 2 平方公里。",
        service_period="合同签订后 60 日内", complaint_phone="0870-5120000", contact="赵科长 0870-5121111",
    )
    values.update(fields)
    project = Project.objects.create(title=title, owner=owner, category=cat, method=method, quote_method=quote_method,
                                     signup_deadline=deadline, **values)
    return publish_project(project, user, now=published)
