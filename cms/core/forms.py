"""Admin forms of the core app."""

from __future__ import annotations

from wagtail.documents.forms import BaseDocumentForm

from .uploads import check_document_upload


class CheckedDocumentForm(BaseDocumentForm):
    """The document form of the admin: the file's real type must match its extension."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            check_document_upload(uploaded)
        return uploaded
