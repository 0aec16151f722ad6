"""Published commitment items in the site search (办事服务)."""

from search.registry import register

from .models import CommitmentItem

register(
    "commitment", CommitmentItem, label="告知承诺事项", group="办事服务",
    title="name",
    body=("replaced", "notice_conditions", "commitment_text", "verification_method"),
    keywords=("legal_basis", "department.short_name", lambda item: "告知承诺 告知承诺制 承诺书"),
    department="department.name", date="updated_at",
    url=lambda item: item.get_absolute_url(),
    queryset=lambda: CommitmentItem.objects.published(),
    select_related=("department",),
)
