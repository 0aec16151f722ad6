"""跨省通办 items in the site search (办事服务): items of agreements still in force.

An item is indexed with its partner region, mode, departments and time limit; saving or
deleting an item is picked up by the search outbox.  An agreement that expires drops out of
the public queryset, so the item is removed from the index the next time it is synchronised.
"""

from search.registry import register

from .models import Agreement, CrossItem, current_agreements


def _public_items():
    return CrossItem.objects.filter(batch__agreement__in=Agreement.objects.filter(current_agreements()))


def _body(item: CrossItem) -> str:
    agreement = item.batch.agreement
    parts = [
        f"跨省通办 {agreement.partner.full_name}", f"办理模式：{item.get_mode_display()}",
        f"本地主管部门：{item.department.name}", f"办理时限：{item.time_limit}个工作日",
        f"本县专窗：{agreement.our_window}",
    ]
    if item.partner_authority:
        parts.append(f"对方受理部门：{item.partner_authority}")
    return "；".join(parts)


register(
    "crossprovince_item", CrossItem, label="跨省通办事项", group="办事服务",
    title="name", body=(_body,), keywords=("batch.agreement.partner.county", "batch.agreement.partner.province"),
    department="department.name", date="batch.added_on", url=lambda o: o.get_absolute_url(),
    queryset=_public_items, select_related=("batch__agreement__partner", "department"),
)
