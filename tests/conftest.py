"""Shared fixtures: the portal structure, two provisioned departments and their people."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.columns.models import ColumnPage
from cms.departments.models import Department, DepartmentKind
from cms.departments.provisioning import provision_department
from cms.disclosure.models import PolicyDocumentPage
from cms.home.setup import PortalStructure, setup_portal
from cms.workflows.roles import PORTAL_EDITORS

PASSWORD = "Gongkai-test-2026"

# Valid 统一社会信用代码 (GB 32100-2015 check digits).
CODE_A = "11441700007280420Y"
CODE_B = "91350100M000100Y43"


def make_department(name: str, short: str, slug: str, code: str, kind=DepartmentKind.DEPARTMENT) -> Department:
    """The department with credit code ``code``, created and provisioned if missing."""
    department = Department.objects.filter(credit_code=code).first()
    if department is not None and department.reviewers_id:
        return department
    department = department or Department.objects.create(
        name=name, short_name=short, slug=slug, credit_code=code, kind=kind
    )
    return provision_department(department)


def _departments() -> tuple[Department, Department]:
    return (
        make_department("云溪县教育局", "教育局", "jyj", CODE_A),
        make_department("云溪县交通运输局", "交通运输局", "jtysj", CODE_B),
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the portal and two departments once; each test runs in a transaction on top.

    Tests that flush the database (``transactional_db``, the browser tests) run last and
    rebuild what they need through the same idempotent fixtures.
    """
    with django_db_blocker.unblock():
        setup_portal()
        _departments()


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """A flushed database (transactional tests) renumbers content types: drop the stale cache."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def portal(db) -> PortalStructure:
    _restore_permissions()
    return setup_portal()


def _restore_permissions() -> None:
    """Recreate the permission rows a flushing test may have left out.

    A transactional test with ``serialized_rollback`` flushes without ``post_migrate`` and
    restores only the serialized rows; a test after it then finds no permissions at all.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    if Permission.objects.filter(codename="access_admin", content_type__app_label="wagtailadmin").exists():
        return
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)


@pytest.fixture
def dept_a(portal) -> Department:
    return _departments()[0]


@pytest.fixture
def dept_b(portal) -> Department:
    return _departments()[1]


def make_user(username: str, *groups: Group | str):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, email=f"{username}@example.cn")
    for group in groups:
        user.groups.add(group if isinstance(group, Group) else Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(portal):
    return make_user("editor", PORTAL_EDITORS)


@pytest.fixture
def editor2(portal):
    return make_user("editor2", PORTAL_EDITORS)


@pytest.fixture
def contributor_a(dept_a):
    return make_user("contrib_a", dept_a.contributors)


@pytest.fixture
def reviewer_a(dept_a):
    return make_user("review_a", dept_a.reviewers)


@pytest.fixture
def contributor_b(dept_b):
    return make_user("contrib_b", dept_b.contributors)


def column_of(department: Department, slug: str = "zcwj") -> ColumnPage:
    return ColumnPage.objects.child_of(department.disclosure_page).get(slug=slug)


def make_policy(column: ColumnPage, title: str, *, publish: bool = True, **fields) -> PolicyDocumentPage:
    """A policy document in ``column``; published (so it has a 索引号) unless ``publish=False``."""
    fields.setdefault("publish_date", datetime.date(2026, 11, 2))
    fields.setdefault("body", "<p>正文内容。</p>")
    page = PolicyDocumentPage(title=title, live=False, **fields)
    column.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page
