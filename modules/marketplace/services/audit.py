"""The audit log: every state change of the marketplace is written here, with who and when.

Rule (issue 5, point 7): agencies, qualifications, projects, sign-ups, selections, contracts,
sanctions and grievances change state only through the services, and each service writes one
``AuditEntry`` (object type and id, action, a Chinese summary, the user, JSON details).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet

from ..models import AuditEntry


def record(obj: Model, action: str, summary: str, user: Any = None, **data: Any) -> AuditEntry:
    """Write one audit entry for ``obj``; ``data`` (dates, decimals …) is stored as JSON."""
    return AuditEntry.objects.create(
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        action=action[:40],
        summary=summary[:300],
        user=user if getattr(user, "is_authenticated", False) else None,
        data=json.loads(json.dumps(data, cls=DjangoJSONEncoder)),
    )


def entries_for(obj: Model) -> QuerySet[AuditEntry]:
    """The audit entries of ``obj``, newest first."""
    return AuditEntry.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk)
