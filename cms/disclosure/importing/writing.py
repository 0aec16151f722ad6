"""Writing validated items into a column as published Wagtail pages, in bulk.

Creating pages one at a time (treebeard ``add_child``, ``save_revision``, ``publish``) costs
a dozen queries per page.  Here every table of the multi-table page (wagtailcore_page →
core_contentitempage → disclosure_policydocumentpage [→ disclosure_interpretationpage]),
the revisions and the audit-log entries are written with one ``executemany`` per table and
chunk, so 100,000 items take a few hundred statements:

- materialized paths of the new children are computed here (treebeard MP_Node, steplen 4,
  alphabet 0-9A-Z), following the column's last child, and the column's ``numchild`` is
  raised once;
- page and revision ids are reserved up front (the table's sequence on PostgreSQL,
  ``sqlite_sequence`` under the write lock on SQLite), so the pages can point at their
  revisions without a second pass;
- 索引号 come from :func:`allocate_index_numbers`, one call per year, in 发布日期 order.

Runs inside the caller's transaction (the service wraps the whole import in one).  The
search index and Wagtail's reference index are brought up to date after commit by
background tasks (see ``signals.py``), as post_save signals are not sent for bulk rows.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, router
from django.db.models import F
from django.utils import timezone
from modelcluster.models import get_all_child_relations, get_serializable_data_for_fields
from wagtail.models import Page, PageLogEntry, Revision

from cms.core.models import ContentItemPage
from cms.core.queries import children_of
from cms.disclosure.models import InterpretationPage, PolicyDocumentPage
from cms.disclosure.models.index_numbers import allocate_index_numbers

from .progress import counter
from .validation import ItemData, is_interpretation_column

CHUNK_SIZE = 2000
IMPORT_ACTION = "disclosure.import"
IMPORT_RUN_ACTION = "disclosure.import_run"

_PASS_THROUGH_TYPES = {
    "CharField", "TextField", "SlugField", "IntegerField", "PositiveIntegerField", "BigIntegerField",
    "PositiveSmallIntegerField", "SmallIntegerField", "AutoField", "BigAutoField", "BooleanField",
}


class WriteError(Exception):
    """The items cannot be written (no department on the column, a full column...)."""


# --- low-level table writer -----------------------------------------------------------------


class TableWriter:
    """``INSERT`` rows into one model's own table with ``executemany``.

    ``constants`` are the same for every row (prepared for the database once); every other
    local column is taken from the row dicts, keyed by attname (all rows have the same keys).
    Columns missing from both get the field's default, so a field added to a model later
    does not break the import.
    """

    def __init__(self, model, connection, constants: dict[str, object], *, skip: Sequence[str] = (),
                 preparers: dict[str, Callable[[object], object]] | None = None) -> None:
        self.connection = connection
        self.constants = constants
        self.preparers = preparers or {}
        qn = connection.ops.quote_name
        self.fields = [f for f in model._meta.local_concrete_fields if f.attname not in skip]
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            qn(model._meta.db_table),
            ", ".join(qn(f.column) for f in self.fields),
            ", ".join(["%s"] * len(self.fields)),
        )
        self.plan: list[tuple[str, object]] | None = None

    def _make_plan(self, keys) -> list[tuple[str, object]]:
        plan: list[tuple[str, object]] = []
        for f in self.fields:
            if f.attname in self.constants or f.attname not in keys:
                value = self.constants[f.attname] if f.attname in self.constants else f.get_default()
                plan.append(("const", f.get_db_prep_save(value, self.connection)))
            elif f.attname in self.preparers:
                plan.append(("prep", (f.attname, self.preparers[f.attname])))
            elif f.remote_field is not None or f.get_internal_type() in _PASS_THROUGH_TYPES:
                plan.append(("raw", f.attname))
            else:
                plan.append(("prep", (f.attname, self._preparer(f))))
        return plan

    def _preparer(self, field) -> Callable[[object], object]:
        connection = self.connection

        def prepare(value):
            return None if value is None else field.get_db_prep_save(value, connection)

        return prepare

    def row(self, values: dict[str, object]) -> list[object]:
        if self.plan is None:
            self.plan = self._make_plan(values.keys())
        out: list[object] = []
        for kind, spec in self.plan:
            if kind == "const":
                out.append(spec)
            elif kind == "raw":
                out.append(values[spec])
            else:
                attname, prepare = spec
                out.append(prepare(values[attname]))
        return out

    def write(self, rows: list[dict[str, object]]) -> None:
        if rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(self.sql, [self.row(values) for values in rows])


def _json_text_preparers(connection, attname: str) -> dict[str, Callable[[object], object]]:
    """On SQLite, store JSON with Chinese text as is rather than as ``\\uXXXX`` escapes.

    Django writes JSON ASCII-escaped: each Chinese character then takes six bytes instead
    of three, which doubles the size of revisions (their content repeats the body).  The
    values are equally valid JSON and read back the same.  PostgreSQL stores jsonb
    decoded, so it keeps Django's own preparation.
    """
    if connection.vendor != "sqlite":
        return {}
    return {attname: lambda value: json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)}


def reserve_ids(model, count: int, using: str) -> list[int]:
    """Reserve ``count`` primary keys of ``model``'s table that no other writer will use.

    PostgreSQL: ``nextval`` of the table's sequence.  SQLite: the numbers after the highest
    ever issued (``sqlite_sequence``); the caller holds the database's write lock.
    """
    connection = connections[using]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            cursor.execute(f"SELECT MAX({connection.ops.quote_name(model._meta.pk.column)}) FROM {connection.ops.quote_name(table)}")
            highest = max(row[0] if row else 0, cursor.fetchone()[0] or 0)
            return list(range(highest + 1, highest + 1 + count))
    raise WriteError(f"批量导入不支持 {connection.vendor} 数据库。")


# --- the import -------------------------------------------------------------------------------


def _index_numbers(column, items: Sequence[ItemData]) -> list[str]:
    """One new 索引号 per item, serials in 发布日期 order within each year."""
    department = column.department
    if department is None:
        raise WriteError("所在栏目没有所属部门，无法生成索引号。")
    by_year: dict[int, list[int]] = defaultdict(list)
    for position, item in enumerate(items):
        by_year[item.publish_date.year].append(position)
    numbers: list[str] = [""] * len(items)
    for year in sorted(by_year):
        positions = sorted(by_year[year], key=lambda p: (items[p].publish_date, items[p].row))
        for position, number in zip(positions, allocate_index_numbers(department.index_prefix, year, len(positions)),
                                    strict=True):
            numbers[position] = number
    return numbers


def _slugs(numbers: Sequence[str], taken: set[str]) -> list[str]:
    """URL slugs from the 索引号 serial part (``2024-00050``), unique among the siblings."""
    slugs: list[str] = []
    for number in numbers:
        base = number.rsplit("/", 1)[-1].lower()
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _revision_template(model, constants: dict[str, object]) -> dict[str, object]:
    """The revision content shared by all new pages (``serializable_data`` of a prototype).

    Computed once: the per-page keys are then filled in by :func:`_revision_fields`.  A new
    page has no children in its child relations (comments), so those are empty lists.
    """
    data = get_serializable_data_for_fields(model(**constants))
    for relation in get_all_child_relations(model):
        data[relation.get_accessor_name()] = []
    # JSON-native values (datetimes as text), so encoding each revision needs no fallbacks
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def write_items(column, items: Sequence[ItemData], *, user=None, progress: bool = False,
                source: str = "") -> list[int]:
    """Create one live page per item under ``column``; return the new page ids in row order."""
    if not items:
        return []
    interpretation = is_interpretation_column(column)
    model = InterpretationPage if interpretation else PolicyDocumentPage
    using = router.db_for_write(Page)
    connection = connections[using]
    count = len(items)

    # The first write takes the write lock (SQLite) and the column's row lock (PostgreSQL).
    Page.objects.using(using).filter(pk=column.pk).update(numchild=F("numchild") + count)
    parent = Page.objects.using(using).select_for_update().only("path", "depth", "url_path", "locale_id").get(pk=column.pk)
    depth = parent.depth + 1
    children = children_of(Page.objects.using(using), parent)
    last_path = children.order_by("-path").values_list("path", flat=True).first()
    first_step = Page._str2int(last_path[-Page.steplen:]) + 1 if last_path else 1
    if first_step + count - 1 >= len(Page.alphabet) ** Page.steplen:
        raise WriteError("栏目下的页面数量已达上限，无法再导入。")
    taken_slugs = set(children.values_list("slug", flat=True))

    numbers = _index_numbers(column, items)
    slugs = _slugs(numbers, taken_slugs)
    page_ids = reserve_ids(Page, count, using)
    revision_ids = reserve_ids(Revision, count, using)

    now = timezone.now()
    run_uuid = uuid.uuid4()  # groups the log entries of one import run
    page_type = ContentType.objects.db_manager(using).get_for_model(model)
    base_type = ContentType.objects.db_manager(using).get_for_model(Page)
    user_id = user.pk if user is not None else None

    page_constants: dict[str, object] = {
        "depth": depth, "numchild": 0, "locale_id": parent.locale_id, "live": True,
        "has_unpublished_changes": False, "first_published_at": now, "last_published_at": now,
        "go_live_at": None, "expire_at": None, "expired": False, "locked": False, "locked_at": None,
        "locked_by_id": None, "content_type_id": page_type.pk, "owner_id": user_id,
        "latest_revision_created_at": now, "alias_of_id": None, "show_in_menus": False,
        "seo_title": "", "search_description": "",
    }
    item_constants: dict[str, object] = {"department_id": column.department_id, "attachments": []}
    writers = [
        TableWriter(Page, connection, page_constants),
        TableWriter(ContentItemPage, connection, item_constants),
        TableWriter(PolicyDocumentPage, connection, {}),
    ]
    if interpretation:
        writers.append(TableWriter(InterpretationPage, connection, {}))
    revision_writer = TableWriter(
        Revision, connection,
        {"content_type_id": page_type.pk, "base_content_type_id": base_type.pk, "created_at": now,
         "user_id": user_id, "approved_go_live_at": None},
        preparers=_json_text_preparers(connection, "content"),
    )
    log_writer = TableWriter(
        PageLogEntry, connection,
        {"content_type_id": page_type.pk, "action": IMPORT_ACTION, "timestamp": now, "user_id": user_id,
         "uuid": run_uuid, "content_changed": True, "deleted": False, "data": {"source": source, "column": column.title}},
        skip=("id",),
    )
    template = _revision_template(model, {**page_constants, **item_constants})
    varying = {key for key in _REVISION_KEYS if key in template}

    random_bytes = os.urandom(16 * count)
    bar = counter(enabled=progress, desc="写入", total=count)
    try:
        for start in range(0, count, CHUNK_SIZE):
            chunk = range(start, min(start + CHUNK_SIZE, count))
            rows, revisions, logs = [], [], []
            for position in chunk:
                item = items[position]
                page_id, revision_id = page_ids[position], revision_ids[position]
                path = parent.path + Page._int2str(first_step + position).rjust(Page.steplen, Page.alphabet[0])
                values = {
                    "id": page_id, "page_ptr_id": page_id, "contentitempage_ptr_id": page_id,
                    "policydocumentpage_ptr_id": page_id,
                    "path": path, "translation_key": uuid.UUID(bytes=random_bytes[16 * position:16 * position + 16],
                                                               version=4),
                    "latest_revision_id": revision_id, "live_revision_id": revision_id, "title": item.title, "draft_title": item.title,
                    "slug": slugs[position], "url_path": f"{parent.url_path}{slugs[position]}/",
                    "publish_date": item.publish_date, "summary": item.summary, "body": item.body,
                    "index_number": numbers[position], "issuing_agency": item.issuing_agency,
                    "written_date": item.written_date, "document_number": item.document_number,
                    "topic_id": item.topic_id, "genre": item.genre, "validity": item.validity,
                    "validity_changed_on": item.validity_changed_on, "keywords": item.keywords,
                    "policy_id": item.policy_id,
                }
                rows.append(values)
                content = dict(template)
                content.update(_revision_fields(values, varying))
                revisions.append({"id": revision_id, "object_id": str(page_id), "object_str": item.title,
                                  "content": content})
                logs.append({"label": item.title, "revision_id": revision_id, "page_id": page_id})
            revision_writer.write(revisions)
            for writer in writers:
                writer.write(rows)
            log_writer.write(logs)
            bar.update(len(chunk))
    finally:
        bar.close()
    return page_ids


_REVISION_KEYS = {
    "path": "path", "title": "title", "draft_title": "draft_title", "slug": "slug", "url_path": "url_path",
    "summary": "summary", "body": "body", "index_number": "index_number", "issuing_agency": "issuing_agency",
    "document_number": "document_number", "topic": "topic_id", "genre": "genre", "validity": "validity",
    "keywords": "keywords", "policy": "policy_id",
}
_REVISION_DATES = {"publish_date": "publish_date", "written_date": "written_date",
                   "validity_changed_on": "validity_changed_on"}


def _revision_fields(values: dict[str, object], keys: set[str]) -> dict[str, object]:
    """The varying part of a page's revision content (as ``serializable_data`` writes it)."""
    data: dict[str, object] = {"pk": values["id"], "translation_key": str(values["translation_key"])}
    for key in keys:
        data[key] = values[_REVISION_KEYS[key]]
    for key, attname in _REVISION_DATES.items():
        value = values[attname]
        data[key] = value.isoformat() if value is not None else None
    return data
