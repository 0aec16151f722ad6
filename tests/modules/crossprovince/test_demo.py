"""The demo: five partners with an agreement each, ≥ 30 items in 2–3 dated batches, cases in every state."""

from __future__ import annotations

from django.db.models import Count

from cms.core.models import local_today
from modules.crossprovince.demo import build_crossprovince_demo
from modules.crossprovince.models import Agreement, AgreementStatus, CrossItem, Mode, PartnerRegion, ProxyCase, Stage
from tests.cms.guides.conftest import make_guide


def test_demo_builds_partners_items_and_cases_once(dept_a, dept_b):
    guide = make_guide(dept_a, "教师资格认定")
    messages: list[str] = []
    created = build_crossprovince_demo(out=messages.append)
    assert created > 5 * 30 and messages
    assert PartnerRegion.objects.count() == 5
    for partner in PartnerRegion.objects.all():
        partner.full_clean()
        agreement = Agreement.objects.get(partner=partner)
        assert agreement.status == AgreementStatus.VALID
        items = CrossItem.objects.filter(batch__agreement=agreement)
        assert items.count() >= 30
        assert 2 <= agreement.batches.count() <= 3
        assert set(items.values_list("mode", flat=True)) == set(Mode.values)
        assert set(items.values_list("department", flat=True)) == {dept_a.pk, dept_b.pk}
    assert CrossItem.objects.filter(name="教师资格认定", guide=guide).exists()
    stages = dict(ProxyCase.objects.values_list("stage").annotate(n=Count("pk")).order_by())
    assert set(stages) == set(Stage.values)
    today = local_today()
    assert ProxyCase.objects.filter(delivered_at=None, next_due__lt=today).exists()  # overdue, open
    assert ProxyCase.objects.filter(delivered_at__isnull=False, late_steps=0).exists()  # completed on time
    assert ProxyCase.objects.filter(delivered_at__isnull=False, late_steps__gt=0).exists()  # completed late
    assert ProxyCase.objects.filter(stage=Stage.RECEIVED, next_due__gte=today).exists()  # open, on time
    for case in ProxyCase.objects.all():
        case.full_clean()

    counts = (PartnerRegion.objects.count(), CrossItem.objects.count(), ProxyCase.objects.count())
    assert build_crossprovince_demo(out=messages.append) == 0
    assert (PartnerRegion.objects.count(), CrossItem.objects.count(), ProxyCase.objects.count()) == counts
