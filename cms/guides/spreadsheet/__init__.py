"""Service guides as .xlsx: export and import, the way catalogues arrive from the province.

Format: ``columns``; export: ``exporting``; import: ``importing.import_guides`` (reading →
validation → writing, all or nothing); admin views: ``views``; audit-log label: ``hooks``.
"""

from . import hooks  # noqa: F401  (registers the ``guides.import`` log action)
