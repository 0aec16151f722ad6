"""Demo accounts: one password for all of them, for demonstrations only (never in production)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from cms.departments.models import Department
from cms.workflows.roles import PORTAL_EDITORS, SERVICE_CENTRE
from modules.marketplace.demo_data import FEATURED_USERNAME
from modules.marketplace.roles import OPERATORS

DEMO_PASSWORD = "Gongkai@2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    last_name: str
    first_name: str
    role: str  # shown in the summary
    group: str | None = None  # a group name, or "<slug>:contributors" / "<slug>:reviewers"
    superuser: bool = False


ACCOUNTS = (
    DemoAccount("admin", "系统", "管理员", "超级管理员", superuser=True),
    DemoAccount("editor", "王", "晓燕", "门户编辑（终审、发布）", PORTAL_EDITORS),
    DemoAccount("editor2", "李", "建军", "门户编辑（第二人，四眼审核）", PORTAL_EDITORS),
    DemoAccount("fwzx", "赵", "静", "政务服务中心（办事指南、告知承诺制、跨省通办）", SERVICE_CENTRE),
    DemoAccount("jyj_xxy", "张", "丽", "教育局信息员", "jyj:contributors"),
    DemoAccount("jyj_shy", "刘", "志强", "教育局审核员", "jyj:reviewers"),
    DemoAccount("jtj_xxy", "陈", "海涛", "交通运输局信息员", "jtysj:contributors"),
    DemoAccount("jtj_shy", "杨", "敏", "交通运输局审核员", "jtysj:reviewers"),
    DemoAccount("zjcs", "孙", "丽萍", "中介超市运营（机构入驻审核、信用管理、异议和投诉答复）", OPERATORS),
)
#: Accounts that sign in outside the admin: the marketplace demo gives this one its agency.
AGENCY_ACCOUNTS = (
    DemoAccount(FEATURED_USERNAME, "周", "明", "中介机构“云溪县恒信测绘有限公司”，在 /marketplace/agency/login/ 登录机构专区"),
)


def _group(spec: str) -> Group:
    if ":" not in spec:
        return Group.objects.get(name=spec)
    slug, role = spec.split(":")
    department = Department.objects.get(slug=slug)
    group = department.contributors if role == "contributors" else department.reviewers
    if group is None:
        raise LookupError(f"{department.name}尚未建立用户组")
    return group


def ensure_accounts() -> dict[str, object]:
    """Create the demo accounts that are missing; an existing account keeps its password."""
    User = get_user_model()  # noqa: N806
    users = {}
    hashed = None  # hashing is slow on purpose: hash the shared demo password once
    for account in ACCOUNTS + AGENCY_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(
                username=account.username, last_name=account.last_name, first_name=account.first_name,
                email=f"{account.username}@yunxi.example", is_staff=account.superuser,
                is_superuser=account.superuser,
            )
            hashed = hashed or make_password(DEMO_PASSWORD)
            user.password = hashed
            user.save()
        if account.group:
            user.groups.add(_group(account.group))
        users[account.username] = user
    return users


def accounts_summary() -> list[str]:
    """Lines describing the demo accounts, for the end of ``load_demo``."""
    lines = [f"演示账号（仅供演示，切勿用于生产环境；统一密码 {DEMO_PASSWORD}）："]
    lines += [f"  {a.username:<8} {a.role}" for a in ACCOUNTS + AGENCY_ACCOUNTS]
    return lines
