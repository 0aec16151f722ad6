"""Disclosure items in the site search: policy documents (with their 文号), interpretations
and the disclosure guide."""

from search.registry import register

from .models import DisclosureGuidePage, InterpretationPage, PolicyDocumentPage

register(
    "policy", PolicyDocumentPage, label="政策文件", group="政府信息",
    body=("summary", "body"), keywords=("keywords", "document_number"), department="department.name",
    date="publish_date", doc_number="document_number", select_related=("department",),
)
register(
    "interpretation", InterpretationPage, label="政策解读", group="政府信息",
    body=("summary", "body"), keywords=("keywords", "document_number"), department="department.name",
    date="publish_date", doc_number="document_number", select_related=("department",),
)
register(
    "disclosure_guide", DisclosureGuidePage, label="公开指南", group="政府信息",
    body=("body", "office_name", "office_address", "office_phone"), date="updated_on",
)
