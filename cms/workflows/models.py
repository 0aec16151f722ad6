"""The review task with four-eyes approval.

Rule: nobody approves their own submission.  The person who submitted the item for review,
and the author of the revision under review, see no approve action on it, are refused if
they try, and do not find it in their review queue; this holds for superusers too.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.models import AbstractGroupApprovalTask


def _involved_user_ids(obj) -> set[int]:
    """Users who may not approve ``obj`` now: its submitter and the author of its latest revision.

    The latest revision is what gets published (edits during review require re-approval,
    ``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT``), so whoever wrote it cannot approve it.
    """
    ids: set[int] = set()
    state = getattr(obj, "current_workflow_state", None)
    if state is not None and state.requested_by_id:
        ids.add(state.requested_by_id)
    revision = obj.get_latest_revision()
    if revision is not None and revision.user_id:
        ids.add(revision.user_id)
    return ids


class ReviewTask(AbstractGroupApprovalTask):
    """A group approval step that refuses self-approval (审核不得审核本人提交的内容)."""

    def user_is_involved(self, obj, user) -> bool:
        return user.pk in _involved_user_ids(obj)

    def get_actions(self, obj, user):
        if self.user_is_involved(obj, user):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and self.user_is_involved(task_state.workflow_state.content_object, user):
            raise PermissionDenied("不能审核本人提交的内容。")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        # The queue hides what the user submitted; items whose latest revision they wrote
        # show without an approve action (``get_actions``).
        return states.exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls) -> str:
        return "由所选用户组成员审核，提交人和修订作者本人不能审核。"

    class Meta:
        verbose_name = "审核步骤（四眼原则）"
        verbose_name_plural = "审核步骤（四眼原则）"
