"""Admin form of a service guide: tells the model when Wagtail is saving a draft."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm


class ServiceGuideForm(WagtailAdminPageForm):
    """Drafts may be incomplete; publishing and submitting for review check every element."""

    def _post_clean(self) -> None:
        self.instance._deferred_validation = self.is_deferred_validation
        try:
            super()._post_clean()
        finally:
            self.instance._deferred_validation = False
