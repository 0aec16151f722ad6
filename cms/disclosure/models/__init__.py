"""Models of the disclosure app."""

from .index_numbers import IndexSerial
from .items import Genre, InterpretationPage, PolicyDocumentPage, Validity
from .structure import CatalogueIndexPage, DepartmentDisclosurePage, DepartmentIndexPage, DisclosureGuidePage

__all__ = [
    "CatalogueIndexPage",
    "DepartmentDisclosurePage",
    "DepartmentIndexPage",
    "DisclosureGuidePage",
    "Genre",
    "IndexSerial",
    "InterpretationPage",
    "PolicyDocumentPage",
    "Validity",
]
