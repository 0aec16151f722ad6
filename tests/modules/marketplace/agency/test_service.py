"""After selection, in the selected agency's area: contract record, service results, evaluation."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from modules.marketplace.models import Contract, ServiceResult
from modules.marketplace.services.contracts import evaluate
from modules.marketplace.services.projects import complete_service, confirm_contract, start_service

from .helpers import MB, pdf, png, renamed_exe

pytestmark = pytest.mark.django_db


def contract_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {"contract-number": "YXHT-2026-031", "contract-amount": "80000.00",
            "contract-starts_on": today.isoformat(), "contract-ends_on": (today + datetime.timedelta(days=60)).isoformat(),
            "contract-signed_file": pdf("合同.pdf")}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def files_in(media) -> list[str]:
    return sorted(str(p) for p in media.rglob("*") if p.is_file())


def test_selected_project_is_listed_with_its_contract_due(client_b, decided_project):
    html = client_b.get("/marketplace/agency/selections/").content.decode()
    assert decided_project.title in html and "待上传" in html
    page = client_b.get(f"/marketplace/agency/selections/{decided_project.pk}/").content.decode()
    assert "上传合同备案" in page and "80000.00 元" in page  # the selected price
    assert "业主单位确认合同、开始服务后可以上传服务成果" in page


def test_contract_is_uploaded_replaced_then_confirmed(client_b, agency_b, decided_project, contributor_a):
    url = f"/marketplace/agency/selections/{decided_project.pk}/contract/"
    response = client_b.post(url, contract_data(), follow=True)
    assert "合同备案已上传，等待业主单位确认" in response.content.decode()
    contract = Contract.objects.get(project=decided_project)
    assert (contract.number, contract.amount, contract.confirmed_at) == ("YXHT-2026-031", 80000, None)
    first_file = contract.signed_file.name

    # Before the owner's confirmation the agency may correct it; the file is kept when none is sent.
    client_b.post(url, contract_data(**{"contract-amount": "79500", "contract-signed_file": None}))
    contract.refresh_from_db()
    assert contract.amount == 79500 and contract.signed_file.name == first_file

    confirm_contract(contract, contributor_a)
    page = client_b.get(f"/marketplace/agency/selections/{decided_project.pk}/").content.decode()
    assert "已确认" in page and "修改合同备案" not in page
    response = client_b.post(url, contract_data(**{"contract-amount": "1000"}), follow=True)
    assert "合同已经业主确认，不能修改" in response.content.decode()
    contract.refresh_from_db()
    assert contract.amount == 79500


@pytest.mark.parametrize(("overrides", "message"), [
    ({"contract-number": ""}, "请填写合同编号"),
    ({"contract-amount": "95000"}, "合同金额不能超过最高限价"),
    ({"contract-amount": "0"}, "合同金额应大于 0"),
    ({"contract-ends_on": "2020-01-01"}, "服务结束日期不能早于开始日期"),
    ({"contract-starts_on": "明天"}, "请按 2026-12-31 的格式填写日期"),
    ({"contract-signed_file": None}, "请上传合同扫描件"),
    ({"contract-signed_file": renamed_exe("合同.pdf")}, "内容与扩展名 .pdf 不符"),
    ({"contract-signed_file": pdf("合同.pdf", size=10 * MB + 1)}, "超过 10 MB"),
])
def test_bad_contract_input_is_refused(client_b, decided_project, media, overrides, message):
    before = files_in(media)
    response = client_b.post(f"/marketplace/agency/selections/{decided_project.pk}/contract/", contract_data(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "合同备案未保存" in html and message in html
    assert not Contract.objects.exists() and files_in(media) == before


def test_results_are_uploaded_while_serving_and_evaluation_is_shown(client_b, agency_b, decided_project,
                                                                    contributor_a):
    client_b.post(f"/marketplace/agency/selections/{decided_project.pk}/contract/", contract_data())
    url = f"/marketplace/agency/selections/{decided_project.pk}/results/"
    response = client_b.post(url, {"result-title": "成果", "result-file": pdf("成果.pdf")}, follow=True)
    assert "不能上传服务成果" in response.content.decode() and not ServiceResult.objects.exists()

    confirm_contract(Contract.objects.get(project=decided_project), contributor_a)
    start_service(decided_project, contributor_a)
    response = client_b.post(url, {"result-title": "", "result-file": renamed_exe("成果.png")})
    html = response.content.decode()
    assert "请填写成果名称" in html and "内容与扩展名 .png 不符" in html
    response = client_b.post(url, {"result-title": "1:500 地形图", "result-file": png("地形图.png"),
                                   "result-note": "分幅图 12 张"}, follow=True)
    assert "服务成果“1:500 地形图”已上传" in response.content.decode()
    result = ServiceResult.objects.get(project=decided_project)
    assert result.note == "分幅图 12 张"

    complete_service(decided_project, contributor_a)
    html = client_b.get("/marketplace/agency/evaluations/").content.decode()
    assert "待业主评价" in html and decided_project.number in html
    evaluate(decided_project, contributor_a, {"quality": 4, "timeliness": 5, "attitude": 5, "fees": 3, "conduct": 4},
             "成果规范，收费略高。")
    page = client_b.get(f"/marketplace/agency/selections/{decided_project.pk}/").content.decode()
    assert "业主评价" in page and "成果规范，收费略高。" in page and "4.2 星" in page
    html = client_b.get("/marketplace/agency/evaluations/").content.decode()
    assert "成果规范，收费略高。" in html and "业主评价" in html and "待业主评价" not in html
