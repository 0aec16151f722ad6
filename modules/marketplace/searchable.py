"""Published marketplace projects in the site search (group 中介服务).

A citizen searching 测绘 finds the project notice: the index holds the notice's title, service
category, owner, qualification requirement, content, method, state and — once selected — the
winning agency. Drafts are never indexed.

Staying in step (the search outbox, drained after the commit):
- publishing a project and every later state change save the project (``services.states.move``),
  which the search app's ``post_save`` receiver records for every registered model;
- a selection (the winner joins the indexed text) and a renamed service category re-queue the
  projects concerned here.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from search.registry import register

from .models import PUBLIC_STATES, Project, Selection, ServiceCategory

SEARCH_KEY = "marketplace_project"


def _public_projects():
    return Project.objects.filter(state__in=PUBLIC_STATES).select_related("selection__agency")


def _body(project: Project) -> str:
    parts = [
        f"服务类型：{project.category.name}", f"业主单位：{project.owner.name}",
        f"选取方式：{project.get_method_display()}", f"项目状态：{project.get_state_display()}",
        f"资质要求：{project.qualification_requirement}", f"服务内容：{project.content}",
        f"服务时限：{project.service_period}",
    ]
    selection = getattr(project, "selection", None)
    if selection is not None:
        parts.append(f"中选机构：{selection.agency.name}")
    return "；".join(parts)


register(
    SEARCH_KEY, Project, label="中介服务项目公告", group="中介服务",
    title="title", body=(_body,),
    keywords=("number", "category.name", lambda project: "中介服务超市 项目公告"),
    department="owner.name", date="published_at",
    url=lambda project: reverse("marketplace:project_detail", args=[project.pk]),
    queryset=_public_projects, select_related=("owner", "category"),
)


def requeue(project_ids) -> int:
    """Record projects in the search outbox; the drain re-reads each one's current state."""
    from search import outbox

    return outbox.record(((SEARCH_KEY, pk) for pk in project_ids), "edit")


@receiver(post_save, sender=Selection, dispatch_uid="marketplace.selection_search")
def _selection_saved(sender, instance: Selection, raw: bool = False, **kwargs) -> None:
    if not raw:
        requeue([instance.project_id])


@receiver(post_save, sender=ServiceCategory, dispatch_uid="marketplace.category_search")
def _category_saved(sender, instance: ServiceCategory, raw: bool = False, created: bool = False, **kwargs) -> None:
    if not raw and not created:
        requeue(Project.objects.filter(category=instance, state__in=PUBLIC_STATES).values_list("pk", flat=True))
