"""Private files of the marketplace (licences, certificates, contracts, service results).

Rule: these files are never served from the public media URL; they live in the ``private``
storage of ``settings.STORAGES`` (``PRIVATE_ROOT``, outside ``MEDIA_ROOT``, with no URL) and are
handed out only by views that check who is asking (the agency itself, the project's owner, the
operator).
"""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class FileSystemPrivateStorage(FileSystemStorage):
    """Files on the local disk that have no URL at all (``url()`` refuses)."""

    def url(self, name):
        raise ValueError("私有文件没有公开地址，只能通过有权限检查的页面下载。")


class PrivateStorage(LazyObject):
    """The ``private`` storage, looked up when first used (and again after STORAGES changes)."""

    def _setup(self) -> None:
        self._wrapped = storages["private"]


_private = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage of the marketplace's FileFields (a callable, so migrations stay stable)."""
    return _private


@receiver(setting_changed)
def _reset(setting: str, **kwargs) -> None:
    if setting == "STORAGES":
        _private._wrapped = empty
