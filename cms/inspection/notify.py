"""Telling department reviewers what a run found for them (站内通知 and e-mail).

Rule: after a run, each department with new findings gets one notice per reviewer (never two
for the same run), and an e-mail when the settings ask for it and the reviewer has an address.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse

from cms.departments.models import Department

from .models import CheckRun, Finding, InspectionSettings, Notice

logger = logging.getLogger("gongkai.inspection")


def notify_departments(run: CheckRun) -> int:
    """Notify the reviewers of every department with new findings in ``run``; returns notices sent."""
    new = dict(Finding.objects.filter(first_seen_run=run, department__isnull=False).order_by()
               .values("department_id")
               .annotate(n=Count("pk")).values_list("department_id", "n"))
    if not new:
        return 0
    by_email = InspectionSettings.current().notify_by_email
    url = reverse("inspection:findings")
    sent = 0
    for department in Department.objects.filter(pk__in=new).select_related("reviewers"):
        if department.reviewers is None:
            continue
        message = f"{run}发现{department.short_name or department.name}新问题 {new[department.pk]} 个，请及时整改。"
        for user in department.reviewers.user_set.filter(is_active=True):
            try:
                with transaction.atomic():
                    Notice.objects.create(user=user, message=message, url=url, run=run)
            except IntegrityError:
                continue  # already told about this run
            sent += 1
            if by_email and user.email:
                _mail(user.email, message, url)
    return sent


def _mail(address: str, message: str, url: str) -> None:
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    try:
        send_mail("【栏目检查】发现新问题", f"{message}\n\n查看问题清单：{link}\n", None, [address])
    except Exception:  # noqa: BLE001 - the notice is in the admin already; the mail is a courtesy
        logger.exception("栏目检查通知邮件发送失败：%s", address)
