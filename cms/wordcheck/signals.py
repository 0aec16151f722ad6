"""Saving or deleting a dictionary entry tells every process to rebuild its matcher."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import WordEntry


@receiver(post_save, sender=WordEntry, dispatch_uid="wordcheck.entry_saved")
@receiver(post_delete, sender=WordEntry, dispatch_uid="wordcheck.entry_deleted")
def on_entry_changed(**kwargs) -> None:
    """After the commit, so no process rebuilds from the old rows under the new version."""
    from .matcher import bump_version

    transaction.on_commit(bump_version)
