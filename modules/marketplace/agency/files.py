"""Uploaded files of the agency area: none left behind by a failed write, each served to its owner only.

Rules:
- a registration (or any other write from the agency area) runs in one transaction; when it
  fails, the database rolls back and ``discard_new_files`` deletes the files the failed write had
  already stored (the storage is not transactional), so no orphan licence or certificate remains;
- the agency's own files (营业执照, 资质证书, 合同, 服务成果) are served through the agency area
  after an ownership check, as downloads (never rendered inline by the browser).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import FileField
from django.db.models.signals import pre_save

from ..models import Agency, Contract, Qualification, ServiceResult

_collector = threading.local()

#: The models of the marketplace that hold uploaded files.
FILE_MODELS = (Agency, Qualification, Contract, ServiceResult)


def _note_uploads(sender, instance, **kwargs) -> None:
    """Before a save: keep the file fields holding a new upload (stored by the save itself).

    The field's ``FieldFile`` is the object the save stores and renames, so after a failure
    it tells whether, and under which name, the upload reached the storage — even when the
    INSERT itself failed (a unique code taken in the meantime) and no post_save came.
    """
    files = getattr(_collector, "files", None)
    if files is None:
        return
    for field in instance._meta.concrete_fields:
        if isinstance(field, FileField):
            value = getattr(instance, field.attname)
            if value and not value._committed:
                files.append(value)


for _model in FILE_MODELS:
    pre_save.connect(_note_uploads, sender=_model, dispatch_uid=f"marketplace-agency-uploads-{_model.__name__}")


@contextmanager
def discard_new_files() -> Iterator[list]:
    """Delete the files stored by saves in this block (this thread only) if the block raises.

    Wrap the transaction: ``with discard_new_files(): with transaction.atomic(): ...``.
    Files already stored before the block are never touched: only uploads saved in it are.
    """
    outer = getattr(_collector, "files", None)
    _collector.files = collected = []
    try:
        yield collected
    except BaseException:
        for field_file in collected:
            if field_file._committed and field_file.name:
                field_file.storage.delete(field_file.name)
        raise
    finally:
        _collector.files = outer
        if outer is not None:
            outer.extend(collected)
