"""OCDS 1.1 export: both endpoints validate against the official release-package schema; the
mapping of DESIGN (tender, awards, contracts, parties, the *Details fields) and the stages."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from modules.marketplace.models import Contract, SelectionMethod
from modules.marketplace.ocds import views as ocds_views
from modules.marketplace.services import contracts, projects
from tests.modules.marketplace.conftest import pdf_upload

from .conftest import errors_of

ALL = "/marketplace/ocds.json"


def get_json(client, url: str, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def releases_of(package: dict, ocid_suffix: str) -> list[dict]:
    return [r for r in package["releases"] if r["ocid"].endswith(ocid_suffix)]


def test_the_package_of_all_projects_is_valid_ocds(client, market, package_validator):
    package = get_json(client, ALL)
    assert errors_of(package_validator, package) == []
    assert package["version"] == "1.1" and package["uri"] == "http://testserver/marketplace/ocds.json"
    assert package["publisher"]["name"] == "云溪县人民政府网上中介服务超市"
    ocids = {r["ocid"] for r in package["releases"]}
    assert ocids == {f"ocds-gongkai-{p.number}" for p in (market.lottery, market.bidding, market.merit,
                                                          market.direct, market.void, market.open)}
    assert market.draft.title not in json.dumps(package, ensure_ascii=False)
    assert package["publishedDate"] == max((r["date"] for r in package["releases"]),
                                           key=datetime.datetime.fromisoformat)
    assert all(r["initiationType"] == "tender" and r["language"] == "zh" for r in package["releases"])


def test_each_project_package_is_valid_with_one_release_per_stage(client, market, package_validator):
    expected = {
        market.open: [["tender"]],
        market.void: [["tender"], ["tenderUpdate"]],
        market.lottery: [["tender"], ["tenderUpdate"], ["award"]],
        market.bidding: [["tender"], ["tenderUpdate"], ["award"]],
    }
    for project, tags in expected.items():
        package = get_json(client, f"/marketplace/projects/{project.pk}/ocds.json")
        assert errors_of(package_validator, package) == [], project.title
        assert [r["tag"] for r in package["releases"]] == tags
        assert len({r["id"] for r in package["releases"]}) == len(tags)
        dates = [datetime.datetime.fromisoformat(r["date"]) for r in package["releases"]]
        assert dates == sorted(dates)


def test_the_tender_maps_the_notice(client, market):
    project = market.lottery
    (tender_release, closed, award) = get_json(client, f"/marketplace/projects/{project.pk}/ocds.json")["releases"]
    tender = tender_release["tender"]
    assert tender["id"] == project.number and tender["title"] == project.title
    assert tender["status"] == "active" and closed["tender"]["status"] == "active"
    assert award["tender"]["status"] == "complete"
    assert tender["value"] == {"amount": 90000.0, "currency": "CNY"}
    assert tender_release["planning"]["budget"]["amount"] == {"amount": 100000.0, "currency": "CNY"}
    assert tender["tenderPeriod"] == {"startDate": "2026-09-28T09:00:00+08:00", "endDate": "2026-10-01T09:00:00+08:00"}
    assert tender["procurementMethod"] == "selective"
    assert tender["procurementMethodDetails"].startswith("随机抽取：")
    assert project.lottery_commitment in tender["awardCriteriaDetails"] and "SHA-256" in tender["awardCriteriaDetails"]
    assert "awardCriteria" not in tender  # OCDS has no code for a lottery: the details say it
    assert "资质要求：具有测绘资质" in tender["eligibilityCriteria"]
    assert tender["mainProcurementCategory"] == "services"
    assert tender["items"][0]["classification"]["description"] == "测绘"
    assert project.lottery_secret not in json.dumps(tender_release) + json.dumps(closed)  # revealed at the draw only
    assert tender_release["buyer"] == {"id": f"CN-USCC-{project.owner.credit_code}", "name": project.owner.name}
    buyer = tender_release["parties"][0]
    assert buyer["identifier"] == {"scheme": "CN-USCC", "id": project.owner.credit_code, "legalName": project.owner.name}
    assert buyer["roles"] == ["buyer", "procuringEntity"]
    assert tender_release["parties"][1]["contactPoint"]["telephone"] == project.complaint_phone


@pytest.mark.parametrize(("method", "code", "criteria"), [
    ("direct", "direct", None), ("lottery", "selective", None), ("bidding", "open", "priceOnly"),
    ("merit", "open", "ratedCriteria"),
])
def test_procurement_method_and_award_criteria_per_selection_method(client, market, method, code, criteria):
    project = getattr(market, method)
    tender = get_json(client, f"/marketplace/projects/{project.pk}/ocds.json")["releases"][0]["tender"]
    assert tender["procurementMethod"] == code
    assert tender.get("awardCriteria") == criteria
    details = {"direct": "直接选取", "lottery": "承诺—揭示", "bidding": "密封", "merit": "技术方案（40.0分）"}[method]
    assert details in tender["awardCriteriaDetails"]


def test_tenderers_after_the_deadline_and_the_award(client, market):
    project, selection = market.bidding, market.bidding.selection
    _, closed, award = get_json(client, f"/marketplace/projects/{project.pk}/ocds.json")["releases"]
    assert closed["tender"]["numberOfTenderers"] == 3
    assert {t["name"] for t in closed["tender"]["tenderers"]} == {a.name for a in market.agencies}
    assert all(p["roles"] == ["tenderer"] for p in closed["parties"][2:])
    (awarded,) = award["awards"]
    assert awarded["value"] == {"amount": 80000.0, "currency": "CNY"} and awarded["status"] == "active"
    assert awarded["suppliers"] == [{"id": f"CN-USCC-{selection.agency.credit_code}", "name": selection.agency.name}]
    assert awarded["date"] == timezone.localtime(selection.decided_at).replace(microsecond=0).isoformat()
    winner = next(p for p in award["parties"] if p["id"] == f"CN-USCC-{selection.agency.credit_code}")
    assert winner["roles"] == ["tenderer", "supplier"]
    assert winner["identifier"]["scheme"] == "CN-USCC"
    text = json.dumps(award, ensure_ascii=False)
    assert "85000" not in text and "88000" not in text  # losing quotes are not OCDS data at all


def test_the_lottery_award_carries_its_inputs(client, market):
    project, inputs = market.lottery, market.lottery.selection.inputs
    award = get_json(client, f"/marketplace/projects/{project.pk}/ocds.json")["releases"][-1]["awards"][0]
    for text in (project.lottery_secret, project.lottery_commitment, inputs["seed"], "gongkai-lottery-v1"):
        assert text in award["description"]
    assert "value" not in award  # a draw has no price


def test_a_void_project_is_unsuccessful_with_its_reason(client, market):
    _, closed = get_json(client, f"/marketplace/projects/{market.void.pk}/ocds.json")["releases"]
    assert closed["tender"]["status"] == "unsuccessful"
    assert closed["tender"]["amendments"][0]["rationale"] == f"项目无效：{market.void.void_reason}"
    assert closed["tender"]["numberOfTenderers"] == 0


def test_the_contract_stages(client, market, owner, package_validator):
    project, agency = market.bidding, market.bidding.selection.agency
    contracts.upload_contract(project, agency, {"number": "YXHT-2026-031", "amount": "80000",
                                                "starts_on": datetime.date(2026, 10, 10),
                                                "ends_on": datetime.date(2026, 11, 30)}, pdf_upload("合同.pdf"))
    url = f"/marketplace/projects/{project.pk}/ocds.json"
    package = get_json(client, url)
    assert errors_of(package_validator, package) == []
    contract = package["releases"][-1]["contracts"][0]
    assert package["releases"][-1]["tag"] == ["contract"]
    assert contract["status"] == "pending" and contract["awardID"] == f"{project.number}-award"
    assert contract["value"] == {"amount": 80000.0, "currency": "CNY"}
    assert contract["period"] == {"startDate": "2026-10-10T00:00:00+08:00", "endDate": "2026-11-30T00:00:00+08:00"}
    filed = Contract.objects.get(project=project).uploaded_at
    assert contract["dateSigned"] == timezone.localtime(filed).replace(microsecond=0).isoformat()

    projects.confirm_contract(Contract.objects.get(project=project), owner)
    projects.start_service(project, owner)
    projects.complete_service(project, owner)
    package = get_json(client, url)
    assert errors_of(package_validator, package) == []
    assert [r["tag"] for r in package["releases"]][-3:] == [["contract"], ["contractUpdate"], ["implementation"]]
    assert [r["contracts"][0]["status"] for r in package["releases"][-3:]] == ["pending", "active", "terminated"]


def test_termination_cancels_what_the_project_had_reached(client, market, owner, package_validator):
    projects.terminate(market.open, "业主单位调整建设计划。", owner)
    projects.terminate(market.direct, "中选机构放弃中选资格。", owner)
    open_release = get_json(client, f"/marketplace/projects/{market.open.pk}/ocds.json")["releases"][-1]
    assert open_release["tag"] == ["tenderCancellation"] and open_release["tender"]["status"] == "cancelled"
    assert open_release["tender"]["amendments"][0]["rationale"] == "项目中止：业主单位调整建设计划。"
    direct = get_json(client, f"/marketplace/projects/{market.direct.pk}/ocds.json")
    assert errors_of(package_validator, direct) == []
    assert direct["releases"][-1]["tag"] == ["awardCancellation"]
    assert direct["releases"][-1]["awards"][0]["status"] == "cancelled"


def test_the_ocid_prefix_is_a_setting(client, market, settings):
    settings.MARKETPLACE_OCID_PREFIX = "ocds-a1b2c3-"
    package = get_json(client, f"/marketplace/projects/{market.lottery.pk}/ocds.json")
    assert {r["ocid"] for r in package["releases"]} == {f"ocds-a1b2c3-{market.lottery.number}"}
    assert package["releases"][0]["id"] == f"ocds-a1b2c3-{market.lottery.number}-tender"


def test_the_package_is_paginated_with_links(client, market, monkeypatch, package_validator):
    monkeypatch.setattr(ocds_views, "PER_PAGE", 4)
    first = client.get(ALL)
    package = json.loads(first.content)
    assert package["links"] == {"next": "http://testserver/marketplace/ocds.json?page=2"}
    assert first["Link"] == '<http://testserver/marketplace/ocds.json?page=2>; rel="next"'
    assert len({r["ocid"] for r in package["releases"]}) == 4
    second = json.loads(client.get(ALL, {"page": 2}).content)
    assert second["links"] == {"prev": "http://testserver/marketplace/ocds.json?page=1"}
    assert len({r["ocid"] for r in second["releases"]}) == 2
    assert errors_of(package_validator, package) == [] and errors_of(package_validator, second) == []
    assert client.get(ALL, {"page": 3}).status_code == 404
    assert client.get(ALL, {"page": "abc"}).status_code == 404


def test_the_package_costs_the_same_queries_for_6_or_26_projects(client, market, many_projects):
    def count() -> int:
        client.get(ALL)
        with CaptureQueriesContext(connection) as ctx:
            client.get(ALL)
        return len(ctx.captured_queries)

    few = count()
    many_projects(20)
    assert count() == few


def test_the_validator_rejects_what_is_not_ocds(client, market, package_validator, release_validator):
    """The schema check can fail: a missing ocid, a date without a time zone, an unknown tag."""
    package = get_json(client, f"/marketplace/projects/{market.lottery.pk}/ocds.json")
    release = package["releases"][0]
    assert errors_of(release_validator, release) == []
    broken = json.loads(json.dumps(package))
    del broken["releases"][0]["ocid"]
    broken["releases"][1]["date"] = "2026-10-01 09:00"
    broken["releases"][2]["tag"] = ["selected"]
    broken["uri"] = "不是网址"
    problems = "\n".join(errors_of(package_validator, broken))
    for text in ("'ocid' is a required property", "is not a 'date-time'", "'selected' is not one of", "is not a 'uri'"):
        assert text in problems, text


def test_amounts_are_numbers_not_strings(client, project_factory):
    project = project_factory(SelectionMethod.LOTTERY, budget=Decimal("12345.67"), max_price=None)
    tender = get_json(client, f"/marketplace/projects/{project.pk}/ocds.json")["releases"][0]["tender"]
    assert tender["value"] == {"amount": 12345.67, "currency": "CNY"}


def test_drafts_and_unknown_projects_are_404(client, market):
    assert client.get(f"/marketplace/projects/{market.draft.pk}/ocds.json").status_code == 404
    assert client.get("/marketplace/projects/999999/ocds.json").status_code == 404
