"""E-mail notices of the marketplace (to an owner department's people, to an agency).

Rule: a notice never blocks the state change it reports: it is sent after the transaction
commits, and a failure to send is logged (``modules.marketplace``), not raised.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger("modules.marketplace")


def owner_addresses(project) -> list[str]:
    """E-mail addresses of the owner department's 审核员 and 信息员 (active users with an address)."""
    department = project.owner
    groups = [g for g in (department.reviewers_id, department.contributors_id) if g]
    users = get_user_model().objects.filter(groups__in=groups, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def notify_owner(project, subject: str, body: str) -> None:
    """Send ``subject``/``body`` to the owner's people once the current transaction commits."""
    recipients = owner_addresses(project)
    transaction.on_commit(lambda: _send(subject, body, recipients, project.number))


def notify_agency(agency, subject: str, body: str, *, project_number: str = "") -> None:
    """Send a notice to the agency's contact address once the current transaction commits."""
    recipients = [a for a in {agency.contact_email, getattr(agency.user, "email", "")} if a]
    transaction.on_commit(lambda: _send(subject, body, sorted(recipients), project_number or agency.credit_code))


def _send(subject: str, body: str, recipients: list[str], reference: str) -> None:
    if not recipients:
        logger.warning("中介超市通知无收件人（%s）：%s", reference, subject)
        return
    try:
        send_mail(subject, body, None, recipients, fail_silently=False)
    except Exception:  # the state change stands; the failure is logged for the operator
        logger.exception("中介超市通知发送失败（%s）：%s", reference, subject)
