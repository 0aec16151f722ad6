"""The demo: at least 40 items over the departments, at least 60 cases in every state, idempotent."""

from __future__ import annotations

from django.db.models import Count

from cms.core.models import local_today
from modules.commitments.choices import CaseState, FalseAction, ItemStatus, Mode
from modules.commitments.demo import build_commitments_demo
from modules.commitments.models import CommitmentCase, CommitmentItem, CreditRecord
from modules.commitments.rules import exclusion_errors, validate_identifier
from tests.cms.guides.conftest import make_guide


def test_the_demo_builds_items_and_cases_in_every_state(dept_a, dept_b):
    guide = make_guide(dept_a, "教师资格认定")
    lines: list[str] = []
    created = build_commitments_demo(out=lines.append)
    assert created >= 40 and CommitmentItem.objects.count() == created
    assert set(CommitmentItem.objects.values_list("department", flat=True)) == {dept_a.pk, dept_b.pk}
    assert CommitmentItem.objects.filter(status=ItemStatus.PUBLISHED).count() >= 40
    for item in CommitmentItem.objects.all():
        assert exclusion_errors(item.name, item.area, item.involved_areas) == {}
        if item.guide_id:
            assert item.guide.department_id == item.department_id
    assert CommitmentItem.objects.get(name="教师资格认定（无犯罪记录证明）").guide == guide

    cases = CommitmentCase.objects.all()
    assert cases.count() >= 60
    states = dict(cases.values_list("state").annotate(n=Count("id")))
    assert all(states.get(state, 0) > 0 for state in CaseState.values), states
    assert cases.overdue().exists()
    assert cases.filter(state=CaseState.PENDING, due_on__gte=local_today()).exists()
    assert cases.filter(verified_on_time=True).exists() and cases.filter(verified_on_time=False).exists()
    assert set(cases.filter(state=CaseState.VERIFIED_FALSE).values_list("action", flat=True)) == set(FalseAction.values)
    assert cases.filter(mode=Mode.PROOF).exists()
    for case in cases:
        validate_identifier(case.id_type, case.id_number)
    assert CreditRecord.objects.filter(cleared_on__isnull=False).count() == 1
    assert CreditRecord.objects.filter(cleared_on__isnull=True).exists()
    assert any("承诺办件" in line for line in lines)

    assert build_commitments_demo(out=lines.append) == 0
    assert CommitmentItem.objects.count() == created and CommitmentCase.objects.count() == cases.count()
