"""Background tasks of the core app, run by django-q2."""

from __future__ import annotations

from django.core.management import call_command


def publish_scheduled() -> None:
    """Publish pages whose 定时发布 time (``go_live_at``) has come and unpublish expired ones.

    Idempotent: a page already published or unpublished is left alone, so a re-delivered run
    does nothing twice.  Scheduled every minute by the ``定时发布`` schedule.
    """
    call_command("publish_scheduled", verbosity=0)
