"""Writing validated guides: create or update pages in the department's guide folder.

Rules:
- a guide is created, or updated by a new revision of the existing page, keyed by 实施编码,
  always in the guide folder of its 实施主体 (``ensure_guide_folder``);
- a guide is published only when it is complete (``missing_elements`` empty and no
  ``consistency_errors``) and the importer may publish in that folder; a complete guide of
  an importer without that right is submitted to the folder's review workflow; an
  incomplete one is saved as a draft (a live guide keeps its published version) and is
  reported with what it lacks — a guide missing an element is never published;
- materials keep their 空白表格 and 示例样表 when a row with the same 材料名称 replaces them;
- every created or updated page gets a ``guides.import`` audit-log entry.

Runs inside the caller's transaction: any failure undoes the whole import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail.log_actions import log

from cms.guides.elements import consistency_errors, missing_elements
from cms.guides.models import GuideFolderPage, GuideMaterial, ServiceGuidePage, ServiceTheme
from cms.guides.setup import ensure_guide_folder

from .columns import GUIDE_SHEET
from .errors import GuideImportError, SheetError
from .permissions import has_full_access
from .validation import GuideData
from .values import faq_stream

IMPORT_ACTION = "guides.import"

PUBLISHED, SUBMITTED, DRAFT = "published", "submitted", "draft"
STATUS_LABELS = {PUBLISHED: "已发布", SUBMITTED: "已提交审核", DRAFT: "草稿"}


@dataclass
class Outcome:
    """What happened (or, in a dry run, would happen) to one guide row."""

    row: int
    code: str
    title: str
    department: str
    created: bool
    status: str
    missing: list[str] = field(default_factory=list)
    page_id: int | None = None
    was_live: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


class _Context:
    """Folders, themes, slugs and publishing rights, looked up once per import."""

    def __init__(self, user, *, dry_run: bool) -> None:
        self.user, self.dry_run = user, dry_run
        self.folders: dict[int, GuideFolderPage] = {}
        self.may_publish: dict[int, bool] = {}
        self.slugs: dict[int, set[str]] = {}
        self.themes = {theme.pk: theme for theme in ServiceTheme.objects.all()}

    def folder(self, guide: GuideData) -> GuideFolderPage:
        department = guide.department
        if department.pk not in self.folders:
            folder = GuideFolderPage.objects.filter(department=department).first()
            if folder is None and not self.dry_run:
                folder = ensure_guide_folder(department)
            if folder is None and not self.dry_run:
                raise GuideImportError([SheetError(GUIDE_SHEET, guide.row, "实施主体",
                                                   "网站还没有“办事指南”栏目，无法为该部门建立办事指南目录。")])
            self.folders[department.pk] = folder
            if self.user is None:
                self.may_publish[department.pk] = True
            elif folder is not None:
                self.may_publish[department.pk] = folder.permissions_for_user(self.user).can_publish_subpage()
            else:  # dry run before the department has a folder: the folder will inherit the index's rights
                self.may_publish[department.pk] = has_full_access(self.user)
        return self.folders[department.pk]

    def slug(self, folder: GuideFolderPage, code: str) -> str:
        taken = self.slugs.get(folder.pk)
        if taken is None:
            taken = set(folder.get_children().values_list("slug", flat=True))
            self.slugs[folder.pk] = taken
        base = slugify(code)[:70] or "guide"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        return slug


def build_page(guide: GuideData, context: _Context) -> ServiceGuidePage:
    """The page with the row's values: the latest revision of the existing guide, or a new page."""
    if guide.existing_id is not None:
        page = ServiceGuidePage.objects.get(pk=guide.existing_id).get_latest_revision_as_object()
    else:
        page = ServiceGuidePage(live=False, owner=context.user)
    for name, value in guide.values.items():
        if name == "faq":
            value = faq_stream(value)
        setattr(page, name, value)
    page.department = guide.department
    page.themes = [context.themes[pk] for pk in guide.theme_ids]
    previous = {m.name: m for m in page.materials.all()} if guide.existing_id is not None else {}
    materials = []
    for material in guide.materials:
        kept = previous.pop(str(material.values["name"]), None)
        item = GuideMaterial(
            pk=kept.pk if kept else None, blank_form_id=kept.blank_form_id if kept else None,
            sample_id=kept.sample_id if kept else None, **material.values,
        )
        materials.append(item)
    page.materials = materials
    return page


def problems_of(page: ServiceGuidePage) -> list[str]:
    """What keeps the guide from being published: missing elements, then broken conditional rules."""
    problems = list(missing_elements(page))
    for messages in consistency_errors(page).values():
        problems.extend(message.rstrip("。") for message in messages)
    return list(dict.fromkeys(problems))


def plan(guides: Sequence[GuideData], user) -> list[Outcome]:
    """The outcome of each row without writing anything (the dry run)."""
    context = _Context(user, dry_run=True)
    outcomes = []
    for guide in guides:
        context.folder(guide)
        page = build_page(guide, context)
        outcomes.append(_outcome(guide, page, problems_of(page), context))
    return outcomes


def _outcome(guide: GuideData, page: ServiceGuidePage, problems: list[str], context: _Context) -> Outcome:
    if problems:
        status = DRAFT
    else:
        status = PUBLISHED if context.may_publish[guide.department.pk] else SUBMITTED
    return Outcome(row=guide.row, code=guide.code, title=str(guide.values["title"]), department=guide.department.name,
                   created=guide.existing_id is None, status=status, missing=problems, page_id=page.pk,
                   was_live=bool(page.pk and page.live))


def write_guides(guides: Sequence[GuideData], *, user=None, source: str = "", bar=None) -> list[Outcome]:
    """Create or update every guide; the caller holds the transaction."""
    context = _Context(user, dry_run=False)
    outcomes = []
    for guide in guides:
        folder = context.folder(guide)
        page = build_page(guide, context)
        problems = problems_of(page)
        outcome = _outcome(guide, page, problems, context)
        try:
            _save(page, folder, outcome, context, source)
        except ValidationError as exc:
            error = SheetError(GUIDE_SHEET, guide.row, "", "无法保存：" + "；".join(exc.messages))
            raise GuideImportError([error]) from exc
        outcome.page_id = page.pk
        outcomes.append(outcome)
        if bar is not None:
            bar.update(1)
    return outcomes


def _save(page: ServiceGuidePage, folder: GuideFolderPage, outcome: Outcome, context: _Context, source: str) -> None:
    user = context.user
    if outcome.created:
        page.slug = context.slug(folder, outcome.code)
        folder.add_child(instance=page)
    revision = page.save_revision(user=user, clean=False)
    if outcome.status == PUBLISHED:
        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=user)
        revision.publish(user=user)
    elif outcome.status == SUBMITTED:
        workflow = page.get_workflow()
        if workflow is not None and not page.workflow_in_progress:
            workflow.start(page, user)
    log(
        instance=page, action=IMPORT_ACTION, user=user, revision=revision,
        data={"source": source, "row": outcome.row, "created": outcome.created, "status": outcome.status,
              "missing": outcome.missing},
    )
