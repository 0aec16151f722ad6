"""Keep the site search in step with agreements: an agreement's dates decide whether its items
are public, so saving an agreement (or a batch moving to another agreement) re-queues its items."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Agreement, CrossItem

SEARCH_KEY = "crossprovince_item"


def requeue_items(items) -> int:
    """Record ``items`` in the search outbox; the drain indexes or removes each by its current state."""
    from search import outbox

    return outbox.record(((SEARCH_KEY, pk) for pk in items.values_list("pk", flat=True)), "edit")


@receiver(post_save, sender=Agreement, dispatch_uid="crossprovince.agreement_saved")
def _agreement_saved(sender, instance: Agreement, raw: bool = False, **kwargs) -> None:
    if not raw:
        requeue_items(CrossItem.objects.filter(batch__agreement=instance))
