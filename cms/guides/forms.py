"""Admin form of a service guide: tells the model when Wagtail is saving a draft."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm


class ServiceGuideForm(WagtailAdminPageForm):
    """Drafts may be incomplete; publishing and submitting for review check every element."""

    def _post_clean(self) -> None:
        # The form itself checks required fields and the materials formset (min_num=1);
        # the model adds the conditional rules unless this is a draft.
        self.instance._deferred_validation = self.is_deferred_validation
        self.instance._form_validation = True
        try:
            super()._post_clean()
        finally:
            self.instance._deferred_validation = False
            self.instance._form_validation = False
