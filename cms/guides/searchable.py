"""Service guides in the site search (group 办事服务): found by matter name, materials and codes."""

from search.registry import register

from .models import ServiceGuidePage


def _materials(guide: ServiceGuidePage) -> str:
    return " ".join(material.name for material in guide.materials.all())


register(
    "service_guide", ServiceGuidePage, label="办事指南", group="办事服务",
    body=("conditions", _materials, "process", "faq", "legal_basis"),
    keywords=("implementation_code", "basic_code"), department="department.name",
    date="last_published_at", select_related=("department",),
)
